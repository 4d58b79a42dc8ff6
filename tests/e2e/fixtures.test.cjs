// Every recorded export in ../shared/fixtures goes through the page exactly as through the CLI (issue 4: "every fixture
// imports through the CLI and the page"): each file, alone in an empty page, is imported with the same format and
// record counts as `revlens check` prints, or refused with the same reason.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness.cjs');

const cli = path.join(h.root, 'build', 'native', 'revlens');
const fixtures = [];
for (const dir of fs.readdirSync(h.fixtures, { withFileTypes: true }))
  if (dir.isDirectory())
    for (const f of fs.readdirSync(path.join(h.fixtures, dir.name)))
      if (f.endsWith('.json') || f.endsWith('.csv')) fixtures.push(path.join(dir.name, f));

// `revlens check FILE` for one file: {ok, format, read, used, error}
function checkByCli(rel) {
  let out;
  try {
    out = execFileSync(cli, ['check', path.join(h.fixtures, rel)], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // a refused file makes check exit 1; its report is still printed
  }
  const ok = /: ok\n/.test(out);
  const format = (/ format: (\S+)/.exec(out) || [])[1] || '';
  const counts = / records read: (\d+), used: (\d+)/.exec(out);
  const error = ((/ error: (.*)/.exec(out) || [])[1] || '');
  return { ok, format, read: counts ? +counts[1] : 0, used: counts ? +counts[2] : 0, error };
}

let server, browser, page;
test.before(async () => {
  server = await h.startServer();
  browser = await h.launch();
  page = await h.openPage(browser.context, server.url + '?empty');
  await page.evaluate(() => window.revlens.started);
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('the fixtures are there', () => assert.ok(fixtures.length >= 20, `found ${fixtures.length}`));

for (const rel of fixtures) {
  test(`page imports ${rel} as revlens check does`, async () => {
    const want = checkByCli(rel);
    const name = path.join(h.fixtures, rel); // the CLI's name for the file, so errors read the same
    // as a dropped file: read by the import worker, merged by the page
    const got = await page.evaluate(async ([n, bytes]) => {
      window.revlens.clear();
      const [r] = await window.revlens.loadFiles([new File([new Uint8Array(bytes)], n)]);
      const st = window.revlens.state();
      const f = st.files[st.files.length - 1];
      return { ok: r.ok, error: r.error || '', file: r.ok ? f : null };
    }, [name, Array.from(fs.readFileSync(path.join(h.fixtures, rel)))]);
    assert.strictEqual(got.ok, want.ok, `${rel}: page ${got.ok ? 'ok' : got.error} vs cli ${want.ok ? 'ok' : want.error}`);
    if (want.ok) {
      assert.strictEqual(got.file.format, want.format, rel);
      assert.strictEqual(got.file.records_read, want.read, rel);
      assert.strictEqual(got.file.records_used, want.used, rel);
      // a file read but not used (invoices: MRR comes from subscriptions) says why
      assert.ok(want.used > 0 || got.file.warnings.length > 0, `${rel}: records used, or a warning why not`);
    } else {
      assert.ok(want.error.length > 20, `${rel}: refused with a reason (${want.error})`);
      assert.strictEqual(got.error, want.error, rel);
    }
  });
}
