// A form with pre-filled table cells, built by chkc in Spanish, filled
// in Chromium from file://: the fixed cells are text (no control), the
// others are filled, the exported run leaves the fixed cells empty, and
// `chkc status` takes that run without an error.
//
//   node forms.test.js CHKC ROOT WORKDIR
// ROOT is tests/golden/forms/input (acme/release-es); WORKDIR receives
// out/ and the exported run.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const [CHKC, ROOT, WORK] = process.argv.slice(2);
const sel = (name) => `[name="${name.replace(/["\\]/g, '\\$&')}"]`;

function cmd(name, ...args) {
  const r = spawnSync(CHKC, [name, '-C', ROOT, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

async function main() {
  const t = lib.reporter('browser/forms');
  const out = path.join(WORK, 'out');
  const run = path.join(WORK, 'forms.run.json');
  let browser;

  await t.run('build', async () => {
    const r = cmd('build', '-q', '--only', 'html', '-o', out, 'acme/release-es');
    assert.equal(r.status, 0, r.out);
  });
  await t.run('fill-and-export', async () => {
    browser = await lib.launch();
    const ctx = await browser.newContext({ acceptDownloads: true });
    const w = lib.watch(ctx);
    const page = await ctx.newPage();
    await page.goto(lib.fileUrl(out, 'acme', 'release-es.html'));
    const fixed = await page.$$eval('td.fixed', (tds) => tds.map((e) => e.textContent));
    assert.deepEqual(fixed, ['1240', '310 (1.0)', '200 OK', 'Login']);
    assert.equal(await page.$(sel('tests.test-results[0][2]')), null);
    assert.equal((await page.textContent('#chk_export')).trim(), 'Exportar ejecución');
    await page.fill(sel('tests.test-results[0][0]'), '1200');
    await page.fill(sel('tests.test-results[0][1]'), '40');
    await page.fill(sel('tests.test-results[2][2]'), '85');
    await page.fill(sel('tests.free-rows[0][0]'), 'ping');
    await page.fill(sel('tests.free-rows[1][2]'), '302');
    const [dl] = await Promise.all([page.waitForEvent('download'),
      page.click('#chk_export')]);
    await dl.saveAs(run);
    const r = JSON.parse(fs.readFileSync(run, 'utf8'));
    assert.deepEqual(r.tables, {
      'tests.test-results': [['1200', '40', ''], ['', '', ''], ['', '', '85']],
      'tests.free-rows': [['ping', '', ''], ['', '', '302']],
    });
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.requests, []);
  });
  if (browser)
    await browser.close();
  await t.run('status-accepts', async () => {
    const r = cmd('status', run);
    assert.equal(r.status, 1, r.out);	/* incomplete, not invalid */
    assert.doesNotMatch(r.out, /error:/);
    assert.match(r.out, /status: incomplete/);
  });
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL browser/forms (${e.message})`);
  process.exitCode = 1;
});
