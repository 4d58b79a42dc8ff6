// What the bench peers share: reading the export files the way docs/metrics.md defines the sales figures (dates as UTC
// days, deal state from HubSpot's flags, amounts in the base currency, as_of = latest event, the period presets), the
// run loop and its timing, and the figures' JSON shape (the same names and layout as revlens_bench --figures).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DAY_MS = 86400000;

// "2024-02-01T03:00:00.000Z", "2024-02-01", or epoch milliseconds as a string -> days since 1970-01-01 (UTC), or null.
function day(s) {
  if (s === null || s === undefined || s === '') return null;
  if (typeof s === 'number') return Math.floor(s / DAY_MS);
  if (s.length >= 10 && s.charCodeAt(4) === 45) {
    const y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  }
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : null;
}
const epochSecondsDay = (s) => (s === null || s === undefined ? null : Math.floor(s / 86400));
const monthOf = (d) => { const t = new Date(d * DAY_MS); return t.getUTCFullYear() * 12 + t.getUTCMonth(); };
const firstDay = (m) => Date.UTC(Math.floor(m / 12), m % 12, 1) / DAY_MS;
const monthLabel = (m) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const dayLabel = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);

// The period presets the bench uses (core/context.cpp resolve_period): 12 whole months to as_of, or the last quarter.
function period(preset, asOf) {
  const m = monthOf(asOf);
  if (preset === 'last_12_months') return { from: firstDay(m - 11), to: asOf };
  if (preset === 'last_quarter') {
    const to = firstDay(m - (m % 3)) - 1;
    const tm = monthOf(to);
    return { from: firstDay(tm - (tm % 3)), to };
  }
  throw new Error('unknown preset ' + preset);
}

// The files of one bench size, in load order; each peer gets the same list on its command line.
function classify(files) {
  const out = { pipelines: [], deals: [], contacts: [], subscriptions: [] };
  for (const f of files) {
    const b = path.basename(f);
    if (b.includes('pipelines')) out.pipelines.push(f);
    else if (b.includes('deals')) out.deals.push(f);
    else if (b.includes('contacts')) out.contacts.push(f);
    else if (b.includes('subscriptions')) out.subscriptions.push(f);
    else throw new Error('bench peers do not read ' + f);
  }
  return out;
}

// Stage id -> {label, closed, probability} from a HubSpot pipelines file.
function stageTable(pipelinesJson) {
  const stages = new Map();
  for (const p of pipelinesJson.results || [])
    for (const s of p.stages || [])
      stages.set(s.id, { label: s.label, closed: s.metadata && s.metadata.isClosed === 'true',
                         probability: s.metadata ? Number(s.metadata.probability) : NaN });
  return stages;
}

// Rule 6: vendor flags first, then the stage's metadata.
function dealState(p, stages) {
  if (p.hs_is_closed_won === 'true') return 'won';
  if (p.hs_is_closed === 'true') return 'lost';
  if (p.hs_is_closed === 'false') return 'open';
  const s = stages.get(p.dealstage);
  if (s && s.closed) return s.probability >= 1 ? 'won' : 'lost';
  return 'open';
}

// Latest dated HubSpot stage entry/exit of a deal (stage history: events of rule 14).
function latestStageEvent(p) {
  let best = null;
  for (const k in p) {
    if (k.charCodeAt(0) !== 104 || !(k.startsWith('hs_date_e') || k.startsWith('hs_v2_date_e'))) continue;
    const d = day(p[k]);
    if (d !== null && (best === null || d > best)) best = d;
  }
  return best;
}
function latestContactEvent(p) {
  let best = day(p.createdate);
  for (const k in p) {
    if (!k.startsWith('hs_lifecyclestage_') || !k.endsWith('_date')) continue;
    const d = day(p[k]);
    if (d !== null && (best === null || d > best)) best = d;
  }
  return best;
}
const maxDay = (...ds) =>
  ds.reduce((a, d) => (d === null || d === undefined ? a : a === null ? d : Math.max(a, d)), null);

function median(v) {
  if (!v.length) return null;
  v.sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

function parseArgs(argv) {
  const a = { runs: 1, owner: '', figures: '', warmup: '', files: [] };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--runs') a.runs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--warmup') a.warmup = argv[++i];
    else if (argv[i] === '--owner') a.owner = argv[++i];
    else if (argv[i] === '--figures') a.figures = argv[++i];
    else a.files.push(argv[i]);
  }
  return a;
}

// Runs `load(buffers) -> state` and `report(state, filter) -> figures` like revlens_bench does: import from bytes in
// memory, the first report, then owner and (keeping the owner) last quarter; prints the same JSON line.
// `setup()`, when given, runs first and is not timed: what a page has done before a file arrives (DuckDB's instance),
// as ours has instantiated its wasm before it is given bytes. --warmup DIR: DIR's small export is loaded and reported
// on again and again for 2 s first, untimed, as bench_driver.cpp does it.
async function runBench(name, load, report, setup = null) {
  const args = parseArgs(process.argv.slice(2));
  const rssAtStart = process.memoryUsage().rss;
  if (setup) await setup();
  const read = (files) => {
    const buffers = {};
    let bytes = 0;
    for (const [kind, list] of Object.entries(files)) {
      buffers[kind] = list.map((f) => fs.readFileSync(f));
      for (const b of buffers[kind]) bytes += b.length;
    }
    return { buffers, bytes };
  };
  const result = { bytes: 0, import_s: [], report_s: [], owner_ms: [], period_ms: [], warmup_runs: 0 };
  if (args.warmup) {
    const small = read(classify(['hubspot_pipelines.json', 'hubspot_deals.json', 'hubspot_contacts.json',
                                 'stripe_subscriptions.json'].map((f) => path.join(args.warmup, f))));
    for (const w0 = performance.now(); result.warmup_runs < 2 || performance.now() - w0 < 2000; result.warmup_runs++)
      await report(await load(small.buffers), { preset: 'last_12_months', owner: '' });
  }
  const files = classify(args.files);
  let figs = null;
  for (let run = 0; run < args.runs; ++run) {
    const { buffers, bytes } = read(files);
    let t0 = performance.now();
    const state = await load(buffers);
    const importS = (performance.now() - t0) / 1e3;
    t0 = performance.now();
    const all = await report(state, { preset: 'last_12_months', owner: '' });
    const reportS = (performance.now() - t0) / 1e3;
    t0 = performance.now();
    const byOwner = await report(state, { preset: 'last_12_months', owner: args.owner });
    const ownerMs = performance.now() - t0;
    t0 = performance.now();
    const byPeriod = await report(state, { preset: 'last_quarter', owner: args.owner });
    const periodMs = performance.now() - t0;
    result.bytes = bytes;
    result.import_s.push(importS);
    result.report_s.push(reportS);
    result.owner_ms.push(ownerMs);
    result.period_ms.push(periodMs);
    if (run === 0) figs = { all, owner: byOwner, period: byPeriod };
  }
  // node's own heap and code are not the peer's data: the peak is counted above what node holds when it starts
  result.peak_mb = (process.resourceUsage().maxRSS * 1024 - rssAtStart) / (1 << 20);
  if (args.figures) fs.writeFileSync(args.figures, JSON.stringify(figs, null, 1) + '\n');
  process.stdout.write(JSON.stringify(result) + '\n');
  void name;
}

module.exports = { day, epochSecondsDay, monthOf, firstDay, monthLabel, dayLabel, period, stageTable, dealState,
                   latestStageEvent, latestContactEvent, maxDay, median, runBench };
