// Shared set-up for the browser tests: serve build/web (or $REVLENS_WEB) on a free loopback port, start Debian's
// Chromium headless (never a downloaded browser), open the page and wait for the engine.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const artifacts = path.join(root, 'build', 'artifacts');
const fixtures = path.resolve(root, '..', 'shared', 'fixtures');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function startServer(dir = process.env.REVLENS_WEB || path.join(root, 'build', 'web')) {
  const port = await freePort();
  const proc = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), dir, String(port)],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('http://')) resolve(); });
    proc.on('exit', (c) => reject(new Error('server exited ' + c)));
  });
  return { url: `http://127.0.0.1:${port}/`, port, dir, close: () => proc.kill() };
}

async function launch(extraArgs = (process.env.REVLENS_CHROMIUM_ARGS || '').split(' ').filter(Boolean)) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlens-chrome-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    deviceScaleFactor: 1,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox',
           '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
           '--disable-quic', ...extraArgs],
  });
  return { context, close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}

// Opens the page and waits until the engine runs and has drawn at least one frame.
async function openPage(context, url) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
  await watchPage(page);
  await page.goto(url);
  await page.waitForFunction(() => window.revlens && window.revlens.frames > 0, null, { timeout: 60000 });
  page.logs = logs;
  return page;
}

// Records every Content-Security-Policy violation the page reports (window.__csp), from before its first script.
async function watchPage(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
                              (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  });
}

// The CSP violations reported so far, by the page's event and by Chromium's console ("Refused to ...").
async function cspViolations(page) {
  const seen = await page.evaluate(() => window.__csp || []);
  return seen.concat((page.logs || []).filter((l) => /Content Security Policy|Refused to/.test(l)));
}

// A fixture's bytes (the shared, independently written vendor exports).
function fixture(rel) { return fs.readFileSync(path.join(fixtures, rel)); }

// Waits until the page has drawn `n` more frames (the canvas draws only when something changed).
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(100);
}

// Pixel variance of a PNG screenshot, computed in the page with a 2D canvas (no PNG decoder needed here).
async function pixelStats(page, png) {
  const b64 = png.toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0, sum = 0, sum2 = 0;
    const colours = new Set();
    for (let i = 0; i < px.length; i += 4 * 7) {
      const l = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
      sum += l; sum2 += l * l; n++;
      if (colours.size < 5000) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    }
    const mean = sum / n;
    return { mean, variance: sum2 / n - mean * mean, colours: colours.size, width: c.width, height: c.height };
  }, b64);
}

// Dispatches a synthetic drop of files {name, text} on the page, as a user dragging them from the desktop would.
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

// Runs `action` (a key press, a click) and returns the file chooser it opened. Playwright turns chooser interception
// on asynchronously, and a page busy drawing (an animating notice under SwiftShader) handles input before that
// command, so the chooser would open uncaught; one round trip through the page after subscribing settles it first.
async function fileChooser(page, action) {
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => 0);
  await action();
  return chooser;
}

module.exports = { root, artifacts, fixtures, startServer, launch, openPage, settle, pixelStats, dropFiles,
                   watchPage, cspViolations, fixture, fileChooser };
