// The dashboard's flows in a real browser (issue 5): share links, ?data= links, removing and keeping files,
// exports, keyboard, refused files, the progress overlay. Everything is asserted through window.revlens and
// Playwright's own events (downloads, file chooser), never by waiting a fixed time.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const DEALS = 'hubspot/hubspot_deals.json';       // 21 deals (fixtures README)
const SUBS = 'stripe/stripe_subscriptions.json';  // 8 subscriptions: 5 active, 3 canceled
const OPPS = 'salesforce/salesforce_opportunities.json'; // 31 opportunities, 18 "Closed Won"

let server, browser;
const pages = [];
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function open(query) {
  const page = await h.openPage(browser.context, server.url + query);
  await page.evaluate(() => window.revlens.started);
  pages.push(page);
  return page;
}

// Loads fixtures through revlens.load (bytes passed as arrays: evaluate() speaks JSON).
async function load(page, ...rels) {
  for (const rel of rels) {
    const r = await page.evaluate(([name, bytes]) => window.revlens.load(name, new Uint8Array(bytes)),
                                  [path.basename(rel), Array.from(h.fixture(rel))]);
    assert.ok(r.ok, rel + ': ' + r.error);
  }
}

const stripIds = (st) => Object.assign({}, st, { files: st.files.map(({ id, ...rest }) => rest) });
const state = (page) => page.evaluate(() => window.revlens.state());
const report = (page) => page.evaluate(() => window.revlens.report());

test('a copied link reopens the same tab, custom period, filters and settings', async () => {
  const page = await open('?empty');
  await load(page, DEALS, SUBS);
  await page.evaluate(() => {
    window.revlens.setTab('success');
    window.revlens.setFilter({ period: 'custom', from: '2025-01-01', to: '2026-06-30', deal_type: 'new' });
    window.revlens.setSettings({ win_rate_basis: 'value', churn_dating: 'canceled_at', gross_margin: 0.75 });
  });
  const href = await page.evaluate(() => window.revlens.copyLink());
  const hash = await page.evaluate(() => location.hash);
  assert.ok(href.endsWith(hash) && hash.startsWith('#v='), hash);
  const view = JSON.parse(decodeURIComponent(hash.slice(3)));
  assert.strictEqual(view.tab, 'success');
  assert.deepStrictEqual([view.filter.period, view.filter.from, view.filter.to, view.filter.deal_type],
                         ['custom', '2025-01-01', '2026-06-30', 'new']);
  assert.deepStrictEqual([view.settings.win_rate_basis, view.settings.churn_dating, view.settings.gross_margin],
                         ['value', 'canceled_at', 0.75]);

  // the link carries the view, never the data: a new page gets the same files by hand
  const again = await open('?empty' + hash);
  await load(again, DEALS, SUBS);
  assert.deepStrictEqual(stripIds(await state(again)), stripIds(await state(page)));
  assert.deepStrictEqual(await report(again), await report(page));
  const st = await state(again);
  assert.strictEqual(st.tab, 'success');
  assert.strictEqual(st.settings.gross_margin, 0.75);
});

