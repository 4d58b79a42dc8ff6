// Reliability and privacy of the page (issue 6): no network beyond the page's own files, hostile file names and
// contents stay text, WebGL context loss, the size limit, the crash panel, memory over many loads, and no CSP
// violation along the way. Asserted through window.revlens and Playwright; no fixed waits.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const h = require('./harness.cjs');

const DEALS = 'hubspot/hubspot_deals.json';
const SUBS = 'stripe/stripe_subscriptions.json';
const OPPS = 'salesforce/salesforce_opportunities.json';
const PAGE_FILES = ['/', '/index.html', '/app.js', '/style.css', '/revlens.js', '/revlens.wasm', '/revlens.data',
                    '/import-worker.js', '/revlens-import.js', '/revlens-import.wasm']; // the import worker

let server, browser;
const checked = []; // pages whose console must stay clean
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function open(context, query) {
  const page = await h.openPage(context, server.url + query);
  await page.evaluate(() => window.revlens.started);
  return page;
}
async function load(page, name, bytes) {
  return page.evaluate(([n, b]) => window.revlens.load(n, new Uint8Array(b)), [name, Array.from(bytes)]);
}
const report = (page) => page.evaluate(() => window.revlens.report());
const state = (page) => page.evaluate(() => window.revlens.state());

test('the sample company and dropped files cause no request beyond the page\'s own files', async () => {
  const b = await h.launch();
  try {
    const urls = [];
    b.context.on('request', (r) => urls.push(r.url()));
    const page = await open(b.context, ''); // first visit: the sample company
    assert.deepStrictEqual((await state(page)).files.map((f) => f.format), ['sample']);
    await h.dropFiles(page, [DEALS, SUBS, OPPS].map((rel) => ({ name: path.basename(rel),
                                                               text: h.fixture(rel).toString('utf8') })));
    await page.waitForFunction(() => window.revlens.state().files.length === 4);
    await page.evaluate(() => window.revlens.exportReport()); // a download is a blob: URL, not a request
    await h.settle(page);
    const origin = new URL(server.url).origin;
    for (const u of urls) {
      const url = new URL(u);
      if (url.protocol === 'data:' || url.protocol === 'blob:') continue; // in-memory, never leaves the tab
      assert.strictEqual(url.origin, origin, u);
      assert.ok(PAGE_FILES.includes(url.pathname), 'unexpected request ' + u);
    }
    assert.ok(urls.some((u) => u.endsWith('/revlens.wasm')), 'the log saw the page load');
    assert.deepStrictEqual(await h.cspViolations(page), []);
  } finally {
    await b.close();
  }
});

test('a file name and contents made of HTML stay text', async () => {
  const page = await open(browser.context, '?empty');
  checked.push(page);
  const evil = '<img src=x onerror=window.__pwned=1>';
  const deals = JSON.parse(h.fixture(DEALS).toString('utf8'));
  for (const d of deals.results) {
    d.properties.dealname = evil;
    d.properties.dealstage = evil;
    d.properties.hubspot_owner_id = evil;
  }
  const name = evil + '.json';
  await h.dropFiles(page, [{ name, text: JSON.stringify(deals) }, { name: 'bad ' + name, text: evil }]);
  await page.waitForFunction(() => window.revlens.state().files.length + window.revlens.state().errors.length === 2);
  const r = await load(page, name, Buffer.from(evil)); // the error path, through the API
  assert.strictEqual(r.ok, false);
  assert.ok(r.error.length > 0);
  await page.evaluate(() => window.revlens.drill('open_pipeline', '')); // the names end up in a table
  await page.evaluate(() => window.revlens.setTab('data'));
  await h.settle(page);
  const st = await state(page);
  assert.strictEqual(st.files[0].name, name);
  assert.strictEqual(st.errors[0].file, 'bad ' + name);
  const dom = await page.evaluate(() => ({
    pwned: typeof window.__pwned,
    imgs: document.querySelectorAll('img').length,
    html: document.documentElement.outerHTML.includes('<img'),
  }));
  assert.deepStrictEqual(dom, { pwned: 'undefined', imgs: 0, html: false });
});

test('after a WebGL context loss the page draws again with the same report', async () => {
  const page = await open(browser.context, '?empty');
  checked.push(page);
  assert.ok((await load(page, path.basename(OPPS), h.fixture(OPPS))).ok);
  const before = await report(page);
  await page.evaluate(() => {
    window.__lose = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.__lose.loseContext();
  });
  await page.waitForFunction(() => window.revlens.contextLost);
  await page.evaluate(() => window.__lose.restoreContext());
  await page.waitForFunction(() => !window.revlens.contextLost);
  const frames = await page.evaluate(() => window.revlens.frames);
  await page.evaluate(() => window.revlens.setTab('sales'));
  await page.waitForFunction((n) => window.revlens.frames > n, frames);
  await h.settle(page);
  const s = await h.pixelStats(page, await page.screenshot());
  assert.ok(s.variance > 20, 'the restored canvas has content (variance ' + s.variance.toFixed(1) + ')');
  assert.deepStrictEqual(await report(page), before);
});

