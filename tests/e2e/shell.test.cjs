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

test('a notice costs no frames while it is up: one frame takes it off when its time is over', async () => {
  const frames = () => page.evaluate(() => window.revlens.frames);
  const corner = async () => // where notices stack up (bottom right), as PNG text
    (await page.screenshot({ clip: { x: 780, y: 640, width: 500, height: 160 } })).toString('base64');
  await page.evaluate(() => { window.revlens.clear(); window.revlens.loadSample(); }); // "Loaded the sample company"
  const t0 = Date.now();
  await page.waitForTimeout(1000); // the Report's frame and the layout settling
  const a = await frames();
  const shown = await corner();
  await page.waitForTimeout(1500);
  const b = await frames();
  assert.strictEqual(await corner(), shown, 'the notice is still up 2.5 s after the load');
  assert.ok(b - a <= 2, `frames drawn while only a notice was up for 1.5 s: ${b - a}`);
  await page.waitForTimeout(Math.max(0, 5500 - (Date.now() - t0))); // a load notice stays 4 s
  const c = await frames();
  assert.notStrictEqual(await corner(), shown, 'the notice is gone 5.5 s after the load');
  assert.ok(c > b && c - b <= 3, `frames drawn to take the notice off: ${c - b}`);
});

test('frames read no GL state that waits for the GPU process (viewport, scissor box, blend)', async () => {
  // In a browser these reads are round trips to the GPU process, each waiting for it to finish drawing: the renderer's
  // reads of them are answered by src/platform/gl_shadow.cpp. Counted here on a page of its own, from its first script.
  const p = await browser.context.newPage();
  await p.addInitScript(() => {
    // VIEWPORT, SCISSOR_BOX, BLEND_DST_RGB, _SRC_RGB, _DST_ALPHA, _SRC_ALPHA, BLEND_EQUATION_RGB, _ALPHA
    const waits = new Set([0x0BA2, 0x0C10, 0x80C8, 0x80C9, 0x80CA, 0x80CB, 0x8009, 0x883D]);
    window.__glReads = 0;
    const get = WebGL2RenderingContext.prototype.getParameter;
    WebGL2RenderingContext.prototype.getParameter = function (pname) {
      if (waits.has(pname)) window.__glReads++;
      return get.call(this, pname);
    };
  });
  try {
    await p.goto(server.url + '?empty');
    await p.waitForFunction(() => window.revlens && window.revlens.frames > 0);
    await p.evaluate(() => window.revlens.started);
    await p.evaluate(() => window.revlens.loadSample());
    await h.settle(p);
    const first = await p.evaluate(() => window.__glReads); // what GL starts with, asked once
    assert.ok(first <= 8, `reads while starting: ${first}`);
    const before = await p.evaluate(() => window.revlens.frames);
    for (const tab of ['sales', 'success', 'overview']) {
      await p.evaluate((t) => window.revlens.setTab(t), tab);
      await h.settle(p);
    }
    const drawn = (await p.evaluate(() => window.revlens.frames)) - before;
    assert.ok(drawn >= 3, `frames drawn: ${drawn}`);
    assert.strictEqual(await p.evaluate(() => window.__glReads), first, `reads in ${drawn} more frames`);
  } finally {
    await p.close();
  }
});

test('no page errors', () => {
  const errs = page.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('error'));
  assert.deepStrictEqual(errs, []);
});
