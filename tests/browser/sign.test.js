// A run signed with SSH keys, rendered by chkc, opened in Chromium from
// file://: each signed role shows its principal and key fingerprint and
// its inputs are read-only; the run exported with the page's button
// keeps every signature, so `chkc status` still finds them valid.
//
//   node sign.test.js CHKC ROOT PAGE OUT
// ROOT is the project root (allowed_signers, content/), PAGE the
// rendered page, OUT where the exported run goes.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const { spawnSync } = require('child_process');
const lib = require('./lib');

const [CHKC, ROOT, PAGE, OUT] = process.argv.slice(2);

async function main() {
  const t = lib.reporter('sign/browser');
  const browser = await lib.launch();
  try {
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto('file://' + PAGE);
    await t.run('shows-signer', async () => {
      const cells = await page.$$eval('td.signed', (v) => v.map((e) => e.textContent));
      assert.equal(cells.length, 2);
      assert.match(cells.join('\n'), /signed by alice@example\.com, SHA256:[A-Za-z0-9+/]{43}/);
    });
    await t.run('read-only', async () => {
      const ro = await page.$$eval('input[name^="signoff."]', (v) => v.map((e) => e.readOnly));
      assert.ok(ro.length > 0 && ro.every((x) => x), JSON.stringify(ro));
    });
    await t.run('export-keeps-signatures', async () => {
      const [dl] = await Promise.all([page.waitForEvent('download'),
        page.click('#chk_export')]);
      await dl.saveAs(OUT);
      const run = JSON.parse(fs.readFileSync(OUT, 'utf8'));
      assert.ok(run.signoff['Tech Lead'].signature.startsWith('-----BEGIN SSH SIGNATURE-----'));
      const r = spawnSync(CHKC, ['status', '-C', ROOT, OUT], { encoding: 'utf8' });
      assert.match(r.stdout, /Tech Lead: signed and valid/, r.stdout + r.stderr);
      assert.match(r.stdout, /QA: signed and valid/, r.stdout + r.stderr);
    });
  } finally {
    await browser.close();
  }
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => {
  console.log('FAIL sign/browser/setup');
  console.log(`  ${e.stack || e}`);
});
