// Time to first frame of the page in headless Chromium: from navigation start to the page's mark "revlens first frame"
// (set when the first frame is handed to the browser; performance.now() is relative to navigation start). A first
// visit shows the sample company, so the first frame with data is a figure of its own (the page's mark "revlens first
// frame with data"); the medians of the page's other start-up marks (web/app.js, src/platform/web_main.cpp) say where
// the time went.
// Prints {"first_frame_ms":[...],"first_frame_with_data_ms":[...],"median_ms":{"revlens main":...,...}}.
//   NODE_PATH=build/npm/node_modules node tests/bench/first_frame.cjs PAGE_DIR [RUNS]
// The machine's floor: `--floor` instead of PAGE_DIR measures, the same way, a page that only makes a WebGL2 context
// and draws one triangle (the browser's own start-up and its GPU side's first frames, which no page can avoid).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { launch, startServer } = require('../e2e/harness.cjs');

// A trivially small WebGL2 page with the marks and window.revlens.frames this benchmark waits for.
function floorPage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlens-floor-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>floor</title>' +
    '<style>html,body{margin:0;height:100%;overflow:hidden}canvas{position:fixed;inset:0;width:100vw;height:100vh}' +
    '</style></head><body><canvas id="canvas"></canvas><script src="floor.js"></script></body></html>');
  fs.writeFileSync(path.join(dir, 'floor.js'), `'use strict';
window.revlens = { frames: 0 };
const c = document.getElementById('canvas');
c.width = Math.floor(c.clientWidth * devicePixelRatio);
c.height = Math.floor(c.clientHeight * devicePixelRatio);
const gl = c.getContext('webgl2', { alpha: false, depth: false, antialias: false });
performance.mark('revlens webgl context');
requestAnimationFrame(() => {
  const sh = (type, src) => { const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); return s; };
  const p = gl.createProgram();
  gl.attachShader(p, sh(gl.VERTEX_SHADER, '#version 300 es\\nin vec2 v;void main(){gl_Position=vec4(v,0,1);}'));
  gl.attachShader(p, sh(gl.FRAGMENT_SHADER,
                        '#version 300 es\\nprecision mediump float;out vec4 o;void main(){o=vec4(0,.45,.7,1);}'));
  gl.linkProgram(p);
  gl.useProgram(p);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, 0, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.viewport(0, 0, c.width, c.height);
  gl.clearColor(0.96, 0.96, 0.97, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  gl.drawArrays(gl.TRIANGLES, 0, 3);
  window.revlens.frames = 1;
  performance.mark('revlens first frame');
  performance.mark('revlens first frame with data');
});
`);
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const floor = process.argv[2] === '--floor';
  const dir = floor ? floorPage() : path.resolve(process.argv[2]);
  const runs = Number(process.argv[3] || 3);
  const server = await startServer(dir);
  const times = [];
  const dataTimes = [];
  const marks = {}; // name -> [ms], a measure by its end
  try {
    for (let i = 0; i < runs; ++i) {
      // a new browser profile each time: a first visit, with nothing cached or compiled yet
      const browser = await launch();
      try {
        const page = await browser.context.newPage();
        await page.goto(server.url);
        await page.waitForFunction(() => window.revlens && window.revlens.frames > 0, null,
                                   { timeout: 60000, polling: 'raf' });
        await page.waitForFunction(() => performance.getEntriesByName('revlens first frame with data').length > 0,
                                   null, { timeout: 60000 });
        // the page's mark, set as the first frame is handed to the browser (polling for it from here adds a round trip
        // through a page that is busy with its next steps: 0.1-1.5 s on our 2-core VM)
        times.push(await page.evaluate(() => performance.getEntriesByName('revlens first frame')[0].startTime));
        const entries = await page.evaluate(() => performance.getEntries()
          .filter((e) => e.name.startsWith('revlens ') && (e.entryType === 'mark' || e.entryType === 'measure'))
          .map((e) => [e.name, e.startTime + e.duration]));
        for (const [name, t] of entries) {
          if (name === 'revlens first frame with data') dataTimes.push(t);
          (marks[name] = marks[name] || []).push(t);
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
    if (floor) fs.rmSync(dir, { recursive: true, force: true });
  }
  const medians = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(median(v))])
                                       .sort((a, b) => a[1] - b[1]));
  process.stdout.write(JSON.stringify({ first_frame_ms: times, first_frame_with_data_ms: dataTimes,
                                        median_ms: medians }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
