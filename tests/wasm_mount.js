// Runs before the wasm unit tests under node: mounts the fixtures and tests folders at the paths the tests use.
Module['preRun'] = Module['preRun'] || [];
Module['preRun'].push(function () {
  var path = require('path');
  var root = process.env.REVLENS_ROOT;
  FS.mkdir('/fixtures');
  FS.mount(NODEFS, { root: path.join(root, '..', 'shared', 'fixtures') }, '/fixtures');
  FS.mkdir('/repo');
  FS.mount(NODEFS, { root: root }, '/repo');
});
