// The foundation in a real browser: the page starts, draws a non-blank frame, takes dropped files.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

let server, browser, page;
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
  page = await h.openPage(browser.context, server.url + '?empty');
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('first frame is drawn and the canvas is not blank', async () => {
  await h.settle(page);
  const png = await page.screenshot();
  fs.mkdirSync(h.artifacts, { recursive: true });
  fs.writeFileSync(path.join(h.artifacts, 'empty-state.png'), png);
  const s = await h.pixelStats(page, png);
  // An empty or failed canvas is one flat colour (variance 0); the empty state has text, a card and buttons.
  assert.ok(s.variance > 20, 'pixel variance ' + s.variance.toFixed(1));
  assert.ok(s.colours > 20, 'distinct colours ' + s.colours);
});

test('canvas backing store follows CSS size x devicePixelRatio', async () => {
  const dims = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
  });
  assert.strictEqual(dims.w, Math.floor(dims.cw * dims.dpr));
  assert.strictEqual(dims.h, Math.floor(dims.ch * dims.dpr));
});

test('two dropped files both reach the engine', async () => {
  const a = fs.readFileSync(path.join(h.fixtures, 'hubspot', 'hubspot_deals.json'), 'utf8');
  const b = fs.readFileSync(path.join(h.fixtures, 'stripe', 'stripe_subscriptions.json'), 'utf8');
  await h.dropFiles(page, [{ name: 'deals.json', text: a }, { name: 'subs.json', text: b }]);
  await page.waitForFunction(() => window.revlens.state().files.length + window.revlens.state().errors.length >= 2,
                             null, { timeout: 30000 });
  const st = await page.evaluate(() => window.revlens.state());
  assert.deepStrictEqual(st.files.map((f) => f.name).sort(), ['deals.json', 'subs.json'], JSON.stringify(st.errors));
  // 21 deals in hubspot_deals.json (fixtures README); 8 subscriptions in stripe_subscriptions.json
  assert.strictEqual(st.counts.deals, 21);
  assert.strictEqual(st.counts.subscriptions, 8);
  await h.settle(page);
  fs.writeFileSync(path.join(h.artifacts, 'after-drop.png'), await page.screenshot());
});

test('the sample company loads and the report has every section', async () => {
  await page.evaluate(() => { window.revlens.clear(); window.revlens.loadSample(); });
  const r = await page.evaluate(() => window.revlens.report());
  for (const k of ['marketing', 'sales', 'success', 'funnel', 'bottlenecks', 'forecast', 'stack', 'quality'])
    assert.ok(k in r, 'report has ' + k);
  await h.settle(page);
  fs.writeFileSync(path.join(h.artifacts, 'overview.png'), await page.screenshot());
});

test('an idle page draws next to no frames', async () => {
  // wait for the last animation (a load notice fades after a few seconds) to end: frames stop advancing
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const now = await page.evaluate(() => window.revlens.frames);
    if (now === last) break;
    last = now;
    await page.waitForTimeout(500);
  }
  const before = await page.evaluate(() => window.revlens.frames);
  await page.waitForTimeout(5000);
  const drawn = (await page.evaluate(() => window.revlens.frames)) - before;
  // nothing changed on the page: at most a stray frame, never the 300 a 60 Hz loop would draw in 5 s
  assert.ok(drawn <= 2, `frames drawn while idle for 5 s: ${drawn}`);
});

test('no page errors', () => {
  const errs = page.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error'));
  assert.deepStrictEqual(errs, []);
});
