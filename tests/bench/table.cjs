// Prints the bench table from the JSON lines scripts/bench.sh collected: one row per size and implementation, medians
// of the runs, and each peer's times divided by ours in wasm (> 1: ours is faster).
//   node tests/bench/table.cjs DIR...   (DIR/results: wasm.json, native.json, js.json, duckdb.json, a line a round)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const median = (v) => {
  const s = [...v].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const MB = 1 << 20;
// A results file: one JSON line per round (scripts/bench.sh runs the implementations in turn, round after round).
const readRounds = (file) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
// The runs of all rounds pooled, the highest peak.
const pooled = (file) => {
  const rounds = readRounds(file);
  const all = { ...rounds[0] };
  for (const k of ['import_s', 'report_s', 'owner_ms', 'period_ms']) all[k] = rounds.flatMap((r) => r[k]);
  all.peak_mb = Math.max(...rounds.map((r) => r.peak_mb));
  return all;
};
const impls = [['wasm', 'ours wasm'], ['native', 'ours native'], ['js', 'JS JSON.parse'], ['duckdb', 'DuckDB-WASM']];
const fmt = (x, d) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(d));

const header = ['deals', 'implementation', 'file MB', 'import s', 'MB/s', 'peak MB', 'peak/file', 'report s',
                'owner ms', 'period ms', 'bytes->report s', 'runs', 'import x', 'report x', 'owner x', 'period x',
                'total x'];
const lines = [header];
for (const dir of process.argv.slice(2)) {
  const deals = path.basename(dir).replace(/^deals-/, '');
  const rows = {};
  for (const [key] of impls) {
    const f = path.join(dir, 'results', key + '.json');
    if (!fs.existsSync(f)) continue;
    const r = pooled(f);
    const imp = median(r.import_s), rep = median(r.report_s);
    rows[key] = { mb: r.bytes / MB, imp, rep, owner: median(r.owner_ms), period: median(r.period_ms), peak: r.peak_mb,
                  total: imp + rep, runs: r.import_s.length };
  }
  const base = rows.wasm;
  for (const [key, name] of impls) {
    const r = rows[key];
    if (!r) continue;
    const ratio = (a, b) => (base && key !== 'wasm' ? fmt(a / b, 2) : '');
    lines.push([deals, name, fmt(r.mb, 1), fmt(r.imp, 3), fmt(r.mb / r.imp, 1), fmt(r.peak, 0), fmt(r.peak / r.mb, 2),
                fmt(r.rep, 3), fmt(r.owner, 1), fmt(r.period, 1), fmt(r.total, 3), String(r.runs),
                ratio(r.imp, base && base.imp), ratio(r.rep, base && base.rep), ratio(r.owner, base && base.owner),
                ratio(r.period, base && base.period), ratio(r.total, base && base.total)]);
  }
}
const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
const pad = (c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]));
for (const l of lines) console.log('| ' + l.map(pad).join(' | ') + ' |');
console.log('medians of the runs; "x" columns = that implementation\'s time / ours in wasm (> 1: ours faster).');
console.log('runs = imports; from 1M deals ours computes 3 Reports (a new Engine each) after each import.');
console.log('ours and plain JS run after a 2 s untimed warm-up on a 600-deal export (as the page\'s import worker warms');
console.log('up before a file arrives); DuckDB without one (its first run is the page table\'s "DuckDB first").');
console.log('peak MB: ours wasm = linear memory (what the tab holds), ours native = max RSS,');
console.log('peers = node max RSS above');
console.log('its start-up RSS (JS heap + DuckDB wasm memory + file buffers). bytes->report = import + first report.');

// The import ratio against plain JS round by round: each round runs ours and then JS minutes apart at most, so a host
// that slows down or speeds up between rounds moves both; the pooled medians above can mix one's fast round with the
// other's slow one.
for (const dir of process.argv.slice(2)) {
  const f = (key) => path.join(dir, 'results', key + '.json');
  if (!fs.existsSync(f('wasm')) || !fs.existsSync(f('js'))) continue;
  const ours = readRounds(f('wasm')), js = readRounds(f('js'));
  const ratios = ours.slice(0, js.length).map((r, i) => median(js[i].import_s) / median(r.import_s));
  console.log(`import x per round (JS / ours wasm, medians of each round's runs), ${path.basename(dir)}: ` +
              ratios.map((x) => fmt(x, 2)).join(', ') + ' -> median ' + fmt(median(ratios), 2));
}

// Where our first Report's time goes: the Engine's pieces as the page works them out (bench_driver.cpp's
// report_steps_ms, each round's first run), medians over the rounds.
const pieces = ['summary', 'amounts+stages', 'MRR book', 'stack', 'quality', 'kept rows', 'bottlenecks+forecast',
                'period sections'];
