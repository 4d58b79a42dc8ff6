// The browser computes the same numbers as the CLI (issue 5): for the same files and filters, window.revlens.report()
// equals `revlens report --json`. Both come from one engine; this catches anything the page or the wasm build changes.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.cjs');

const cli = path.join(h.root, 'build', 'native', 'revlens');
const files = ['hubspot/hubspot_fetch-pipelines.json', 'hubspot/hubspot_deals.json', 'hubspot/hubspot_companies.json',
               'salesforce/salesforce_opportunities.json', 'stripe/stripe_customers.json',
               'stripe/stripe_subscriptions.json', 'zoho/zoho-crm_leads.json'].map((f) => path.join(h.fixtures, f));

// Deep equality with a relative tolerance on numbers (wasm and native libm may differ in the last bit).
function near(a, b, where = '$') {
  if (typeof a === 'number' && typeof b === 'number') {
    const ok = a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    assert.ok(ok, `${where}: page ${a} vs cli ${b}`);
    return;
  }
  assert.strictEqual(typeof a, typeof b, `${where}: type`);
  if (a === null || typeof a !== 'object') { assert.strictEqual(a, b, where); return; }
  assert.strictEqual(Array.isArray(a), Array.isArray(b), `${where}: array`);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) near(a[k], b[k], `${where}.${k}`);
}

let server, browser, page;
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
  page = await h.openPage(browser.context, server.url + '?empty');
  await page.evaluate(() => window.revlens.started);
  for (const f of files) {
    const bytes = Array.from(fs.readFileSync(f));
    const ok = await page.evaluate(([name, b]) => window.revlens.load(name, new Uint8Array(b)).ok,
                                   [f, bytes]); // the name the CLI reports for the file: its path
    assert.ok(ok, f);
  }
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

const runCli = (args) => JSON.parse(execFileSync(cli, ['report', ...files, ...args, '--json'], { maxBuffer: 64 << 20 }));
// an owner who has deals in these files (an input for the filter, not an expected value)
const owner = runCli(['--period', 'all_time']).sales.owner_leaderboard.map((o) => o.owner).find((o) => o !== 'unknown');
const cases = [
  { name: 'default period', args: [], filter: {} },
  { name: 'all time', args: ['--period', 'all_time'], filter: { period: 'all_time' } },
  { name: 'custom period and an owner', args: ['--from', '2025-01-01', '--to', '2026-06-30', '--owner', owner],
    filter: { period: 'custom', from: '2025-01-01', to: '2026-06-30', owner } },
];
for (const c of cases) {
  test(`page report equals revlens report --json (${c.name})`, async () => {
    assert.ok(owner, 'the fixtures name an owner');
    const want = runCli(c.args);
    await page.evaluate((f) => window.revlens.setFilter(f), c.filter);
    const got = await page.evaluate(() => window.revlens.report());
    near(got, want);
  });
}
