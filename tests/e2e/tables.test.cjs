// CSV export of the tables the views draw themselves (issue 5): every tab lists its tables (revlens.tables()), and
// revlens.exportTableCsv(id) saves one through the same download path as the drill-downs. The saved rows are checked
// against the numbers of revlens.report() (read from the Report JSON, not from the CSV code).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const h = require('./harness.cjs');

let server, browser, page;
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
  page = await h.openPage(browser.context, server.url + '?empty');
  await page.evaluate(() => window.revlens.started);
  await page.evaluate(() => window.revlens.loadSample());
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
function parseCsv(text) {
  const rows = [[]];
  let field = '', quoted = false, i = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows[rows.length - 1].push(field); field = ''; }
    else if (c === '\n') { rows[rows.length - 1].push(field); field = ''; rows.push([]); }
    else if (c !== '\r') field += c;
  }
  if (field || rows[rows.length - 1].length) rows[rows.length - 1].push(field);
  if (!rows[rows.length - 1].length) rows.pop();
  return rows;
}

// Saves table `id` and returns {name, header, rows} from the downloaded file. Chromium drops a download that comes
// right after ten others (the eleventh in about a second never starts): the saves here are paced like clicks.
async function exportTable(id) {
  const [dl] = await Promise.all([page.waitForEvent('download'),
                                  page.evaluate((t) => window.revlens.exportTableCsv(t), id)]);
  const text = fs.readFileSync(await dl.path(), 'utf8');
  await new Promise((r) => setTimeout(r, 150));
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) assert.strictEqual(r.length, header.length, id + ': every row has every column');
  return { name: dl.suggestedFilename(), header, rows, text };
}

// A raw CSV value against a Report JSON number (null = no value = an empty cell).
function sameNumber(cell, value, what) {
  if (value === null) assert.strictEqual(cell, '', what + ' is empty for null');
  else assert.strictEqual(Number(cell), value, what + ': ' + cell + ' vs ' + value);
}

test('every tab lists the tables it draws, each with its tab as prefix', async () => {
  const want = {
    overview: ['overview.bottlenecks'],
    marketing: ['marketing.conversion', 'marketing.sources'],
    sales: ['sales.stages', 'sales.owners', 'sales.slipped', 'sales.stale'],
    success: ['success.cohorts'],
    forecast: ['forecast.accuracy'],
    data: ['data.files', 'data.quality', 'data.per_file'],
  };
  for (const tab of ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data']) {
    const ids = await page.evaluate((t) => { window.revlens.setTab(t); return window.revlens.tables(); }, tab);
    for (const id of ids) assert.ok(id.startsWith(tab + '.'), id + ' on ' + tab);
    for (const id of want[tab] || []) assert.ok(ids.includes(id), tab + ' lists ' + id + ': ' + ids.join(', '));
  }
});

test('the owner leaderboard CSV has the report\'s owners and numbers, in the order shown', async () => {
  await page.evaluate(() => window.revlens.setTab('overview'));
  const csv = await exportTable('sales.owners');
  assert.strictEqual(await page.evaluate(() => window.revlens.state().tab), 'sales', 'the page shows the table');
  assert.strictEqual(csv.name, 'Owner leaderboard.csv');
  assert.deepStrictEqual(csv.header, ['Owner', 'Won amount', 'Won', 'Lost', 'Win rate', 'Avg deal',
                                      'Cycle (median days)', 'Open pipeline', 'Open deals']);
  const owners = (await page.evaluate(() => window.revlens.report())).sales.owner_leaderboard;
  assert.ok(owners.length >= 3, 'the sample company has several owners');
  assert.strictEqual(csv.rows.length, owners.length);
  const byName = new Map(owners.map((o) => [o.owner, o]));
  for (const r of csv.rows) {
    const o = byName.get(r[0]);
    assert.ok(o, 'owner ' + r[0] + ' is in the report');
    sameNumber(r[1], o.won_amount, r[0] + ' won amount');
    sameNumber(r[2], o.won_count, r[0] + ' won');
    sameNumber(r[3], o.lost_count, r[0] + ' lost');
    sameNumber(r[4], o.win_rate, r[0] + ' win rate');
    sameNumber(r[5], o.avg_deal_size, r[0] + ' avg deal');
    sameNumber(r[6], o.sales_cycle_days_median, r[0] + ' cycle');
    sameNumber(r[7], o.open_pipeline_value, r[0] + ' open pipeline');
    sameNumber(r[8], o.open_pipeline_count, r[0] + ' open deals');
  }
  const won = csv.rows.map((r) => Number(r[1]));
  assert.deepStrictEqual(won, [...won].sort((a, b) => b - a), 'largest won amount first, as the table sorts');
  assert.doesNotMatch(csv.text, /\$|€|—/, 'raw values: no currency symbols or dashes');
});