test('a file over the size limit is refused before it is read, naming its size and the limit', async () => {
  const page = await open(browser.context, '?empty');
  checked.push(page);
  const bytes = h.fixture(DEALS);
  const limit = 1000;
  assert.ok(bytes.length > limit);
  await page.evaluate((n) => {
    window.revlens.setMaxFileBytes(n);
    window.__reads = 0;
    for (const m of ['arrayBuffer', 'text', 'stream', 'slice']) {
      const orig = Blob.prototype[m];
      Blob.prototype[m] = function (...a) { window.__reads++; return orig.apply(this, a); };
    }
    const orig = FileReader.prototype.readAsArrayBuffer;
    FileReader.prototype.readAsArrayBuffer = function (...a) { window.__reads++; return orig.apply(this, a); };
  }, limit);
  await h.dropFiles(page, [{ name: 'big.json', text: bytes.toString('utf8') }]);
  await page.waitForFunction(() => window.revlens.state().errors.length === 1);
  const st = await state(page);
  assert.strictEqual(st.errors[0].file, 'big.json');
  assert.ok(st.errors[0].error.includes(String(bytes.length)) && st.errors[0].error.includes(String(limit)),
            st.errors[0].error);
  assert.strictEqual(st.files.length, 0);
  assert.strictEqual(await page.evaluate(() => window.__reads), 0, 'no byte of it was read');

  const r = await load(page, 'big2.json', bytes); // revlens.load too
  assert.strictEqual(r.ok, false);
  assert.ok(r.error.includes(String(limit)), r.error);
  await page.evaluate(() => window.revlens.setMaxFileBytes(null));
  assert.ok((await load(page, 'big3.json', bytes)).ok, 'the default limit takes it');
});

test('an abort inside wasm shows the crash panel; "Reload keeping data" brings the files back', async () => {
  const b = await h.launch();
  try {
    const page = await open(b.context, '');
    await page.evaluate(() => window.revlens.clear());
    assert.ok((await load(page, path.basename(DEALS), h.fixture(DEALS))).ok);
    assert.ok((await load(page, path.basename(SUBS), h.fixture(SUBS))).ok);
    await page.evaluate(() => window.revlens.persisted());
    const files = (await state(page)).files.map((f) => f.name);
    const before = await report(page);
    await page.evaluate(() => window.revlens._debugAbort());
    await page.waitForSelector('#crash:not(.hidden)');
    assert.match(await page.textContent('#crash-text'), /stopped/);
    await Promise.all([page.waitForNavigation(), page.click('#crash-reload')]);
    await page.waitForFunction(() => window.revlens && window.revlens.frames > 0);
    await page.evaluate(() => window.revlens.started);
    assert.deepStrictEqual((await state(page)).files.map((f) => f.name), files);
    assert.deepStrictEqual(await report(page), before);
    assert.strictEqual(await page.isVisible('#crash'), false);
  } finally {
    await b.close();
  }
});

test('50 rounds of load and clear keep the wasm memory within 10% of its size after the first', async () => {
  const page = await open(browser.context, '?empty');
  checked.push(page);
  const sizes = await page.evaluate(async ([a, b]) => {
    const out = [];
    for (let round = 1; round <= 50; round++) {
      const ra = window.revlens.load('opps.json', new Uint8Array(a));
      const rb = window.revlens.load('subs.json', new Uint8Array(b));
      window.revlens.loadSample();
      if (!ra.ok || !rb.ok) throw new Error('round ' + round + ': ' + (ra.error || rb.error));
      window.revlens.report();
      if (round === 1 || round === 50) out.push(window.revlens.heapBytes());
      window.revlens.clear();
      await new Promise((r) => setTimeout(r, 0)); // let frames run between rounds, as a user's clicks would
    }
    return out;
  }, [Array.from(h.fixture(OPPS)), Array.from(h.fixture(SUBS))]);
  assert.ok(sizes[1] <= sizes[0] * 1.1, 'heap ' + sizes[0] + ' -> ' + sizes[1] + ' bytes');
  assert.deepStrictEqual((await state(page)).files, []);
});

test('no CSP violations and no page errors', async () => {
  for (const page of checked) {
    assert.deepStrictEqual(await h.cspViolations(page), []);
    assert.deepStrictEqual(page.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error')), []);
  }
});
