// The page around the wasm dashboard: loading screen, drag and drop, file picker, share links, the files kept for
// the next visit, exports, keyboard shortcuts, the crash panel and the window.revlens API.
// Every byte stays in this tab: files are read locally and handed to wasm; nothing is sent anywhere.
//
// [SECTION] Support checks, ?data= and the CSP
// [SECTION] Loading files: size limit, the import worker (progress overlay, Cancel / Esc), ?data= fetches
// [SECTION] Kept files (IndexedDB): the store mirrors the loaded files
// [SECTION] Share links: #v=<view>
// [SECTION] Exports (report JSON, drill-down CSV, dashboard PNG)
// [SECTION] The public API (scripts and tests), what the wasm side calls, input, crash panel, start-up
//
// Link format: `#v=` + encodeURIComponent(JSON of {"tab":"sales","filter":{...},"settings":{...}}), the names of
// revlens.state() (period preset or custom from/to, filters, settings). `?data=a.json,b.json` names hosted exports
// to load (same origin or CORS); `?empty` starts with nothing and keeps nothing. Only the plain page keeps files.
// Untrusted text (file names, file contents, importer messages) only ever reaches the DOM through textContent.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const show = (id, on) => $(id).classList.toggle('hidden', !on);
  const params = new URLSearchParams(location.search);

  // ---- support checks -------------------------------------------------------------------------------------------
  function unsupported(text) {
    show('loading', false);
    $('unsupported-text').textContent = text;
    show('unsupported', true);
  }
  if (typeof WebAssembly !== 'object') {
    unsupported('It has no WebAssembly. Use a current version of Chrome, Edge, Firefox or Safari.');
    return;
  }
  // WebGL2 itself is tried by the engine once it runs (web_main.cpp); a page's first WebGL context also starts the
  // browser's GPU side, which then keeps this thread waiting for every answer, so none is made here just to check.
  if (typeof WebGL2RenderingContext !== 'function') {
    unsupported('It has no WebGL2 (or it is switched off). Use a current browser with hardware acceleration on.');
    return;
  }
  // The engine compiles while it downloads (its <link rel=preload> started the download); Module.instantiateWasm
  // below only instantiates it. The stream is counted on its way for the loading bar.
  const engine = fetch('revlens.wasm').then((res) => {
    if (!res.ok) throw new Error('revlens.wasm: HTTP ' + res.status);
    const total = +res.headers.get('Content-Length') || 0;
    let got = 0;
    const counted = res.body.pipeThrough(new TransformStream({
      transform(chunk, out) {
        got += chunk.length;
        if (total) {
          $('loading-bar').style.width = Math.min(100, 100 * got / total) + '%';
          $('loading-text').textContent = 'Loading the engine… ' + (got / 1048576).toFixed(1) + ' of ' +
            (total / 1048576).toFixed(1) + ' MB';
        }
        out.enqueue(chunk);
      },
    }));
    return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
  }).then((module) => { performance.mark('revlens engine compiled'); return module; });
  engine.catch(() => {}); // reported by instantiateWasm

  // ---- ?data= : narrow connect-src to this origin plus the origins the user named (http/https only) -------------
  const dataUrls = (params.get('data') || '').split(',').map((s) => s.trim()).filter(Boolean).flatMap((s) => {
    try {
      const u = new URL(s, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? [u] : [];
    } catch (e) { return []; }
  });
  {
    const origins = new Set(["'self'"]);
    for (const u of dataUrls) if (u.origin !== location.origin) origins.add(u.origin);
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = 'connect-src ' + Array.from(origins).join(' ');
    document.head.appendChild(meta);
  }

  // ---- state ----------------------------------------------------------------------------------------------------
  let crashedAlready = false;
  let startedResolve;
  const started = new Promise((r) => { startedResolve = r; }); // first data, kept files and the link's view applied
  let readyResolve;
  const ready = new Promise((r) => { readyResolve = r; });
  let frames = 0;
  let dataFrameDrawn = false;
  let contextLost = false;
  let M = null; // the Emscripten module once running

  function callString(fn, ...args) { return M.UTF8ToString(fn(...args)); }
  function withCString(s, f) {
    const n = M.lengthBytesUTF8(s) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(s, p, n);
    try { return f(p); } finally { M._free(p); }
  }
  // Copies bytes into wasm memory for the length of f(ptr); returns f's result, or null when they do not fit.
  function withHeapBytes(bytes, f) {
    const p = M._malloc(Math.max(1, bytes.length));
    if (!p) return null;
    M.HEAPU8.set(bytes, p);
    try { return f(p); } finally { M._free(p); }
  }

  // A refusal the importer never saw (too large, not fetched): listed in state().errors like a failed import.
  function refuse(name, reason) {
    withCString(name, (np) => withCString(reason, (rp) => M._revlens_add_error(np, rp)));
    return { ok: false, error: name + ': ' + reason };
  }

  // ---- [SECTION] Loading files -------------------------------------------------------------------------------------
  // The import worker reads a file in pieces, but the rows it stages (about a third of an export's size) cross to
  // this tab's wasm memory (at most 4 GiB) and are merged there next to everything loaded before: bigger files are
  // refused before they are read. Tests lower the limit (revlens.setMaxFileBytes).
  const kMaxFileBytes = 1.5 * 1024 * 1024 * 1024;
  let maxFileBytes = kMaxFileBytes;
  const kReadAlongsideBytes = 8 * 1048576; // a file at least this big has the next file read beside it
  const fmtSize = (n) => n >= 1073741824 ? (n / 1073741824).toFixed(2) + ' GB' : n >= 1048576
    ? (n / 1048576).toFixed(1) + ' MB' : n >= 1024 ? (n / 1024).toFixed(1) + ' KB' : n + ' bytes';
  function tooLarge(name, size) {
    if (size <= maxFileBytes) return null;
    return refuse(name, 'the file is ' + fmtSize(size) + ' (' + size + ' bytes), more than the limit of ' +
      fmtSize(maxFileBytes) + ' (' + maxFileBytes + ' bytes) for one browser tab; the revlens command-line tool ' +
      'reads files of any size');
  }

  // Imports bytes on this thread, now (revlens.load: scripts and small inputs). Files from the user go to the worker.
  function loadBytes(name, bytes, keep = true) {
    if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
    const refused = tooLarge(name, bytes.length);
    if (refused) return refused;
    const ok = withHeapBytes(bytes, (ptr) => withCString(name, (np) => M._revlens_load(np, ptr, bytes.length)));
    if (ok === null) return refuse(name, 'the file (' + bytes.length + ' bytes) does not fit in this tab');
    return loaded(name, ok, keep ? new Blob([bytes]) : null);
  }
  // After an import: the result, and (for the plain page) a copy of the file kept for the next visit.
  function loaded(name, ok, keepBlob) {
    const st = api.state();
    if (ok) {
      if (keepBlob) kept.add(st.files[st.files.length - 1].id, name, keepBlob);
      return { ok: true };
    }
    const err = st.errors.length ? st.errors[st.errors.length - 1].error : 'could not be loaded';
    return { ok: false, error: err };
  }

  // ---- the import workers (import-worker.js): parse and map files off this thread; the page only merges --------
  // Two workers, one file each at a time: while one waits for the browser to hand it the next piece of its file, the
  // other parses. A worker reads its Blob itself, in pieces, so a file is never copied into this tab's wasm memory;
  // what comes back is the staged rows (about a third of a CRM export's size), merged here, in the files' order.
  // "Cancel" ends the workers: nothing from a file being read was merged, so nothing needs undoing.
  const importer = (() => {
    class Canceled extends Error {}
    function slot() {
      const s = { worker: null, starting: null, job: null, taken: false }; // job: {resolve, reject, onProgress}
      s.start = () => {
        if (s.starting) return s.starting;
        s.starting = new Promise((resolve, reject) => {
          s.worker = new Worker('import-worker.js');
          s.worker.onmessage = (e) => {
            const d = e.data;
            if (d.ready) { resolve(); return; }
            if (!s.job) return;
            if (d.progress) { s.job.onProgress(d.progress[0], d.progress[1]); return; }
            const j = s.job;
            s.job = null;
            if (d.staged) {
              j.resolve(d.staged);
              if (d.heap > 512 * 1048576) s.stop(); // its memory only grows: start afresh after a big file
            } else {
              s.stop();
              j.reject(new Error(d.failed || 'the import worker failed'));
            }
          };
          s.worker.onerror = (e) => {
            e.preventDefault();
            const j = s.job;
            s.job = null;
            s.stop();
            const err = new Error('the import worker failed: ' + (e.message || 'it could not start'));
            if (j) j.reject(err); else reject(err);
          };
        });
        return s.starting;
      };
      s.stop = () => {
        if (s.worker) s.worker.terminate();
        s.worker = null;
        s.starting = null;
      };
      return s;
    }
    const slots = [slot(), slot()];
    return {
      Canceled,
      busy: () => slots.some((s) => s.job !== null),
      // Files are on their way (a drag entered, the picker opened): start the workers now, so they are compiled by then.
      // Resolves once both have started (compiled and warmed up), or failed to.
      warm() { return Promise.all(slots.map((s) => s.start().catch(() => {}))); },
      // At most one file per worker: the page never asks for more at once.
      async stage(name, blob, context, onProgress) {
        const s = slots.find((x) => !x.taken);
        if (!s) throw new Error('no import worker is free');
        s.taken = true;
        try {
          await s.start();
          return await new Promise((resolve, reject) => {
            s.job = { resolve, reject, onProgress };
            s.worker.postMessage({ name, blob, context }, [context]);
          });
        } finally {
          s.taken = false;
        }
      },
      cancel() {
        for (const s of slots) {
          if (!s.job) continue;
          const j = s.job;
          s.job = null;
          s.stop();
          j.reject(new Canceled('canceled'));
        }
      },
    };
  })();
  let cancelRequested = false;
  $('progress-cancel').addEventListener('click', () => { cancelRequested = true; importer.cancel(); });

  // What a worker needs of what is loaded (import::stage_context), as bytes.
  function stageContext() {
    const p = M._revlens_stage_context();
    const bytes = M.HEAPU8.slice(p, p + M._revlens_bytes_length()).buffer;
    M._revlens_bytes_free();
    return bytes;
  }
  function sameBytes(a, b) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a), y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  // Starts reading a Blob in a worker against what is loaded now. `result` resolves with {staged, context} (the rows,
  // and the context they were read against), {canceled}, or {failed: message} (the worker could not run).
  // `done`/`total` follow the worker; `show` (set by whoever displays it) is called on each step.
  function startRead(name, blob) {
    const read = { done: 0, total: blob.size, show: null };
    const context = stageContext();
    const tRead = performance.now();
    // the merge will take about the file's size of fresh memory (its staged rows are a third of it, copied in, read
    // out, merged): touched now, up to 25 ms every 100 ms while this thread waits, it is not touched in the merge
    const warm = setInterval(() => {
      const t = performance.now();
      while (M._revlens_warm_heap(blob.size) && performance.now() - t < 25) { /* the next 2 MB */ }
    }, 100);
    read.result = importer.stage(name, blob, context.slice(0), (done, total) => {
      read.done = done;
      read.total = total;
      if (read.show) read.show();
    }).then((staged) => {
      performance.measure('revlens read ' + name, { start: tRead }); // in the worker
      return { staged, context };
    }, (e) => (e instanceof importer.Canceled ? { canceled: true } : { failed: e.message }))
      .finally(() => clearInterval(warm));
    return read;
  }

  // Imports a Blob (a dropped or picked File, a fetched export, a kept copy) through a worker, then merges it here.
  // `label` is the overlay's line for this file. `read`: its read, when it began while the file before was read (if that
  // file changed what this one is read against, it is read again). `started()` is called once this file's read runs.
  // Falls back to this thread when the worker cannot run.
  async function importBlob(name, blob, keep, label, fraction, share, read = null, started = null) {
    const refused = tooLarge(name, blob.size); // before reading a byte of it
    if (refused) return refused;
    if (cancelRequested) return refuse(name, 'canceled before it was read: nothing from this file was added');
    progress(label, fraction, true);
    await yieldToPage();
    const show = (r) => {
      r.show = () => progress(label + ' — ' + Math.floor(100 * r.done / Math.max(1, r.total)) + '%',
                              fraction + share * r.done / Math.max(1, r.total));
      if (r.done) r.show();
    };
    const early = read !== null; // begun while the file before was read, against what was loaded then
    if (!early) read = startRead(name, blob);
    show(read);
    if (started) started();
    let r = await read.result;
    if (early && r.staged && !sameBytes(r.context, stageContext())) {
      performance.mark('revlens read again ' + name);
      read = startRead(name, blob);
      show(read);
      r = await read.result;
    }
    // (a read that was still starting its worker when "Cancel" came finishes: its rows are dropped here)
    if (r.canceled || cancelRequested) return refuse(name, 'import canceled: nothing from this file was added');
    if (r.failed) {
      console.warn('Revenue Lens imports ' + name + ' on the page instead: ' + r.failed);
      return loadBytes(name, new Uint8Array(await blob.arrayBuffer()), keep);
    }
    progress(label + ' — adding it to the dashboard', fraction + share);
    // its rows read out of the worker's bytes, room for its texts, for its rows, then its texts a slice at a time,
    // then the merge: at a million deals each takes 10-60 ms (a task each), for a small file all of them a few ms
    const bytes = new Uint8Array(r.staged);
    let begun, stepping = false, ok = 0;
    await inSlices(() => {
      if (begun === undefined) {
        begun = withHeapBytes(bytes, (ptr) => withCString(name, (np) => M._revlens_commit_begin(np, ptr, bytes.length)));
        stepping = begun === 1;
        return begun !== null;
      }
      if (stepping) {
        stepping = M._revlens_commit_step() === 1;
        return true;
      }
      const t0 = performance.now();
      ok = begun ? M._revlens_commit_end() : 0;
      performance.measure('revlens merge ' + name, { start: t0 }); // seen in the browser's performance tools
      return false;
    }, 8);
    if (begun === null) return refuse(name, 'the imported rows (' + fmtSize(bytes.length) + ') do not fit in this tab');
    return loaded(name, ok, keep ? blob : null);
  }

  // Calls `step` (true while there is more to do) until it is done: a yield to the page, then steps until `ms` have
  // gone, then the next yield. The steps of a small file or Report share a task, where a yield each cost a frame
  // (~17 ms: ten of them were a third of the time a 10k-deal export took once its files were read); a big one's take a
  // task each, and no task runs more than `ms` longer than its longest step.
  async function inSlices(step, ms) {
    for (;;) {
      await yieldToPage();
      const t = performance.now();
      let more;
      do more = step(); while (more && performance.now() - t < ms);
      if (!more) return;
    }
  }
  // Gives the browser a chance to paint the overlay (and handle input) before the next long wasm call. A hidden tab
  // gets no animation frames, hence the timer too.
  function yieldToPage() {
    return new Promise((resolve) => {
      let done = false;
      const go = () => { if (!done) { done = true; setTimeout(resolve, 0); } };
      requestAnimationFrame(go);
      setTimeout(go, 100);
    });
  }
  // The progress card. Each change repaints the whole page, which with software GL costs the browser's GPU side ~45 ms
  // of the cores the import runs on (1280x800, 2 cores: 30 repaints were a third of a 10k-deal import): percentages
  // are shown at most every 250 ms; a new file's line (`now`) at once.
  let progressNext = null, progressAt = -Infinity, progressTimer = 0;
  function progress(text, fraction, now = false) {
    progressNext = [text, fraction];
    const wait = now ? 0 : progressAt + 250 - performance.now();
    if (wait <= 0) showProgress();
    else if (!progressTimer) progressTimer = setTimeout(showProgress, wait);
  }
  function showProgress() {
    clearTimeout(progressTimer);
    progressTimer = 0;
    progressAt = performance.now();
    const [text, fraction] = progressNext;
    show('loading', false); // the progress card replaces it (?data= links and kept files, before the first frame)
    $('progress-text').textContent = text;
    $('progress-bar').style.width = (100 * Math.min(1, fraction)) + '%';
    show('progress', true);
  }
  function hideProgress() {
    clearTimeout(progressTimer);
    progressTimer = 0;
    show('progress', false);
  }
  // One batch of imports at a time (drops, picks, ?data=, kept files), in order.
  let batches = Promise.resolve();
  function batch(f) {
    const run = batches.then(async () => {
      cancelRequested = false;
      M._revlens_set_importing(1);
      try { return await f(); } finally {
        // the new data's Report in pieces before the frame that draws it computes the rest (the last merge's task
        // ends first)
        if (M._revlens_report_stale()) {
          performance.mark('revlens report'); // the files are in: the rest is the Report (tests/bench/page_load.cjs)
          progress('Preparing the dashboard', 1, true);
          await inSlices(() => M._revlens_prepare_report(), 30);
        }
        M._revlens_set_importing(0);
        hideProgress();
      }
    });
    batches = run.catch(() => {});
    return run;
  }

  // Imports `items` ({name, blob, keep, label}, or {sample: true} for the sample company) in order, calling
  // `each(i, result)` after each. Two files are read at once only behind a big one: small files come first (a HubSpot
  // pipelines file), and what they add usually changes what the next file is read against, which would read that one
  // twice (importBlob).
  async function importInOrder(items, each) {
    let next = null; // the next file's read, begun while this one is read
    for (let i = 0; i < items.length; i++) {
      const it = items[i], nx = items[i + 1];
      const read = next;
      next = null;
      if (it.sample) {
        M._revlens_load_sample();
        await each(i, { ok: true });
        continue;
      }
      const started = () => {
        if (nx && !nx.sample && it.blob.size >= kReadAlongsideBytes && nx.blob.size <= maxFileBytes && !cancelRequested)
          next = startRead(nx.name, nx.blob);
      };
      await each(i, await importBlob(it.name, it.blob, it.keep, it.label, i / items.length, 1 / items.length, read,
                                     started));
    }
  }

  function loadFiles(fileList) {
    const files = Array.from(fileList);
    return batch(async () => {
      const results = [];
      await importInOrder(files.map((f, i) => ({
        name: f.name, blob: f, keep: true,
        label: 'Reading ' + f.name + ' (' + (i + 1) + ' of ' + files.length + ', ' + fmtSize(f.size) + ')',
      })), (i, r) => { results.push(Object.assign({ name: files[i].name }, r)); });
      return results;
    });
  }

  function loadUrls(urls) {
    return batch(async () => {
      const out = [];
      for (let i = 0; i < urls.length; i++) {
        const u = urls[i];
        const name = decodeURIComponent(u.pathname.split('/').pop() || u.href);
        const label = 'Fetching ' + name + ' (' + (i + 1) + ' of ' + urls.length + ')';
        progress(label, i / urls.length, true);
        await yieldToPage();
        let blob;
        try {
          const res = await fetch(u.href, { credentials: 'omit' });
          if (!res.ok) throw new Error('HTTP ' + res.status);
          const size = +res.headers.get('Content-Length') || 0;
          const refused = tooLarge(name, size);
          if (refused) { out.push(Object.assign({ name }, refused)); continue; }
          blob = await res.blob();
        } catch (e) {
          out.push(Object.assign({ name }, refuse(name, 'could not be fetched (' + e.message + ')')));
          continue;
        }
        // the data lives at its URL: a ?data= page keeps no copy
        out.push(Object.assign({ name }, await importBlob(name, blob, false, 'Reading ' + name + ' (' + (i + 1) +
                                                          ' of ' + urls.length + ')', i / urls.length, 1 / urls.length)));
      }
      return out;
    });
  }

  // ---- [SECTION] Kept files (IndexedDB) -------------------------------------------------------------------------
  // Database "revlens": store "files" ({name, bytes} or {name, sample: true}, in load order) mirrors the loaded files
  // of the plain page, so they come back after a reload or a crash; store "meta" remembers that this browser has
  // been here (a first visit shows the sample company, a later one what was left). "Forget data" empties "files".
  const kept = (() => {
    const enabled = !params.has('empty') && !params.has('data') && typeof indexedDB === 'object';
    const keys = new Map(); // engine file id -> IndexedDB key
    let dbPromise = null;
    let queue = Promise.resolve();
    let created = null; // called when the database is being created: this browser has not been here (or forgot it)
    function db() {
      if (!dbPromise) {
        dbPromise = new Promise((resolve, reject) => {
          const r = indexedDB.open('revlens', 1);
          r.onupgradeneeded = (e) => {
            r.result.createObjectStore('files', { autoIncrement: true });
            r.result.createObjectStore('meta');
            if (e.oldVersion === 0 && created) created();
          };
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      }
      return dbPromise;
    }
    // One transaction; resolves with the last request's result once it committed.
    async function tx(storeName, mode, f) {
      const d = await db();
      return new Promise((resolve, reject) => {
        const t = d.transaction(storeName, mode);
        let result;
        const req = f(t.objectStore(storeName));
        if (req) req.onsuccess = () => { result = req.result; };
        t.oncomplete = () => resolve(result);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error('aborted'));
      });
    }
    // What this browser kept, {records: [{key, value}] in load order, visited}, in one transaction. Read as the page
    // opens, so the answer is there when the engine is (a first visit then draws the sample company at once). A
    // database being created holds nothing and no visit: that answer comes then, without the two more round trips to
    // the browser (open, read) that each wait for this thread, which the engine's start-up keeps busy.
    function readKept() {
      let fresh = false;
      const firstVisit = new Promise((resolve) => {
        created = () => {
          fresh = true;
          performance.mark('revlens kept files read');
          resolve({ records: [], visited: false });
        };
      });
      return Promise.race([firstVisit, db().then((d) => fresh ? null : new Promise((resolve, reject) => {
        const t = d.transaction(['files', 'meta'], 'readonly');
        const records = [];
        let visited = false;
        t.objectStore('meta').get('visited').onsuccess = (e) => { visited = !!e.target.result; };
        const req = t.objectStore('files').openCursor();
        req.onsuccess = () => {
          const c = req.result;
          if (c) { records.push({ key: c.key, value: c.value }); c.continue(); }
        };
        t.oncomplete = () => {
          performance.mark('revlens kept files read');
          resolve({ records, visited });
        };
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error('aborted'));
      }))]).catch((e) => {
        console.warn('Revenue Lens could not read the kept files: ' + e.message);
        return { records: [], visited: false };
      });
    }
    const atStart = enabled ? readKept() : Promise.resolve({ records: [], visited: false });
    // Storage runs in order, one step at a time; a failure (quota, private mode) costs the copy, not the page.
    function enqueue(step) {
      if (!enabled) return queue;
      queue = queue.then(step).catch((e) => console.warn('Revenue Lens could not keep a copy: ' + e.message));
      return queue;
    }
    return {
      enabled,
      idle: () => queue,
      add(id, name, blob) { // a Blob (a File is one): IndexedDB keeps it without this page reading it
        enqueue(async () => { keys.set(id, await tx('files', 'readwrite', (s) => s.add({ name, blob }))); });
      },
      // After any change to the engine's files: store the sample as a marker, delete what is no longer loaded.
      sync() {
        enqueue(async () => {
          if (!M || crashedAlready) return;
          const files = api.state().files;
          const live = new Set(files.map((f) => f.id));
          for (const f of files) {
            if (f.format === 'sample' && !keys.has(f.id))
              keys.set(f.id, await tx('files', 'readwrite', (s) => s.add({ name: f.name, sample: true })));
          }
          for (const [id, key] of Array.from(keys)) {
            if (live.has(id)) continue;
            keys.delete(id);
            await tx('files', 'readwrite', (s) => s.delete(key));
          }
        });
      },
      forget() {
        keys.clear();
        return enqueue(() => tx('files', 'readwrite', (s) => s.clear()));
      },
      atStart,
      // Loads kept records (atStart's), in order; a record that no longer loads is dropped.
      async restore(records) {
        await batch(() => importInOrder(records.map(({ value }, i) => value.sample ? { sample: true } : {
          name: value.name, keep: false,
          blob: value.blob instanceof Blob ? value.blob : new Blob([value.bytes || new Uint8Array(0)]),
          label: 'Reopening ' + value.name + ' (' + (i + 1) + ' of ' + records.length + ')',
        }), (i, r) => {
          const key = records[i].key;
          const files = api.state().files;
          if (r.ok) keys.set(files[files.length - 1].id, key);
          else enqueue(() => tx('files', 'readwrite', (s) => s.delete(key)));
        }));
      },
      markVisited() { enqueue(() => tx('meta', 'readwrite', (s) => s.put(true, 'visited'))); },
    };
  })();

  // ---- [SECTION] Share links --------------------------------------------------------------------------------------
  function linkFor(viewJson) {
    const u = new URL(location.href);
    u.hash = 'v=' + encodeURIComponent(viewJson);
    return u.href;
  }
  function viewFromHash() {
    const h = location.hash.replace(/^#/, '');
    if (!h.startsWith('v=')) return null;
    try { return JSON.stringify(JSON.parse(decodeURIComponent(h.slice(2)))); } catch (e) { return 'not JSON'; }
  }
  function applyView(viewJson) {
    const err = withCString(viewJson, (p) => M.UTF8ToString(M._revlens_set_view(p)));
    if (err) refuse('link', 'this link\'s view could not be opened (' + err + ')');
  }

  // ---- [SECTION] Exports ------------------------------------------------------------------------------------------
  function saveBlob(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60000); // long enough for the download to read it
  }
  // The canvas keeps no drawing buffer between frames (preserveDrawingBuffer false), so draw and read in one task.
  function dashboardPng() {
    return new Promise((resolve, reject) => {
      if (!M._revlens_draw_now()) {
        reject(new Error('the dashboard cannot be drawn right now (WebGL context lost)'));
        return;
      }
      $('canvas').toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no image'))), 'image/png');
    });
  }

  // ---- [SECTION] The public API (scripts and tests) -------------------------------------------------------------
  const tabs = ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data'];
  const api = {
    ready,
    started,
    get frames() { return frames; },
    load: (name, bytes) => loadBytes(String(name), bytes),
    loadFiles: (files) => loadFiles(files), // resolves to [{name, ok, error}] once every file is in (or refused)
    importing: () => importer.busy(),        // a file is being read by the import worker right now
    importReady: () => importer.warm(),      // resolves once the import workers are up (the page starts them when idle)
    cancelImport: () => { cancelRequested = true; importer.cancel(); },
    loadSample: () => { M._revlens_load_sample(); },
    clear: () => { M._revlens_clear(); },
    removeFile: (i) => { M._revlens_remove_file(i | 0); },
    state: () => JSON.parse(callString(M._revlens_state)),
    report: () => JSON.parse(callString(M._revlens_report)),
    setFilter: (obj) => {
      const err = withCString(JSON.stringify(obj || {}), (p) => M.UTF8ToString(M._revlens_set_filter(p)));
      if (err) throw new Error(err);
    },
    setSettings: (obj) => {
      const err = withCString(JSON.stringify(obj || {}), (p) => M.UTF8ToString(M._revlens_set_settings(p)));
      if (err) throw new Error(err);
    },
    setTab: (name) => {
      const i = typeof name === 'number' ? name : tabs.indexOf(String(name));
      if (i < 0) throw new Error('unknown tab ' + name);
      M._revlens_set_tab(i);
    },
    setDark: (on) => { M._revlens_set_dark(on ? 1 : 0); },
    view: () => JSON.parse(callString(M._revlens_view)),
    setView: (obj) => {
      const err = withCString(JSON.stringify(obj || {}), (p) => M.UTF8ToString(M._revlens_set_view(p)));
      if (err) throw new Error(err);
    },
    link: () => linkFor(callString(M._revlens_view)),
    // As the "Copy link" button: puts the view into location.hash (and the clipboard); returns the link.
    copyLink: () => { M._revlens_copy_link(); return location.href; },
    drill: (metric, key) => {
      const k = key == null ? '' : String(key);
      withCString(String(metric), (mp) => withCString(k, (kp) => M._revlens_open_drill(mp, kp)));
    },
    closeDrill: () => { M._revlens_close_drill(); },
    exportReport: () => { M._revlens_export_report(); },
    exportCsv: () => { M._revlens_export_drill_csv(); },
    // The tables the current tab draws ("sales.owners", ...) and, by id, one of them saved as CSV as its "CSV" button
    // does (the page switches to the table's tab).
    tables: () => JSON.parse(callString(M._revlens_tables)),
    exportTableCsv: (id) => {
      if (!withCString(String(id), (p) => M._revlens_export_table_csv(p)))
        throw new Error('no table ' + id + ' is drawn (see revlens.tables())');
    },
    imguiAsserts: () => M._revlens_imgui_asserts(), // failed ImGui assertions so far: 0 unless the UI misuses ImGui
    exportPng: async () => { const b = await dashboardPng(); saveBlob('revenue-lens.png', b); return b.size; },
    persisted: () => kept.idle(),
    get contextLost() { return contextLost; },
    heapBytes: () => M.HEAPU8.buffer.byteLength, // the wasm memory (it only grows): the soak test watches it
    forgetData: () => { const done = kept.forget(); M._revlens_clear(); return done; },
    setMaxFileBytes: (n) => { maxFileBytes = n == null ? kMaxFileBytes : Math.max(0, Number(n)); },
    // The crash panel's test: stops the engine as a failed assertion would.
    _debugAbort: () => { try { M._revlens_debug_abort(); } catch (e) { /* the crash panel is showing */ } },
  };
  // A trap or abort inside wasm surfaces as a RuntimeError in whoever called it: show the crash panel, then rethrow.
  for (const k of Object.keys(api)) {
    const d = Object.getOwnPropertyDescriptor(api, k);
    const f = d.value;
    if (typeof f !== 'function' || k === '_debugAbort') continue;
    api[k] = function (...args) {
      try { return f.apply(this, args); } catch (e) {
        if (e instanceof WebAssembly.RuntimeError || crashedAlready) crashed('The engine stopped: ' + e.message);
        throw e;
      }
    };
  }
  window.revlens = api;

  // ---- what the wasm side calls (src/platform/web_main.cpp) -----------------------------------------------------
  window.revlensPlatform = {
    ready() { readyResolve(); },
    // The loading card stays until the first frame (until then the canvas is blank).
    frameDrawn(withData) {
      if (frames++ === 0) {
        show('loading', false);
        performance.mark('revlens first frame');
        // the import worker compiles and warms up (~0.3 s) once the page is idle, not when the first file arrives
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => importer.warm(), { timeout: 3000 });
        else setTimeout(() => importer.warm(), 1000);
      }
      if (withData && !dataFrameDrawn) {
        dataFrameDrawn = true;
        performance.mark('revlens first frame with data'); // tests/bench/first_frame.cjs reads both
      }
    },
    openFiles() { importer.warm(); $('file-input').click(); },
    copyText(text) { if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {}); },
    copyLink(viewJson) {
      const href = linkFor(viewJson);
      history.replaceState(null, '', href);
      this.copyText(href);
    },
    filesChanged() { kept.sync(); },
    forgetData() { setTimeout(() => api.forgetData(), 0); }, // not from inside the frame that asked
    savePng() { setTimeout(() => api.exportPng().catch((e) => refuse('PNG export', e.message)), 0); },
    download(name, mime, bytes) { saveBlob(name, new Blob([bytes], { type: mime })); },
    contextLost() { contextLost = true; },
    contextRestored() { contextLost = false; },
    fatal(text) { unsupported(text); },
  };

  // ---- drag and drop, file picker -------------------------------------------------------------------------------
  let dragDepth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth++;
    show('dropzone', true);
    importer.warm();
  });
  window.addEventListener('dragover', (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  window.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; show('dropzone', false); } });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    show('dropzone', false);
    if (M && e.dataTransfer && e.dataTransfer.files.length) loadFiles(e.dataTransfer.files);
  });
  // Ctrl+O (Cmd+O) is ours: stop the browser's own "open file" before the canvas (and SDL) sees the key, and open
  // the picker right here, in the key's own task: a file chooser needs the transient user activation the key press
  // gives, which a later animation frame (the wasm loop) no longer has. The wasm side never handles Ctrl+O.
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && importer.busy()) { // Esc cancels an import in progress, as the overlay's button does
      e.preventDefault();
      e.stopPropagation();
      cancelRequested = true;
      importer.cancel();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'o' || e.key === 'O')) {
      e.preventDefault();
      e.stopPropagation();
      if (M) { importer.warm(); $('file-input').click(); }
    }
  }, true);
  $('file-input').addEventListener('change', (e) => {
    const files = e.target.files;
    if (M && files && files.length) loadFiles(files).then(() => { e.target.value = ''; });
  });

  // ---- crash panel ----------------------------------------------------------------------------------------------
  function crashed(what) {
    if (crashedAlready) return;
    crashedAlready = true;
    $('crash-text').textContent = String(what) + (kept.enabled ? ' Your files are kept in this browser.' : '');
    hideProgress();
    show('crash', true);
  }
  // The kept files are written before the reload, so they all come back.
  $('crash-reload').addEventListener('click', () => { kept.idle().then(() => location.reload()); });

  // ---- the Emscripten module (compiled above) ------------------------------------------------------------------------
  window.Module = {
    canvas: $('canvas'),
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onAbort: (what) => crashed('The engine stopped: ' + what),
    instantiateWasm(imports, done) {
      engine.then(async (module) => {
        $('loading-text').textContent = 'Starting…';
        done(await WebAssembly.instantiate(module, imports), module);
      }).catch((e) => crashed('The engine could not be loaded: ' + e.message));
      return {};
    },
    onRuntimeInitialized() { M = window.Module; },
  };
  window.addEventListener('error', (e) => { if (String(e.message).includes('RuntimeError')) crashed(e.message); });

  const s = document.createElement('script');
  s.src = 'revlens.js';
  s.onerror = () => crashed('revlens.js could not be loaded.');
  document.body.appendChild(s);

  // ---- first data: ?data= URLs, else the kept files, else (first visit) the sample company; then the link's view --
  // Until then frames say the data is being opened (App::starting), not the empty "drop your exports" state that a
  // moment later would turn into the sample or the kept files.
  ready.then(async () => {
    M._revlens_set_starting(1);
    if (dataUrls.length) await loadUrls(dataUrls);
    else if (!params.has('empty')) {
      const { records, visited } = await kept.atStart;
      if (records.length) await kept.restore(records);
      else if (!visited) {
        const t0 = performance.now();
        api.loadSample();
        performance.measure('revlens sample company', { start: t0 });
      }
    }
    const view = viewFromHash();
    if (view) applyView(view);
    kept.markVisited();
  }).catch((e) => console.error('Revenue Lens could not start: ' + e.message)).finally(() => {
    if (M) M._revlens_set_starting(0);
    startedResolve();
  });
})();
