// The page and the archive together: a checklist built by chkc is filled
// in Chromium from file://, its run exported with the page's button, and
// that file, unchanged, is what `chkc status`, `chkc archive` and
// `chkc verify --require` accept.
//
//   node archive.test.js CHKC ROOT WORKDIR
// ROOT is a project root (templates/, content/) with the checklist
// shop/deploy; WORKDIR receives out/, the run and deployment-logs/.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const [CHKC, ROOT, WORK] = process.argv.slice(2);


// Commands take -C after their name.
function cmd(name, ...args) {
  const r = spawnSync(CHKC, [name, '-C', ROOT, ...args],
    { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  return { status: r.status, out: r.stdout + r.stderr };
}

async function fillAll(page) {
  await page.fill('[name="fields.version"]', 'v1.0');
  for (const box of await page.$$('input.done'))
    await box.check();
  for (const v of await page.$$('input[type="number"][name$=":value"]'))
    await v.fill('12');
  for (const n of await page.$$('input[name^="signoff."][name$=":name"]'))
    await n.fill('Alice Ivanova');
  for (const at of await page.$$('input[name^="signoff."][name$=":at"]'))
    await at.fill('2026-11-24T12:00');
  await page.check('input[name="outcome"][value="success"]');
}

async function main() {
  const t = lib.reporter('browser/archive');
  const out = path.join(WORK, 'out');
  const run = path.join(WORK, 'exported.run.json');
  const logs = path.join(WORK, 'deployment-logs');
  let browser;

  await t.run('build', async () => {
    const r = cmd('build', '-q', '--only', 'html', '-o', out, 'shop/deploy');
    assert.equal(r.status, 0, r.out);
  });
  await t.run('fill-and-export', async () => {
    browser = await lib.launch();
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(lib.fileUrl(out, 'shop', 'deploy.html'));
    await fillAll(page);
    const [dl] = await Promise.all([page.waitForEvent('download'),
      page.click('#chk_export')]);
    await dl.saveAs(run);
    assert.equal(JSON.parse(fs.readFileSync(run, 'utf8')).run, 'shop/deploy');
  });
  if (browser)
    await browser.close();
  await t.run('status-complete', async () => {
    const r = cmd('status', run);
    assert.equal(r.status, 0, r.out);
  });
  await t.run('archive', async () => {
    const r = cmd('archive', '-q', run, '--logs', logs);
    assert.equal(r.status, 0, r.out);
  });
  await t.run('verify-require', async () => {
    const r = cmd('verify', logs, '--require', 'shop/deploy', '--version', 'v1.0');
    assert.equal(r.status, 0, r.out);
  });
  await t.run('verify-require-other-version', async () => {
    const r = cmd('verify', logs, '--require', 'shop/deploy', '--version', 'v9.9');
    assert.equal(r.status, 1, r.out);
  });
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => {
  console.log('FAIL browser/archive/setup');
  console.log(`  ${e.stack || e}`);
});