for (const dir of process.argv.slice(2)) {
  for (const key of ['wasm', 'native']) {
    const f = path.join(dir, 'results', key + '.json');
    if (!fs.existsSync(f)) continue;
    const steps = readRounds(f).map((r) => r.report_steps_ms).filter((s) => s && s.length === pieces.length);
    if (!steps.length) continue;
    console.log(`report pieces, ${path.basename(dir)}, ours ${key} (ms): ` +
                pieces.map((name, i) => name + ' ' + fmt(median(steps.map((s) => s[i])), 0)).join(', '));
  }
}

// The page in headless Chromium (results/page.json, tests/bench/page_load.cjs): the same files picked in "Open files…"
const pageHeader = ['deals', 'file MB', 'bytes->dashboard s', 'DuckDB first s', 'ours / first', 'DuckDB later s',
                    'ours / later', 'longest main-thread task while loading ms', 'longest frame gap ms',
                    'longest merge ms', 'Report to first frame ms', 'longest Report task ms', 'runs'];
const pageLines = [pageHeader];
for (const dir of process.argv.slice(2)) {
  const f = path.join(dir, 'results', 'page.json');
  if (!fs.existsSync(f)) continue;
  const runs = readRounds(f); // a line a page run
  if (!runs.length) continue;
  const m = (k) => median(runs.map((r) => r[k]));
  const merge = median(runs.map((r) => Math.max(0, ...r.merges_ms.map(([, ms]) => ms))));
  const d = path.join(dir, 'results', 'duckdb.json');
  // DuckDB's bytes to report: its first run in each process (instantiated, its code not yet run: a page whose user
  // picks the files, as each of our page runs is a fresh page), and its later runs (warmed up)
  let first, later;
  if (fs.existsSync(d)) {
    const duck = readRounds(d);
    first = median(duck.map((r) => r.import_s[0] + r.report_s[0]));
    const rest = duck.flatMap((r) => r.import_s.slice(1).map((x, i) => x + r.report_s[i + 1]));
    later = rest.length ? median(rest) : undefined;
  }
  const ours = m('bytes_to_dashboard_ms') / 1000;
  const ratio = (x) => (x ? fmt(ours / x, 2) : '-');
  pageLines.push([path.basename(dir).replace(/^deals-/, ''), fmt(runs[0].bytes / MB, 1), fmt(ours, 2), fmt(first, 2),
                  ratio(first), fmt(later, 2), ratio(later), fmt(m('max_task_during_load_ms'), 0),
                  fmt(m('max_frame_gap_during_load_ms'), 0), fmt(merge, 0), fmt(m('report_ms'), 0),
                  fmt(m('report_task_ms'), 0), String(runs.length)]);
}
if (pageLines.length > 1) {
  const w2 = pageHeader.map((_, i) => Math.max(...pageLines.map((l) => l[i].length)));
  console.log('\npage (headless Chromium: files picked in "Open files…", imported by the worker, merged on the page)');
  for (const l of pageLines) console.log('| ' + l.map((c, i) => (i ? c.padStart(w2[i]) : c.padEnd(w2[i]))).join(' | ') + ' |');
  console.log('medians; "ours / first" < 0.5 is the target: each page run is a fresh page, DuckDB\'s first run in');
  console.log('a process is the same moment of a page that uses it (instantiated beforehand, untimed); "later": its');
  console.log('runs after the first, warmed up. Tasks and gaps: the page\'s main thread while the files load');
  console.log('(long tasks >= 50 ms and animation-frame gaps); then the Report: from its first piece to the first');
  console.log('frame drawn on it, and its longest task (a piece, or the frame computing the rest and drawing it).');
}

// The host beside each size's runs (results/host.json, tests/bench/host_probe.cpp: before the first round, after the
// last): runs on different hosts (or hours) compare only beside what the host's clock, caches and memory did.
const hostLines = [];
for (const dir of process.argv.slice(2)) {
  const f = path.join(dir, 'results', 'host.json');
  if (!fs.existsSync(f)) continue;
  const probes = readRounds(f);
  const show = (k, d) => probes.map((p) => fmt(p[k], d)).join(' -> ');
  hostLines.push(`${path.basename(dir).replace(/^deals-/, '')} deals: one core ${show('alu_ms', 0)} ms, random read ` +
                 `4 MB ${show('read4_ns', 0)} ns, 64 MB ${show('read64_ns', 0)} ns, first touch of a page ` +
                 `${show('fault_us', 1)} us`);
}
if (hostLines.length) {
  console.log('\nhost, before -> after each size\'s runs (tests/bench/host_probe.cpp; lower is faster):');
  for (const l of hostLines) console.log('  ' + l);
}
