// Bench peer (b): DuckDB-WASM (node blocking build). Its JSON extension cannot be fetched offline, so the peer does
// what a page without it would: JSON.parse -> apache-arrow columns -> insertArrowTable, then SQL for every figure.
// Import time covers all of that (bytes to queryable tables); report time is the SQL. Same files and figures as
// revlens_bench.   node tests/bench/peer_duckdb.cjs [--runs N] [--owner ID] [--figures OUT.json] FILE...
'use strict';
const path = require('node:path');
const arrow = require('apache-arrow');
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking');
const c = require('./peer_common.cjs');

const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking'));
const bundles = {
  mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
  eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
};

let conn = null;
let generation = 0;

function table(columns) {
  const vectors = {};
  for (const [name, [values, type]] of Object.entries(columns)) vectors[name] = arrow.vectorFromArray(values, type);
  return new arrow.Table(vectors);
}
const rows = (sql) => conn.query(sql).toArray().map((r) => r.toJSON());
const quote = (s) => "'" + String(s).replace(/'/g, "''") + "'";

// A page using DuckDB-WASM instantiates it when it opens, before the user picks a file (not timed).
async function setup() {
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  conn = db.connect();
}

async function load(buffers) {
  for (const t of ['deals_raw', 'deals', 'contacts', 'subs', 'stages']) conn.query(`DROP TABLE IF EXISTS ${t}`);
  ++generation;

  const st = { id: [], label: [], closed: [], probability: [] };
  for (const b of buffers.pipelines)
    for (const [id, s] of c.stageTable(JSON.parse(b.toString('utf8')))) {
      st.id.push(id); st.label.push(s.label); st.closed.push(s.closed); st.probability.push(s.probability);
    }
  conn.insertArrowTable(table({ id: [st.id, new arrow.Utf8()], label: [st.label, new arrow.Utf8()],
                                closed: [st.closed, new arrow.Bool()],
                                probability: [st.probability, new arrow.Float64()] }),
                        { name: 'stages', create: true });

  // Deals: the raw properties the figures need, one column each; the stage history collapses to its latest date
  // (the only use these figures make of it is as_of).
  const d = { stage: [], won: [], closed_flag: [], created: [], closed: [], amount: [], currency: [], home: [],
              owner: [], last_event: [] };
  const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));
  for (const b of buffers.deals)
    for (const r of JSON.parse(b.toString('utf8')).results) {
      const p = r.properties;
      d.stage.push(p.dealstage); d.won.push(p.hs_is_closed_won ?? null); d.closed_flag.push(p.hs_is_closed ?? null);
      d.created.push(c.day(p.createdate)); d.closed.push(c.day(p.closedate)); d.amount.push(num(p.amount));
      d.currency.push(p.deal_currency_code ? p.deal_currency_code.toUpperCase() : '');
      d.home.push(num(p.amount_in_home_currency)); d.owner.push(p.hubspot_owner_id || '');
      d.last_event.push(c.latestStageEvent(p));
    }
  const U = () => new arrow.Utf8(), I = () => new arrow.Int32(), F = () => new arrow.Float64();
  conn.insertArrowTable(table({ stage: [d.stage, U()], won: [d.won, U()], closed_flag: [d.closed_flag, U()],
                                created: [d.created, I()], closed: [d.closed, I()], amount: [d.amount, F()],
                                currency: [d.currency, U()], home: [d.home, F()], owner: [d.owner, U()],
                                last_event: [d.last_event, I()] }), { name: 'deals_raw', create: true });

  const ct = { last_event: [] };
  for (const b of buffers.contacts)
    for (const r of JSON.parse(b.toString('utf8')).results) ct.last_event.push(c.latestContactEvent(r.properties));
  conn.insertArrowTable(table({ last_event: [ct.last_event, I()] }), { name: 'contacts', create: true });

  const s = { started: [], canceled: [], ended: [], currency: [], priced: [] };
  for (const b of buffers.subscriptions)
    for (const x of JSON.parse(b.toString('utf8')).data) {
      s.started.push(c.epochSecondsDay(x.start_date)); s.canceled.push(c.epochSecondsDay(x.canceled_at));
      s.ended.push(c.epochSecondsDay(x.ended_at)); s.currency.push(x.currency ? x.currency.toUpperCase() : '');
      s.priced.push(!!(x.items && x.items.data.some((i) => i.price && i.price.unit_amount !== null)));
    }
  conn.insertArrowTable(table({ started: [s.started, I()], canceled: [s.canceled, I()], ended: [s.ended, I()],
                                currency: [s.currency, U()], priced: [s.priced, new arrow.Bool()] }),
                        { name: 'subs', create: true });

  // Rule 6 (flags, then stage metadata) and rule 4 (base = most common currency; others use HubSpot's home amount,
  // else are left out: no rates are loaded) in SQL, once, as a table the reports query.
  conn.query(`CREATE TABLE deals AS
    WITH base AS (SELECT cur FROM (SELECT currency cur FROM deals_raw WHERE amount IS NOT NULL AND currency <> ''
                                   UNION ALL SELECT currency FROM subs WHERE priced AND currency <> '')
                  GROUP BY cur ORDER BY count(*) DESC, cur LIMIT 1)
    SELECT CASE WHEN r.won = 'true' THEN 'won' WHEN r.closed_flag = 'true' THEN 'lost' WHEN r.closed_flag = 'false'
                THEN 'open' WHEN s.closed AND s.probability >= 1 THEN 'won' WHEN s.closed THEN 'lost' ELSE 'open'
           END AS state,
           coalesce(s.label, r.stage, 'unknown') AS stage, r.created, r.owner, r.last_event,
           CASE WHEN r.currency = '' OR r.currency = (SELECT cur FROM base) THEN r.amount ELSE r.home END AS amount,
           r.closed AS closed_any
    FROM deals_raw r LEFT JOIN stages s ON s.id = r.stage`);
  conn.query(`ALTER TABLE deals ADD COLUMN closed INTEGER`);
  conn.query(`UPDATE deals SET closed = CASE WHEN state = 'open' THEN NULL ELSE closed_any END`);
  return { generation };
}

