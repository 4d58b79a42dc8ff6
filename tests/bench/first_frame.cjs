// Time to first frame of the page in headless Chromium: from navigation start to window.revlens.frames > 0, measured
// by the page's own clock (performance.now() is relative to navigation start). A first visit shows the sample company,
// so the first frame with data is a figure of its own (the page's mark "revlens first frame with data"); the medians
// of the page's other start-up marks (web/app.js, src/platform/web_main.cpp) say where the time went.
// Prints {"first_frame_ms":[...],"first_frame_with_data_ms":[...],"median_ms":{"revlens main":...,...}}.
//   NODE_PATH=build/npm/node_modules node tests/bench/first_frame.cjs PAGE_DIR [RUNS]
'use strict';
const path = require('node:path');
const { launch, startServer } = require('../e2e/harness.cjs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const dir = path.resolve(process.argv[2]);
  const runs = Number(process.argv[3] || 3);
  const server = await startServer(dir);
  const times = [];
  const dataTimes = [];
  const marks = {}; // name -> [ms], a measure by its end
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
        await page.waitForFunction(() => performance.getEntriesByName('revlens first frame with data').length > 0,
                                   null, { timeout: 60000 });
        const entries = await page.evaluate(() => performance.getEntries()
          .filter((e) => e.name.startsWith('revlens ') && (e.entryType === 'mark' || e.entryType === 'measure'))
          .map((e) => [e.name, e.startTime + e.duration]));
        for (const [name, t] of entries) {
          if (name === 'revlens first frame with data') dataTimes.push(t);
          (marks[name] = marks[name] || []).push(t);
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  const medians = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(median(v))])
                                       .sort((a, b) => a[1] - b[1]));
  process.stdout.write(JSON.stringify({ first_frame_ms: times, first_frame_with_data_ms: dataTimes,
                                        median_ms: medians }) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