test('a link with ?data= reopens the same hosted files and view', async () => {
  const dir = fs.mkdtempSync(path.join(server.dir, 'e2e-data-'));
  try {
    fs.copyFileSync(path.join(h.fixtures, DEALS), path.join(dir, 'deals.json'));
    fs.copyFileSync(path.join(h.fixtures, OPPS), path.join(dir, 'opps.json'));
    const rel = path.basename(dir);
    const hosted = await open(`?data=${rel}/deals.json,${rel}/opps.json`);
    let st = await state(hosted);
    assert.deepStrictEqual(st.files.map((f) => f.name), ['deals.json', 'opps.json'], JSON.stringify(st.errors));

    const byHand = await open('?empty');
    for (const [name, rel2] of [['deals.json', DEALS], ['opps.json', OPPS]]) {
      const r = await byHand.evaluate(([n, b]) => window.revlens.load(n, new Uint8Array(b)),
                                      [name, Array.from(h.fixture(rel2))]);
      assert.ok(r.ok);
    }
    assert.deepStrictEqual(await report(hosted), await report(byHand));

    await hosted.evaluate(() => {
      window.revlens.setTab('forecast');
      window.revlens.setFilter({ period: 'all_time' });
    });
    const link = await hosted.evaluate(() => window.revlens.copyLink());
    const reopened = await open(link.slice(server.url.length));
    st = await state(reopened);
    assert.strictEqual(st.tab, 'forecast');
    assert.strictEqual(st.filter.period, 'all_time');
    assert.deepStrictEqual(await report(reopened), await report(hosted));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('removing a file leaves the report of the other file alone; clear empties everything', async () => {
  const page = await open('?empty');
  await load(page, DEALS, SUBS);
  await page.evaluate(() => window.revlens.removeFile(0));
  const afterRemove = await report(page);
  let st = await state(page);
  assert.deepStrictEqual(st.files.map((f) => f.name), ['stripe_subscriptions.json']);
  assert.strictEqual(st.counts.deals, 0);
  assert.strictEqual(st.counts.subscriptions, 8);

  await page.evaluate(() => window.revlens.clear());
  st = await state(page);
  assert.deepStrictEqual([st.files.length, st.counts.deals, st.counts.subscriptions], [0, 0, 0]);
  await load(page, SUBS);
  assert.deepStrictEqual(afterRemove, await report(page));
});

test('loaded files come back after a reload until "Forget data"', async () => {
  // its own browser profile: a first visit, so the kept store starts empty
  const b = await h.launch();
  try {
    const page = await h.openPage(b.context, server.url);
    await page.evaluate(() => window.revlens.started);
    let st = await state(page);
    assert.deepStrictEqual(st.files.map((f) => f.format), ['sample'], 'a first visit shows the sample company');

    await page.evaluate(() => window.revlens.clear());
    await load(page, DEALS, SUBS, OPPS);
    await page.evaluate(() => window.revlens.removeFile(1));
    await page.evaluate(() => window.revlens.persisted());
    const before = stripIds(await state(page));
    const reportBefore = await report(page);
    assert.deepStrictEqual(before.files.map((f) => f.name), ['hubspot_deals.json', 'salesforce_opportunities.json']);

    await page.reload();
    await page.waitForFunction(() => window.revlens && window.revlens.frames > 0);
    await page.evaluate(() => window.revlens.started);
    assert.deepStrictEqual(stripIds(await state(page)).files, before.files);
    assert.deepStrictEqual(await report(page), reportBefore);

    await page.evaluate(() => window.revlens.forgetData());
    await page.reload();
    await page.waitForFunction(() => window.revlens && window.revlens.frames > 0);
    await page.evaluate(() => window.revlens.started);
    st = await state(page);
    assert.deepStrictEqual(st.files, [], 'nothing kept, and not a first visit: no sample either');
    assert.deepStrictEqual(await h.cspViolations(page), []);
  } finally {
    await b.close();
  }
});

async function download(page, action) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.evaluate(action)]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

test('exports: the report as JSON, a drill-down as CSV, the dashboard as PNG', async () => {
  const page = await open('?empty');
  await load(page, OPPS);
  await page.evaluate(() => window.revlens.setFilter({ period: 'all_time' }));

  const json = await download(page, () => window.revlens.exportReport());
  assert.match(json.name, /\.json$/);
  assert.deepStrictEqual(JSON.parse(json.bytes.toString('utf8')), await report(page));

  await page.evaluate(() => window.revlens.drill('won', ''));
  const st = await state(page);
  assert.strictEqual(st.drill.open, true);
  assert.strictEqual(st.drill.rows, 18); // 18 of the 31 opportunities are "Closed Won"
  const csv = await download(page, () => window.revlens.exportCsv());
  assert.match(csv.name, /\.csv$/);
  const lines = csv.bytes.toString('utf8').split(/\r?\n/).filter((l) => l.length);
  assert.strictEqual(lines.length, 1 + 18, 'a header and one line per won opportunity');

  const png = await download(page, () => window.revlens.exportPng());
  assert.match(png.name, /\.png$/);
  assert.deepStrictEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 10000, 'PNG of ' + png.bytes.length + ' bytes');
  const s = await h.pixelStats(page, png.bytes);
  assert.ok(s.variance > 20, 'the exported image has content (variance ' + s.variance.toFixed(1) + ')');
  const dims = await page.evaluate(() => [document.getElementById('canvas').width,
                                          document.getElementById('canvas').height]);
  assert.deepStrictEqual([s.width, s.height], dims);
});

test('keyboard: 1-7 switch tabs, Esc closes a drill-down, Ctrl+O opens the file picker', async () => {
  const page = await open('?empty');
  await load(page, OPPS);
  await page.focus('#canvas');
  const keys = ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data'];
  for (const i of [3, 7, 2, 5, 1, 6, 4]) {
    await page.keyboard.press(String(i));
    await page.waitForFunction((k) => window.revlens.state().tab === k, keys[i - 1]);
  }
  await page.evaluate(() => window.revlens.drill('won', ''));
  assert.strictEqual((await state(page)).drill.open, true);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !window.revlens.state().drill.open);

  // a listener after the page's own sees whether the browser's default (its own open dialog) was cancelled
  await page.evaluate(() => {
    window.__ctrlO = null;
    window.addEventListener('keydown', (e) => { if (e.key === 'o') window.__ctrlO = e.defaultPrevented; }, true);
  });
  // Ctrl+O while the canvas redraws every frame: a refused file's notice animates for 12 s.
  const refused = await page.evaluate(() => window.revlens.load('refused.json', new Uint8Array([0x7b])));
  assert.strictEqual(refused.ok, false);
  const f0 = await page.evaluate(() => window.revlens.frames);
  await page.waitForFunction((f) => window.revlens.frames >= f + 2, f0); // drawing continuously
  const atPress = await page.evaluate(() => window.revlens.frames);
  const chooser = await h.fileChooser(page, () => page.keyboard.press('Control+o'));
  await page.waitForFunction((f) => window.revlens.frames > f, atPress, { timeout: 5000 }); // ...and still is
  assert.ok(chooser.isMultiple());
  assert.strictEqual(await page.evaluate(() => window.__ctrlO), true);
  const fixture = path.join(h.fixtures, SUBS);
  await chooser.setFiles(fixture);
  await page.waitForFunction(() => window.revlens.state().files.length === 2);
  assert.strictEqual((await state(page)).counts.subscriptions, 8);
});