function report(_state, filter) {
  const asOf = rows(`SELECT greatest(
      (SELECT max(greatest(created, closed, last_event)) FROM deals),
      (SELECT max(last_event) FROM contacts),
      (SELECT max(greatest(started, canceled, ended)) FROM subs)) AS as_of`)[0].as_of;
  const { from, to } = c.period(filter.preset, asOf);
  const owner = filter.owner ? `AND owner = ${quote(filter.owner)}` : '';
  const closed = rows(`SELECT count(*) FILTER (WHERE state = 'won')::DOUBLE AS won,
      count(*) FILTER (WHERE state = 'lost')::DOUBLE AS lost,
      quantile_cont(closed - created, 0.5) FILTER (WHERE state = 'won' AND created IS NOT NULL) AS cycle
    FROM deals WHERE state <> 'open' AND closed BETWEEN ${from} AND ${to} ${owner}`)[0];
  const month = `(year(DATE '1970-01-01' + closed) * 12 + month(DATE '1970-01-01' + closed) - 1)`;
  const booked = new Map(rows(`SELECT ${month}::INTEGER AS m, count(*)::DOUBLE AS n, coalesce(sum(amount), 0) AS a
    FROM deals WHERE state = 'won' AND closed BETWEEN ${from} AND ${to} ${owner} GROUP BY m`).map((r) => [r.m, r]));
  const open = rows(`SELECT stage, count(*)::DOUBLE AS count, coalesce(sum(amount), 0) AS value FROM deals
    WHERE (created IS NULL OR created <= ${asOf}) AND (state = 'open' OR closed > ${asOf}) ${owner} GROUP BY stage`);
  const bookings = [];
  for (let m = c.monthOf(from); m <= c.monthOf(to); ++m) {
    const b = booked.get(m);
    bookings.push({ month: c.monthLabel(m), count: b ? b.n : 0, amount: b ? b.a : 0 });
  }
  const won = closed.won, lost = closed.lost;
  return { as_of: c.dayLabel(asOf), from: c.dayLabel(from), to: c.dayLabel(to),
           win_rate: won + lost ? won / (won + lost) : null, won_count: won, lost_count: lost,
           sales_cycle_days_median: closed.cycle ?? null,
           open_pipeline_count: open.reduce((n, r) => n + r.count, 0),
           open_pipeline_value: open.reduce((n, r) => n + r.value, 0), open_pipeline_by_stage: open, bookings };
}

c.runBench('duckdb', load, report, setup).catch((e) => { console.error(e); process.exit(1); });
