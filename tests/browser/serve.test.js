// chkc serve in a browser: the served page's policy lets its event
// stream through (no CSP violation, no console error), a save reloads
// the page, a broken template lays its diagnostics over the page and
// the next good build takes them away.  With CHKC_SERVE_TIMES set,
// prints the time from each save to the reloaded page on stderr.
//
//   node serve.test.js PORT PAGE TEMPLATE
//
// PAGE (a path on the server) is built from the template file TEMPLATE,
// which the diagnostics name as templates/<its name>.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const [PORT, PAGE, TEMPLATE] = process.argv.slice(2);
const URL = `http://127.0.0.1:${PORT}${PAGE}`;
const NAME = `templates/${path.basename(TEMPLATE)}`;

// Console errors and CSP violations; requests are to the server here.
function errors(page) {
  const e = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text()))
      e.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (x) => e.push(`pageerror: ${x.message}`));
  return e;
}

// Save text to TEMPLATE; resolves with the ms until the page loaded again.
async function saveAndReload(page, text) {
  const loaded = page.waitForEvent('load', { timeout: 5000 });
  const t0 = Date.now();
  fs.writeFileSync(TEMPLATE, text);
  await loaded;
  return Date.now() - t0;
}

async function main() {
  const t = lib.reporter('serve/browser');
  const orig = fs.readFileSync(TEMPLATE, 'utf8');
  const browser = await lib.launch();
  const page = await (await browser.newContext()).newPage();
  const errs = errors(page);
  try {
    await t.run('stream-allowed', async () => {
      const opened = page.waitForResponse((r) => r.url().endsWith('/__chkc/events'));
      await page.goto(URL, { waitUntil: 'load' });
      await opened;
      await page.waitForTimeout(300);
      assert.deepEqual(errs, []);
    });
    await t.run('save-reloads', async () => {
      const ms = [];
      for (let i = 0; i < 5; i++) {
        await page.waitForTimeout(200);  // the new page's stream opens
        ms.push(await saveAndReload(page, `${orig}\n# save ${i}\n`));
      }
      ms.sort((a, b) => a - b);
      if (process.env.CHKC_SERVE_TIMES)
        console.error(`  reload ${ms.join(' ')} ms (median ${ms[2]})`);
      assert.ok(ms[2] < 1000, `median ${ms[2]} ms`);
      assert.deepEqual(errs, []);
    });
    await t.run('overlay-on-error', async () => {
      await page.waitForTimeout(200);
      fs.writeFileSync(TEMPLATE, 'id: [broken\n');
      const box = await page.waitForSelector('#chkc-serve-errors', { timeout: 5000 });
      const text = await box.textContent();
      assert.match(text, new RegExp(`${NAME.replace(/\./g, '\\.')}:\\d+:\\d+: error: `));
      const reloaded = await saveAndReload(page, orig);
      assert.ok(reloaded < 5000);
      assert.equal(await page.$('#chkc-serve-errors'), null);
    });
  } finally {
    fs.writeFileSync(TEMPLATE, orig);
    await browser.close();
  }
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => { console.log(`FAIL serve/browser\n  ${e.stack}`); process.exitCode = 1; });