test('a bad file dropped after good ones is named with its reason and changes nothing', async () => {
  const page = await open('?empty');
  await h.dropFiles(page, [{ name: 'deals.json', text: h.fixture(DEALS).toString('utf8') },
                           { name: 'subs.json', text: h.fixture(SUBS).toString('utf8') }]);
  await page.waitForFunction(() => window.revlens.state().files.length === 2);
  const before = await report(page);
  const bad = fs.readFileSync(path.join(h.root, 'tests', 'bad', 'not_json.json'), 'utf8');
  const expected = fs.readFileSync(path.join(h.root, 'tests', 'bad', 'not_json.expected'), 'utf8').trim();
  await h.dropFiles(page, [{ name: 'broken.json', text: bad }]);
  await page.waitForFunction(() => window.revlens.state().errors.length === 1);
  const st = await state(page);
  assert.strictEqual(st.errors[0].file, 'broken.json');
  assert.ok(st.errors[0].error.includes(expected), st.errors[0].error);
  assert.strictEqual(st.files.length, 2);
  assert.deepStrictEqual(await report(page), before);
});

test('several files show the progress overlay and the page keeps running between them', async () => {
  const page = await open('?empty');
  await page.evaluate(() => {
    window.__overlaySeen = false;
    window.__ticks = 0;
    window.__ticksAtFile = []; // the timer's count when the overlay first names each file ("(2 of 3, ...")
    const el = document.getElementById('progress');
    new MutationObserver(() => { if (!el.classList.contains('hidden')) window.__overlaySeen = true; })
      .observe(el, { attributes: true });
    const text = document.getElementById('progress-text');
    new MutationObserver(() => {
      const m = /\((\d+) of 3/.exec(text.textContent);
      if (m && window.__ticksAtFile.length < +m[1]) window.__ticksAtFile.push(window.__ticks);
    }).observe(text, { childList: true, characterData: true, subtree: true });
    window.__timer = setInterval(() => { window.__ticks++; }, 0);
  });
  await h.dropFiles(page, [DEALS, SUBS, OPPS].map((rel) => ({ name: path.basename(rel),
                                                             text: h.fixture(rel).toString('utf8') })));
  await page.waitForFunction(() => window.revlens.state().files.length === 3);
  await page.waitForFunction(() => document.getElementById('progress').classList.contains('hidden'));
  const seen = await page.evaluate(() => {
    clearInterval(window.__timer);
    return [window.__overlaySeen, window.__ticksAtFile];
  });
  assert.strictEqual(seen[0], true, 'the overlay was shown');
  assert.strictEqual(seen[1].length, 3, 'one progress line per file');
  // one long blocking call would read the same count three times: other tasks ran between the files
  assert.ok(seen[1][2] > seen[1][0], 'timer counts at each file: ' + seen[1].join(', '));
});

// A HubSpot deals export of `n` deals built in the page (a ~1 KB description each, so it is big): deal i is won
// when i % 3 == 0, else open; every amount is 100. Returns a File, as a drop gives.
function bigDealsFile(page, n) {
  return page.evaluateHandle((n) => {
    const pad = 'x'.repeat(900);
    const parts = ['{"results":['];
    for (let i = 0; i < n; i++) {
      parts.push((i ? ',' : '') + '{"id":"' + (1000000 + i) + '","properties":{"dealname":"Deal ' + i +
        '","amount":"100","pipeline":"default","dealstage":"' + (i % 3 === 0 ? 'closedwon' : 'qualifiedtobuy') +
        '","createdate":"2025-01-02T00:00:00Z","closedate":"2025-03-04T00:00:00Z","description":"' + pad + '"}}');
    }
    parts.push(']}');
    return new File(parts, 'big_deals.json', { type: 'application/json' });
  }, n);
}

test('a big file is read by the import worker while the page keeps answering', async () => {
  const page = await open('?empty');
  const file = await bigDealsFile(page, 40000); // ~40 MB
  // The worker reports each 16 MB piece it has read and the overlay shows the latest report at most 4 times a second:
  // a fast host reads this file in 0.4 s, too soon for a second percentage. Each report is held back 150 ms here, as
  // on a host a few times slower, so the read lasts long enough for the overlay to move.
  for (let i = 0; i < 100 && page.workers().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
  assert.strictEqual(page.workers().length, 2, 'the page started its two import workers');
  for (const w of page.workers()) {
    await w.evaluate(() => {
      const report = self.Module.onRead;
      self.Module.onRead = (done, total) => { const until = Date.now() + 150; while (Date.now() < until); report(done, total); };
    });
  }
  const got = await page.evaluate(async (file) => {
    let ticks = 0, ticksWhileImporting = 0, percents = new Set();
    const timer = setInterval(() => { ticks++; if (window.revlens.importing()) ticksWhileImporting++; }, 0);
    const text = document.getElementById('progress-text');
    const seen = new MutationObserver(() => { const m = / (\d+)%$/.exec(text.textContent); if (m) percents.add(+m[1]); });
    seen.observe(text, { childList: true, characterData: true, subtree: true });
    const [r] = await window.revlens.loadFiles([file]);
    clearInterval(timer);
    seen.disconnect();
    return { r, ticks, ticksWhileImporting, percents: Array.from(percents), files: window.revlens.state().files };
  }, file);
  assert.ok(got.r.ok, got.r.error);
  assert.strictEqual(got.files.length, 1);
  assert.strictEqual(got.files[0].records_read, 40000);
  assert.strictEqual(got.files[0].records_used, 40000);
  // the main thread ran its own tasks all along (one blocking import would let none run while it worked)
  assert.ok(got.ticksWhileImporting >= 10, `timer ticks while importing: ${got.ticksWhileImporting} of ${got.ticks}`);
  assert.ok(got.percents.length >= 2, 'progress went through several percentages: ' + got.percents.join(', '));
  // the deals are all there: 13334 won (i % 3 == 0 for i < 40000), every amount 100
  const won = await page.evaluate(() => {
    window.revlens.setFilter({ period: 'custom', from: '2025-01-01', to: '2025-12-31' });
    return window.revlens.report().sales;
  });
  assert.strictEqual(won.won_count, 13334);
  assert.strictEqual(won.won_amount, 1333400);
});

test('picked files, a big one first, are read two at a time and come back the same way after a reload', async () => {
  const b = await h.launch(); // its own profile: the kept store starts empty
  try {
    const page = await h.openPage(b.context, server.url);
    await page.evaluate(() => window.revlens.started);
    await page.evaluate(() => window.revlens.clear());
    const big = await bigDealsFile(page, 9000); // ~9 MB: the next file is read beside it
    const subs = await page.evaluateHandle(([n, bytes]) => new File([new Uint8Array(bytes)], n),
                                           [path.basename(SUBS), Array.from(h.fixture(SUBS))]);
    const results = await page.evaluate(([a, b]) => window.revlens.loadFiles([a, b]), [big, subs]);
    assert.deepStrictEqual(results.map((r) => [r.name, r.ok]), [['big_deals.json', true], ['stripe_subscriptions.json', true]]);
    // the second file's read began before the first one's ended
    const overlapped = () => page.evaluate(() => {
      const m = (n) => performance.getEntriesByName('revlens read ' + n)[0];
      const a = m('big_deals.json'), s = m('stripe_subscriptions.json');
      return !!(a && s) && s.startTime < a.startTime + a.duration;
    });
    assert.ok(await overlapped(), 'the subscriptions were read while the deals were');
    await page.evaluate(() => window.revlens.persisted());
    const before = stripIds(await state(page));
    const reportBefore = await report(page);
    assert.strictEqual(before.files[0].records_used, 9000);
    assert.strictEqual(before.files[1].records_used, 8);

    await page.reload(); // the kept copies come back through the same two workers, in order
    await page.waitForFunction(() => window.revlens && window.revlens.frames > 0);
    await page.evaluate(() => window.revlens.started);
    await page.waitForFunction(() => window.revlens.state().files.length === 2 && !window.revlens.importing());
    assert.deepStrictEqual(stripIds(await state(page)).files, before.files);
    assert.deepStrictEqual(await report(page), reportBefore);
    assert.ok(await overlapped(), 'the kept subscriptions were read while the kept deals were');
  } finally {
    await b.close();
  }
});

test('Cancel (or Esc) stops an import and keeps everything loaded before', async () => {
  const page = await open('?empty');
  await load(page, DEALS);
  const before = await report(page);
  const beforeFiles = stripIds(await state(page)).files;
  for (const how of ['button', 'Escape']) {
    const file = await bigDealsFile(page, 60000);
    const pending = page.evaluate((file) => window.revlens.loadFiles([file]), file);
    await page.waitForFunction(() => window.revlens.importing() && /\d+%$/.test(document.getElementById('progress-text').textContent));
    if (how === 'button') await page.click('#progress-cancel');
    else await page.keyboard.press('Escape');
    const [r] = await pending;
    assert.strictEqual(r.ok, false, how);
    assert.match(r.error, /canceled: nothing from this file was added/, how);
    assert.strictEqual(await page.evaluate(() => window.revlens.importing()), false);
    assert.deepStrictEqual(stripIds(await state(page)).files, beforeFiles, how);
    assert.deepStrictEqual(await report(page), before, how);
    assert.ok(await page.evaluate(() => document.getElementById('progress').classList.contains('hidden')));
  }
  // the next file imports as usual (a fresh worker)
  const [r] = await page.evaluate(async ([n, b]) => window.revlens.loadFiles([new File([new Uint8Array(b)], n)]),
                                  [path.basename(SUBS), Array.from(h.fixture(SUBS))]);
  assert.ok(r.ok, r.error);
  assert.strictEqual((await state(page)).files.length, 2);
});

test('no CSP violations and no page errors', async () => {
  for (const page of pages) {
    assert.deepStrictEqual(await h.cspViolations(page), []);
    assert.deepStrictEqual(page.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error')), []);
  }
});
