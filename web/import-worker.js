// The import worker: runs revlens-import.wasm (the importers alone, src/platform/import_worker.cpp) off the page's
// main thread. One job at a time, from app.js:
//   in:  {name, blob, context}   the file as a Blob (read in 16 MB pieces, never whole) and the page's stage context
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
  onRuntimeInitialized() {
    warmUp();
    self.postMessage({ ready: true });
  },
};
// A wasm function runs the code it started with until it returns, and a file is parsed in one call: so a worker's
// first file would be parsed by the baseline compiler's code. Parsing a small made-up export first (HubSpot deals,
// contacts and Stripe subscriptions, ~0.6 MB) lets the engine optimise the parser before a real file arrives.
function warmUp() {
  const parts = ['{"results":['];
  for (let i = 0; i < 600; i++) {
    parts.push((i ? ',' : '') + '{"id":"' + (1 + i) + '","properties":{"dealname":"Warm-up ' + i + '","amount":"' +
      (100 + i) + '","dealstage":"closedwon","pipeline":"default","createdate":"2025-01-02T03:04:05.678Z",' +
      '"closedate":"2025-02-03T04:05:06Z","hs_v2_date_entered_appointmentscheduled":"2025-01-02T03:04:05.678Z",' +
      '"hubspot_owner_id":"' + (i % 7) + '","description":"' + 'x'.repeat(200) + '"}}');
  }
  parts.push(']}');
  const contacts = ['{"results":['];
  for (let i = 0; i < 600; i++) {
    contacts.push((i ? ',' : '') + '{"id":"' + (1 + i) + '","properties":{"email":"p' + i + '@example.com",' +
      '"createdate":"2025-01-02T03:04:05.678Z","lifecyclestage":"lead","hs_analytics_source":"ORGANIC_SEARCH"}}');
  }
  contacts.push(']}');
  const subs = ['{"object":"list","data":['];
  for (let i = 0; i < 300; i++) {
    subs.push((i ? ',' : '') + '{"id":"sub_' + i + '","object":"subscription","customer":"cus_' + i + '","status":' +
      '"active","start_date":1735689600,"items":{"data":[{"price":{"unit_amount":' + (1000 + i) + ',"currency":"usd",' +
      '"recurring":{"interval":"month","interval_count":1}},"quantity":1}]}}');
  }
  subs.push(']}');
  for (const [name, p] of [['warm-up deals', parts], ['warm-up contacts', contacts], ['warm-up subscriptions', subs]]) {
    try { stage(name, new Blob(p), null); } catch (e) { /* only ever a head start */ }
  }
}
// Stages one Blob; returns the Staged bytes (an ArrayBuffer) and frees the worker's copy.
function stage(name, blob, context) {
  const M = self.Module;
  let ctx = 0, nm = 0;
  try {
    M.blob = blob;
    M.blobPos = 0;
    M.piece = null;
    M.readError = '';
    const clen = context ? context.byteLength : 0;
    if (clen) {
      ctx = M._malloc(clen);
      M.HEAPU8.set(new Uint8Array(context), ctx);
    }
    const n = M.lengthBytesUTF8(name) + 1;
    nm = M._malloc(n);
    M.stringToUTF8(name, nm, n);
    const len = M._revlens_stage(nm, blob.size, ctx, clen);
    if (!len) throw new Error('the import worker ran out of memory');
    const p = M._revlens_staged();
    const staged = M.HEAPU8.slice(p, p + len).buffer;
    M._revlens_staged_free();
    return staged;
  } finally {
    M.blob = null;
    M.piece = null;
    if (ctx) M._free(ctx);
    if (nm) M._free(nm);
  }
}
self.onmessage = (e) => {
  const { name, blob, context } = e.data;
  try {
    lastProgress = 0;
    const staged = stage(name, blob, context);
    self.postMessage({ staged, heap: self.Module.HEAPU8.length }, [staged]);
  } catch (err) {
    self.postMessage({ failed: String(err && err.message || err) });
  }
};
self.importScripts('revlens-import.js');
