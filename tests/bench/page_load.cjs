// Loading exports in the page, as a user picking them in "Open files…" does, in headless Chromium: the time from the
// pick to the dashboard drawn on them, and how long the page's main thread was blocked meanwhile (long tasks and the
// longest gap between animation frames while the files load; then the Report's tasks: its pieces, a task each, and
// the frame that computes the rest and draws it).
// Prints one JSON line:
//   {"files":N,"bytes":B,"load_ms":…,"bytes_to_dashboard_ms":…,"max_task_during_load_ms":…,
//    "max_frame_gap_during_load_ms":…,"report_task_ms":…,"report_ms":…,"merges_ms":…,"top_gaps":…,"reads_ms":…}
//   NODE_PATH=build/npm/node_modules node tests/bench/page_load.cjs PAGE_DIR FILE...
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launch, startServer } = require('../e2e/harness.cjs');

async function main() {
  const pageDir = path.resolve(process.argv[2]);
  const files = process.argv.slice(3).map((f) => path.resolve(f));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const server = await startServer(pageDir);
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url + '?empty');
    await page.evaluate(() => window.revlens.started);
    // A user picks files a moment after the page is up, by when the page (idle after its first frame) has started its
    // import workers: picked at once, the first 0.3 s of the load shared both cores with their compiling (frame gaps of
    // 120-135 ms with no task on this thread, on our 2-core VM).
    await page.evaluate(() => window.revlens.importReady());
    await page.evaluate(() => {
      const w = (window.__bench = { tasks: [], gaps: [], start: 0, merged: 0 });
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.tasks.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
      let last = performance.now();
      const tick = (t) => { w.gaps.push([last, t - last]); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      document.getElementById('file-input').addEventListener('change', () => { w.start = performance.now(); }, true);
      const platform = window.revlensPlatform;
      const drawn = platform.frameDrawn;
      platform.frameDrawn = function () {
        if (w.merged && !w.drawn) w.drawn = performance.now(); // the dashboard on the new data
        return drawn.apply(this, arguments);
      };
      const progress = document.getElementById('progress');
      new MutationObserver(() => {
        if (w.start && progress.classList.contains('hidden') && !w.merged) {
          w.merged = performance.now();
        }
      }).observe(progress, { attributes: true });
    });
    // as a user does: "Open files…" (which also starts the import workers), then the files picked in the chooser
    const chooser = page.waitForEvent('filechooser');
    await page.evaluate(() => window.revlensPlatform.openFiles());
    await (await chooser).setFiles(files);
    await page.waitForFunction(() => window.__bench.drawn, null,
                               { timeout: 30 * 60 * 1000, polling: 100 });
    const r = await page.evaluate(() => {
      const w = window.__bench;
      // the page's Report begins with its first prepared piece (web/app.js), before the overlay goes
      const report = performance.getEntriesByName('revlens report').find((m) => m.startTime >= w.start);
      if (report) w.merged = Math.min(w.merged, report.startTime);
      const inLoad = ([t]) => t >= w.start && t < w.merged; // started while loading (the last merge included)
      const after = w.tasks.filter(([t]) => t >= w.merged);
      const st = window.revlens.state();
      return {
        files: st.files.length,
        errors: st.errors.map((e) => e.error),
        load_ms: w.merged - w.start,
        bytes_to_dashboard_ms: w.drawn - w.start,
        max_task_during_load_ms: Math.max(0, ...w.tasks.filter(inLoad).map(([, d]) => d)),
        // the part of each gap before the last merge (after it: the Report task, measured on its own)
        max_frame_gap_during_load_ms: Math.max(0, ...w.gaps.filter(inLoad).map(([t, d]) => Math.min(t + d, w.merged) - t)),
        report_task_ms: Math.max(0, ...after.map(([, d]) => d)), // the longest task of the Report's
        report_ms: w.drawn - w.merged,
        merges_ms: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('revlens merge '))
          .map((m) => [m.name.slice(14), Math.round(m.duration)]),
        // where the longest gaps fell: each with the long tasks and the page's measures (reads, merges) overlapping it
        top_gaps: w.gaps.filter(inLoad).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t, d]) => ({
          at_ms: Math.round(t - w.start), gap_ms: Math.round(d),
          tasks_ms: w.tasks.filter(([s, e]) => s < t + d && s + e > t).map(([, e]) => Math.round(e)),
          measures: performance.getEntriesByType('measure')
            .filter((m) => m.name.startsWith('revlens ') && m.startTime < t + d && m.startTime + m.duration > t)
            .map((m) => m.name.slice(8)),
        })),
        reads_ms: performance.getEntriesByType('measure').filter((m) => m.name.startsWith('revlens read '))
          .map((m) => [m.name.slice(13), Math.round(m.duration)]),
      };
    });
    r.bytes = bytes;
    if (r.errors.length) throw new Error('files refused: ' + r.errors.join('; '));
    if (r.files !== files.length) throw new Error(`${r.files} of ${files.length} files loaded`);
    process.stdout.write(JSON.stringify(r) + '\n');
  } finally {
    await browser.close();
    server.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
