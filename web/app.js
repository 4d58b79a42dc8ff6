// The page around the wasm dashboard: loading screen, drag and drop, file picker, the window.revlens API.
// Every byte stays in this tab: files are read locally and handed to wasm; nothing is sent anywhere.
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
  if (!document.createElement('canvas').getContext('webgl2')) {
    unsupported('It has no WebGL2 (or it is switched off). Use a current browser with hardware acceleration on.');
    return;
  }

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
  let readyResolve;
  const ready = new Promise((r) => { readyResolve = r; });
  let frames = 0;
  let M = null; // the Emscripten module once running

  function callString(fn, ...args) { return M.UTF8ToString(fn(...args)); }
  function withCString(s, f) {
    const n = M.lengthBytesUTF8(s) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(s, p, n);
    try { return f(p); } finally { M._free(p); }
  }

  function loadBytes(name, bytes) {
    if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
    const ptr = M._malloc(Math.max(1, bytes.length));
    if (!ptr) return { ok: false, error: name + ': the file (' + bytes.length + ' bytes) does not fit in this tab' };
    M.HEAPU8.set(bytes, ptr);
    let ok;
    try { ok = withCString(name, (np) => M._revlens_load(np, ptr, bytes.length)); } finally { M._free(ptr); }
    const st = api.state();
    if (ok) return { ok: true };
    const err = st.errors.length ? st.errors[st.errors.length - 1].error : 'could not be loaded';
    return { ok: false, error: err };
  }

  async function loadFiles(fileList) {
    const files = Array.from(fileList);
    const results = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      $('progress-text').textContent = 'Reading ' + f.name + ' (' + (i + 1) + ' of ' + files.length + ')';
      $('progress-bar').style.width = (100 * i / files.length) + '%';
      show('progress', files.length > 1 || f.size > 8e6);
      await new Promise((r) => setTimeout(r, 0)); // let the overlay paint
      const buf = new Uint8Array(await f.arrayBuffer());
      results.push(Object.assign({ name: f.name }, loadBytes(f.name, buf)));
    }
    show('progress', false);
    return results;
  }

  async function loadUrls(urls) {
    const out = [];
    for (const u of urls) {
      const name = decodeURIComponent(u.pathname.split('/').pop() || u.href);
      try {
        const res = await fetch(u.href, { credentials: 'omit' });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        out.push(Object.assign({ name }, loadBytes(name, new Uint8Array(await res.arrayBuffer()))));
      } catch (e) {
        out.push({ name, ok: false, error: name + ': could not be fetched (' + e.message + ')' });
      }
    }
    return out;
  }

  // ---- the public API (scripts and tests) -----------------------------------------------------------------------
  const tabs = ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data'];
  const api = {
    ready,
    get frames() { return frames; },
    load: (name, bytes) => loadBytes(String(name), bytes),
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
  };
  window.revlens = api;

  // ---- what the wasm side calls (src/platform/web_main.cpp) -----------------------------------------------------
  window.revlensPlatform = {
    ready() {
      show('loading', false);
      readyResolve();
    },
    frameDrawn() { frames++; },
    openFiles() { $('file-input').click(); },
    copyText(text) { if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => {}); },
    download(name, mime, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    contextLost() { },
    contextRestored() { },
    fatal(text) { unsupported(text); },
  };

  // ---- drag and drop, file picker -------------------------------------------------------------------------------
  let dragDepth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; e.preventDefault(); dragDepth++; show('dropzone', true); });
  window.addEventListener('dragover', (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  window.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; show('dropzone', false); } });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    show('dropzone', false);
    if (M && e.dataTransfer && e.dataTransfer.files.length) loadFiles(e.dataTransfer.files);
  });
  $('file-input').addEventListener('change', (e) => {
    const files = e.target.files;
    if (M && files && files.length) loadFiles(files).then(() => { e.target.value = ''; });
  });

  // ---- crash panel ----------------------------------------------------------------------------------------------
  function crashed(what) {
    $('crash-text').textContent = String(what);
    show('crash', true);
  }
  $('crash-reload').addEventListener('click', () => location.reload());

  // ---- the Emscripten module: fetch the .wasm with progress --------------------------------------------------------
  window.Module = {
    canvas: $('canvas'),
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onAbort: (what) => crashed('The engine stopped: ' + what),
    instantiateWasm(imports, done) {
      (async () => {
        const res = await fetch('revlens.wasm');
        const total = +res.headers.get('Content-Length') || 0;
        let bytes;
        if (res.body && total) {
          const reader = res.body.getReader();
          bytes = new Uint8Array(total);
          let got = 0;
          for (;;) {
            const { done: end, value } = await reader.read();
            if (end) break;
            if (got + value.length > bytes.length) { const b = new Uint8Array(got + value.length); b.set(bytes); bytes = b; }
            bytes.set(value, got);
            got += value.length;
            $('loading-bar').style.width = Math.min(100, 100 * got / total) + '%';
            $('loading-text').textContent = 'Loading the engine… ' + (got / 1048576).toFixed(1) + ' of ' + (total / 1048576).toFixed(1) + ' MB';
          }
          bytes = bytes.subarray(0, got);
        } else {
          bytes = new Uint8Array(await res.arrayBuffer());
        }
        $('loading-text').textContent = 'Starting…';
        const { instance, module } = await WebAssembly.instantiate(bytes, imports);
        done(instance, module);
      })().catch((e) => crashed('The engine could not be loaded: ' + e.message));
      return {};
    },
    onRuntimeInitialized() { M = window.Module; },
  };
  window.addEventListener('error', (e) => { if (String(e.message).includes('RuntimeError')) crashed(e.message); });

  const s = document.createElement('script');
  s.src = 'revlens.js';
  s.onerror = () => crashed('revlens.js could not be loaded.');
  document.body.appendChild(s);

  // ---- first data: ?data= URLs, else the sample company ------------------------------------------------------------
  ready.then(async () => {
    if (dataUrls.length) await loadUrls(dataUrls);
    else if (!params.has('empty')) api.loadSample();
  });
})();
