// Time to first frame of the page in headless Chromium: from navigation start to window.revlens.frames > 0, measured
// by the page's own clock (performance.now() is relative to navigation start). Prints {"first_frame_ms":[...]}.
//   NODE_PATH=build/npm/node_modules node tests/bench/first_frame.cjs PAGE_DIR [RUNS]
'use strict';
const path = require('node:path');
const { launch, startServer } = require('../e2e/harness.cjs');

async function main() {
  const dir = path.resolve(process.argv[2]);
  const runs = Number(process.argv[3] || 3);
  const server = await startServer(dir);
  const times = [];
  try {
    for (let i = 0; i < runs; ++i) {
      // a new browser profile each time: a first visit, with nothing cached or compiled yet
      const browser = await launch();
      try {
        const page = await browser.context.newPage();
        await page.goto(server.url);
        await page.waitForFunction(() => window.revlens && window.revlens.frames > 0, null,
                                   { timeout: 60000, polling: 'raf' });
        times.push(await page.evaluate(() => performance.now()));
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  process.stdout.write(JSON.stringify({ first_frame_ms: times }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
