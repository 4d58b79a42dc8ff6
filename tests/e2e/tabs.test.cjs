// Every tab with the sample company, as a screenshot (build/artifacts/tab-<name>.png): each one is drawn (not blank,
// many colours, the view area filled), differs from every other tab, and no ImGui assertion fired on the way.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');

const TABS = ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data'];

let server, browser, page;
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
  page = await h.openPage(browser.context, server.url + '?empty');
  await page.evaluate(() => window.revlens.started);
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

// Idle: the page has stopped drawing (the canvas draws only while something changes or animates).
async function waitIdle() {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const now = await page.evaluate(() => window.revlens.frames);
    if (now === last) return;
    last = now;
    await page.waitForTimeout(300);
  }
  throw new Error('the page kept drawing');
}

// Pixels of a PNG below `top` (the view, under the top and filter bars), decoded with a 2D canvas in the page:
// the share of pixels that differ from the most common colour (the background), the number of distinct colours,
// and a hash of every pixel.
async function viewStats(png, top) {
  return page.evaluate(async ([data, top]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map();
    let hash = 2166136261, n = 0;
    for (let i = 0; i < px.length; i += 4) {
      const rgb = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
      hash = Math.imul(hash ^ rgb, 16777619) >>> 0;
      if (i / 4 / c.width < top) continue;
      counts.set(rgb, (counts.get(rgb) || 0) + 1);
      n++;
    }
    let mode = 0;
    for (const v of counts.values()) mode = Math.max(mode, v);
    return { foreground: 1 - mode / n, colours: counts.size, hash, width: c.width, height: c.height };
  }, [png.toString('base64'), top]);
}

test('each of the 7 tabs is drawn, differs from the others, and trips no ImGui assertion', async () => {
  await page.evaluate(() => window.revlens.loadSample());
  fs.mkdirSync(h.artifacts, { recursive: true });
  const seen = new Map(); // hash -> tab
  for (const tab of TABS) {
    await page.evaluate((t) => window.revlens.setTab(t), tab);
    await waitIdle();
    assert.strictEqual((await page.evaluate(() => window.revlens.state())).tab, tab);
    const png = await page.screenshot();
    fs.writeFileSync(path.join(h.artifacts, `tab-${tab}.png`), png);
    const s = await viewStats(png, 90);
    assert.deepStrictEqual([s.width, s.height], [1280, 800]);
    // a blank or failed canvas is one flat colour; a view has cards, text and charts over its background
    assert.ok(s.foreground > 0.15, `${tab}: ${(100 * s.foreground).toFixed(1)}% of the view is not background`);
    assert.ok(s.colours > 50, `${tab}: ${s.colours} distinct colours`);
    assert.ok(!seen.has(s.hash), `${tab} looks exactly like ${seen.get(s.hash)}`);
    seen.set(s.hash, tab);
  }
  assert.strictEqual(await page.evaluate(() => window.revlens.imguiAsserts()), 0);
  assert.deepStrictEqual(page.logs.filter((l) => /pageerror|ImGui assertion/.test(l)), []);
});
