// Bench peer (a): plain JavaScript, the way a small web app would do it: JSON.parse each export, keep one compact
// object per deal, and loop over them for every report. Same files and figures as revlens_bench.
//   node tests/bench/peer_js.cjs [--runs N] [--owner ID] [--figures OUT.json] FILE...
'use strict';
const c = require('./peer_common.cjs');

// Buffer.toString is node's fastest UTF-8 decode (the page would use TextDecoder): the peer gets its best case
const decoder = { decode: (b) => b.toString('utf8') };

function load(buffers) {
  const stages = new Map();
  for (const b of buffers.pipelines) for (const [k, v] of c.stageTable(JSON.parse(decoder.decode(b)))) stages.set(k, v);
  const deals = [];
  const votes = new Map();
  const vote = (cur) => votes.set(cur, (votes.get(cur) || 0) + 1);
  let asOf = null;
  for (const b of buffers.deals) {
    for (const r of JSON.parse(decoder.decode(b)).results) {
      const p = r.properties;
      const state = c.dealState(p, stages);
      const created = c.day(p.createdate);
      const closed = state === 'open' ? null : c.day(p.closedate);
      const amount = p.amount === null || p.amount === undefined || p.amount === '' ? NaN : Number(p.amount);
      const currency = p.deal_currency_code ? p.deal_currency_code.toUpperCase() : '';
      const home = p.amount_in_home_currency ? Number(p.amount_in_home_currency) : NaN;
      if (currency && !Number.isNaN(amount)) vote(currency);
      const st = stages.get(p.dealstage);
      deals.push({ state, created, closed, amount, currency, home, owner: p.hubspot_owner_id || '',
                   stage: st ? st.label : p.dealstage || 'unknown' });
      asOf = c.maxDay(asOf, created, closed, c.latestStageEvent(p));
    }
  }
  for (const b of buffers.contacts)
    for (const r of JSON.parse(decoder.decode(b)).results) asOf = c.maxDay(asOf, c.latestContactEvent(r.properties));
  for (const b of buffers.subscriptions) {
    for (const s of JSON.parse(decoder.decode(b)).data) {
      asOf = c.maxDay(asOf, c.epochSecondsDay(s.start_date), c.epochSecondsDay(s.canceled_at),
                      c.epochSecondsDay(s.ended_at));
      if (s.currency && s.items && s.items.data.some((i) => i.price && i.price.unit_amount !== null))
        vote(s.currency.toUpperCase());
    }
  }
  // Rule 4: base = most common currency; other currencies use HubSpot's home amount, else (no rates) are left out.
  let base = '', most = 0;
  for (const [cur, n] of votes) if (n > most || (n === most && cur < base)) { base = cur; most = n; }
  for (const d of deals)
    if (d.currency && d.currency !== base) d.amount = Number.isNaN(d.home) ? NaN : d.home;
  return { deals, asOf };
}

function report({ deals, asOf }, filter) {
  const { from, to } = c.period(filter.preset, asOf);
  const m0 = c.monthOf(from), m1 = c.monthOf(to);
  const bookings = [];
  for (let m = m0; m <= m1; ++m) bookings.push({ month: c.monthLabel(m), count: 0, amount: 0 });
  let won = 0, lost = 0, openCount = 0, openValue = 0;
  const cycles = [];
  const byStage = new Map();
  for (const d of deals) {
    if (filter.owner && d.owner !== filter.owner) continue;
    if (d.state !== 'open' && d.closed !== null && d.closed >= from && d.closed <= to) {
      if (d.state === 'won') {
        ++won;
        const b = bookings[c.monthOf(d.closed) - m0];
        ++b.count;
        if (!Number.isNaN(d.amount)) b.amount += d.amount;
        if (d.created !== null) cycles.push(d.closed - d.created);
      } else {
        ++lost;
      }
    }
    if ((d.created === null || d.created <= asOf) && (d.state === 'open' || (d.closed !== null && d.closed > asOf))) {
      ++openCount;
      let s = byStage.get(d.stage);
      if (!s) byStage.set(d.stage, (s = { stage: d.stage, count: 0, value: 0 }));
      ++s.count;
      if (!Number.isNaN(d.amount)) { s.value += d.amount; openValue += d.amount; }
    }
  }
  return { as_of: c.dayLabel(asOf), from: c.dayLabel(from), to: c.dayLabel(to),
           win_rate: won + lost ? won / (won + lost) : null, won_count: won, lost_count: lost,
           sales_cycle_days_median: c.median(cycles), open_pipeline_count: openCount, open_pipeline_value: openValue,
           open_pipeline_by_stage: [...byStage.values()], bookings };
}

c.runBench('js', load, report).catch((e) => { console.error(e); process.exit(1); });
