// The import worker: runs revlens-import.wasm (the importers alone, src/platform/import_worker.cpp) off the page's
// main thread. One job at a time, from app.js:
//   in:  {name, blob, context}   the file as a Blob (read in 4 MB pieces, never whole) and the page's stage context
//   out: {progress: [read, total]}  while reading (at most ~10 a second)
//        {staged: ArrayBuffer, heap}  the Staged file (import::write_staged), transferred; heap = this worker's memory
//        {failed: text}               the worker itself failed (the page falls back to importing on its own thread)
// Nothing leaves the tab: the worker only talks to the page that started it.
'use strict';
let lastProgress = 0;
self.Module = {
  reader: new FileReaderSync(),
  onRead(done, total) {
    const now = Date.now();
    if (now - lastProgress < 100 && done < total) return;
    lastProgress = now;
    self.postMessage({ progress: [done, total] });
  },
  print: (t) => console.log(t),
  printErr: (t) => console.warn(t),
  onAbort: (what) => self.postMessage({ failed: 'the import worker stopped: ' + what }),
  onRuntimeInitialized() { self.postMessage({ ready: true }); },
};
self.onmessage = (e) => {
  const M = self.Module;
  const { name, blob, context } = e.data;
  let ctx = 0, nm = 0;
  try {
    M.blob = blob;
    M.blobPos = 0;
    M.piece = null;
    M.readError = '';
    ctx = M._malloc(Math.max(1, context.byteLength));
    M.HEAPU8.set(new Uint8Array(context), ctx);
    const n = M.lengthBytesUTF8(name) + 1;
    nm = M._malloc(n);
    M.stringToUTF8(name, nm, n);
    const len = M._revlens_stage(nm, blob.size, ctx, context.byteLength);
    if (!len) throw new Error('the import worker ran out of memory');
    const p = M._revlens_staged();
    const staged = M.HEAPU8.slice(p, p + len).buffer;
    M._revlens_staged_free();
    self.postMessage({ staged, heap: M.HEAPU8.length }, [staged]);
  } catch (err) {
    self.postMessage({ failed: String(err && err.message || err) });
  } finally {
    M.blob = null;
    M.piece = null;
    if (ctx) M._free(ctx);
    if (nm) M._free(nm);
  }
};
self.importScripts('revlens-import.js');