test('cohort conversion, forecast accuracy and per-file quality match the report', async () => {
  const r = await page.evaluate(() => window.revlens.report());

  const conv = await exportTable('marketing.conversion');
  assert.deepStrictEqual(conv.header, ['Step', 'Entered', 'Converted', 'Rate', 'Median days']);
  assert.strictEqual(conv.rows.length, r.marketing.conversion_cohorts.length);
  r.marketing.conversion_cohorts.forEach((c, i) => {
    sameNumber(conv.rows[i][1], c.entered, c.transition + ' entered');
    sameNumber(conv.rows[i][2], c.converted, c.transition + ' converted');
    sameNumber(conv.rows[i][3], c.rate, c.transition + ' rate');
    sameNumber(conv.rows[i][4], c.median_days, c.transition + ' median days');
  });
  assert.strictEqual(conv.rows[0][0], 'Lead → MQL');

  const acc = await exportTable('forecast.accuracy');
  assert.deepStrictEqual(acc.header, ['Month', 'Forecast at month start', 'Booked', 'Accuracy']);
  assert.deepStrictEqual(acc.rows.map((x) => x[0]), r.forecast.forecast_accuracy.map((a) => a.month),
                         'months as YYYY-MM');
  r.forecast.forecast_accuracy.forEach((a, i) => {
    sameNumber(acc.rows[i][1], a.forecast, a.month + ' forecast');
    sameNumber(acc.rows[i][2], a.actual, a.month + ' actual');
    sameNumber(acc.rows[i][3], a.accuracy, a.month + ' accuracy');
  });

  const pf = await exportTable('data.per_file');
  assert.strictEqual(pf.rows.length, r.quality.files.length);
  r.quality.files.forEach((f, i) => {
    assert.strictEqual(pf.rows[i][0], f.name);
    sameNumber(pf.rows[i][2], f.records_read, f.name + ' read');
    sameNumber(pf.rows[i][3], f.records_used, f.name + ' used');
    sameNumber(pf.rows[i][4], f.records_skipped, f.name + ' skipped');
  });

  const slipped = await exportTable('sales.slipped');
  assert.strictEqual(slipped.rows.length, r.sales.slipped_deals.length);
  r.sales.slipped_deals.forEach((d, i) => {
    assert.strictEqual(slipped.rows[i][4], d.expected_close, 'ISO date');
    sameNumber(slipped.rows[i][3], d.amount, d.id + ' amount');
    sameNumber(slipped.rows[i][5], d.days, d.id + ' days');
  });
});

test('every listed table saves a header and rows; an unknown table is refused', async () => {
  for (const tab of ['overview', 'marketing', 'sales', 'success', 'forecast', 'stack', 'data']) {
    const ids = await page.evaluate((t) => { window.revlens.setTab(t); return window.revlens.tables(); }, tab);
    for (const id of ids) {
      const csv = await exportTable(id);
      assert.ok(csv.header.length >= 2 && csv.rows.length >= 1, id + ': ' + csv.text.slice(0, 200));
      assert.match(csv.name, /\.csv$/);
    }
  }
  await assert.rejects(page.evaluate(() => window.revlens.exportTableCsv('sales.nope')), /no table sales\.nope/);
  assert.strictEqual(await page.evaluate(() => window.revlens.imguiAsserts()), 0);
  assert.deepStrictEqual(page.logs.filter((l) => /pageerror|ImGui assertion/.test(l)), []);
});
