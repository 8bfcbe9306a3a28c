// The fillable checklist page, driven in chromium from file:// the way
// a person uses it on deployment day.
//
//   node page.test.js SAMPLES OUT
//
// SAMPLES is the directory test_html writes with CHKC_TEST_OUT (demo/
// deploy.html at revision 3, demo/deploy-r4.html: the same checklist at
// revision 4, demo/deploy-run.html: drawn from a run, hash.txt); OUT
// receives the exported runs and the printed PDF.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const lib = require('./lib');

const [SAMPLES, OUT] = process.argv.slice(2);
const HASH = fs.readFileSync(path.join(SAMPLES, 'hash.txt'), 'utf8').trim();
const PAGE = lib.fileUrl(SAMPLES, 'demo/deploy.html');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

const sel = (name) => `[name="${name.replace(/["\\]/g, '\\$&')}"]`;

async function counts(page) {
  return page.evaluate(() => {
    const o = {};
    document.querySelectorAll('[data-count]').forEach((e) => {
      o[e.getAttribute('data-count')] = Number(e.textContent);
    });
    o.bar = document.getElementById('chk_progress').value;
    return o;
  });
}

async function exportRun(page, file) {
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.click('#chk_export')]);
  const dest = path.join(OUT, file);
  await dl.saveAs(dest);
  assert.match(dl.suggestedFilename(), /^demo-deploy-r\d+-\d{8}-\d{4}\.run\.json$/);
  return JSON.parse(fs.readFileSync(dest, 'utf8'));
}

// Tab from the top of the page until the control named name has focus.
async function tabTo(page, name) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((n) => document.activeElement.name === n, name))
      return;
  }
  throw new Error(`Tab never reached ${name}`);
}

async function fillEverything(page) {
  await page.fill(sel('fields.version'), 'v2.4.1');
  await page.check('#chk_form input[name="fields.strategy"][value="Canary"]');
  await page.check(sel('fields.migrations'));
  await page.check(sel('pre.backup'));
  await page.fill(sel('pre.backup:value'), '512');
  await page.fill(sel('pre.start-time'), '10:30');
  await page.check(sel('pre.tests:na'));
  await page.fill(sel('pre.tests:na-reason'), 'no tests');
  await page.check(sel('pre.error-rate:failed'));
  await page.fill(sel('pre.error-rate:failed-note'), '3% errors');
  await page.check('input[name="post.monitor.channels"][value="Slack"]');
  await page.check('input[name="post.monitor.channels"][value="Status <page>"]');
  await page.fill(sel('post.monitor.p95'), '120.5');
  await page.fill(sel('post.monitor.summary'), 'All good.\nMostly.');
  await page.check(sel('post.monitor.flag'));
  await page.fill(sel('post.monitor.when'), '2026-11-24T11:30');
  await page.fill(sel('post.monitor.day'), '2026-11-24');
  await page.fill(sel('post.who'), 'alice');
  await page.fill(sel('post.monitor.first-hour[0][0]'), '0.2');
  await page.click('button.add-row');
  await page.fill(sel('post.monitor.incidents[1][1]'), 'x');
  await page.fill(sel('signoff.deployment.Tech Lead:name'), 'Bob');
  await page.fill(sel('signoff.deployment.Tech Lead:at'), '2026-11-24T12:00');
  await page.check('input[name="outcome"][value="rolled-back"]');
  await page.fill(sel('notes'), 'Rolled back.');
}

// What the page must export after fillEverything() and the tick of
// pre.code-review.
function checkRun(run) {
  assert.equal(run.run, 'demo/deploy');
  assert.equal(run.checklist, HASH);
  assert.equal(run.revision, 3);
  assert.deepEqual(run.fields, { version: 'v2.4.1', strategy: 'Canary', migrations: true });
  const it = run.items;
  assert.equal(it['pre.code-review'].done, true);
  assert.match(it['pre.code-review'].at, ISO);
  assert.equal(it['pre.code-review'].by, 'carol');
  assert.equal(it['pre.backup'].done, true);
  assert.equal(it['pre.backup'].value, 512);
  assert.equal(it['pre.start-time'].value, '10:30');
  assert.equal(it['pre.tests'].na, 'no tests');
  assert.equal(it['pre.tests'].done, undefined);
  assert.equal(it['pre.error-rate'].failed, '3% errors');
  assert.deepEqual(it['post.monitor.channels'].value, ['Slack', 'Status <page>']);
  assert.equal(it['post.monitor.p95'].value, 120.5);
  assert.equal(it['post.monitor.summary'].value, 'All good.\nMostly.');
  assert.equal(it['post.monitor.flag'].value, true);
  assert.match(it['post.monitor.when'].value, /^2026-11-24T11:30:00[+-]\d\d:\d\d$/);
  assert.equal(it['post.monitor.day'].value, '2026-11-24');
  assert.equal(it['post.who'].value, 'alice');
  assert.equal(it['pre.smoke'], undefined);
  assert.equal(it['pre.error-rate.sentry'], undefined);
  assert.deepEqual(run.tables, {
    'post.monitor.first-hour': [['0.2', '', '']],
    'post.monitor.incidents': [['', ''], ['', 'x']],
  });
  assert.equal(run.signoff['Tech Lead'].name, 'Bob');
  assert.match(run.signoff['Tech Lead'].at, /^2026-11-24T12:00:00[+-]\d\d:\d\d$/);
  assert.equal(Object.keys(run.signoff).length, 1);
  assert.equal(run.outcome, 'rolled-back');
  assert.equal(run.notes, 'Rolled back.');
}

const FILLED = { done: 10, open: 4, failed: 1, na: 1, bar: 11 };

async function main() {
  const t = lib.reporter('browser/page');
  const browser = await lib.launch();
  // A zone other than the sample run's +03:00, so that times are
  // converted, whatever the machine's zone is.
  const ctx = await browser.newContext({ acceptDownloads: true,
    viewport: { width: 1100, height: 900 }, timezoneId: 'America/Sao_Paulo' });
  const w = lib.watch(ctx);
  const page = await ctx.newPage();
  let first;

  await page.goto(PAGE);
  await t.run('loads', async () => {
    assert.equal(await page.isVisible('#chk_tools'), true);
    assert.deepEqual(await counts(page), { done: 0, open: 16, failed: 0, na: 0, bar: 0 });
    assert.equal(await page.isHidden('#chk_stale'), true);
  });

  await t.run('keyboard', async () => {
    await page.fill('#chk_by', 'carol');
    await tabTo(page, 'pre.code-review');
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    assert.doesNotMatch(outline, /^none|0px$/, 'focus is not visible');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked(sel('pre.code-review')), true);
    assert.equal((await counts(page)).done, 1);
    await page.keyboard.press('Tab');		/* its N/A toggle */
    assert.equal(await page.evaluate(() => document.activeElement.name), 'pre.code-review:na');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked(sel('pre.code-review')), false, 'N/A unticks done');
    assert.equal(await page.isVisible(sel('pre.code-review:na-reason')), true);
    assert.deepEqual(await counts(page), { done: 0, open: 15, failed: 0, na: 1, bar: 1 });
    await page.keyboard.press('Space');
    assert.equal(await page.isVisible(sel('pre.code-review:na-reason')), false);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.equal((await counts(page)).done, 1);
  });

  await t.run('fill-every-type', async () => {
    await fillEverything(page);
    assert.deepEqual(await counts(page), FILLED);
    const pre = await page.textContent('[id="pre"] .sec-progress');
    assert.equal(pre, '4/8');
    assert.equal(await page.getAttribute('[data-unit="pre.error-rate"]', 'data-state'), 'failed');
    assert.equal(await page.isVisible('[data-unit="pre.error-rate"] .tag-crit'), true);
  });

  await t.run('section-collapses', async () => {
    await page.click('[id="pre"] > details > summary');
    assert.equal(await page.evaluate(() => document.querySelector('[id="pre"] > details').open), false);
    assert.equal(await page.isVisible(sel('pre.backup')), false);
    assert.equal(await page.isVisible('[id="pre"] .sec-progress'), true);
    await page.focus('[id="pre"] > details > summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.isVisible(sel('pre.backup')), true);
  });

  await t.run('reload-keeps-state', async () => {
    await page.reload();
    assert.deepEqual(await counts(page), FILLED);
    assert.equal(await page.inputValue(sel('fields.version')), 'v2.4.1');
    assert.equal(await page.isChecked('input[name="fields.strategy"][value="Canary"]'), true);
    assert.equal(await page.inputValue(sel('post.monitor.incidents[1][1]')), 'x');
    assert.equal(await page.inputValue(sel('post.monitor.when')), '2026-11-24T11:30');
    assert.equal(await page.inputValue(sel('pre.tests:na-reason')), 'no tests');
  });

  await t.run('export-run', async () => {
    first = await exportRun(page, 'exported.run.json');
    checkRun(first);
  });

  await t.run('other-revision', async () => {
    const p2 = await ctx.newPage();
    await p2.goto(lib.fileUrl(SAMPLES, 'demo/deploy-r4.html'));
    assert.equal(await p2.isVisible('#chk_stale'), true, 'no notice');
    assert.match(await p2.textContent('#chk_stale'), /another revision/);
    assert.equal(await p2.isChecked(sel('pre.code-review')), false, 'old state applied');
    assert.equal((await counts(p2)).done, 0);
    const [dl] = await Promise.all([p2.waitForEvent('download'),
      p2.click('#chk_stale button >> nth=0')]);
    const old = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    assert.equal(old.checklist, HASH);
    assert.equal(old.items['pre.code-review'].done, true);
    await p2.close();
  });

  await t.run('clear-asks', async () => {
    const msgs = [];
    page.once('dialog', (d) => { msgs.push(d.type()); d.dismiss(); });
    await page.click('#chk_clear');
    assert.deepEqual(msgs, ['confirm']);
    assert.deepEqual(await counts(page), FILLED, 'wiped without asking');
    page.once('dialog', (d) => d.accept());
    await page.click('#chk_clear');
    assert.deepEqual(await counts(page), { done: 0, open: 16, failed: 0, na: 0, bar: 0 });
    assert.equal(await page.inputValue(sel('fields.version')), '');
    await page.reload();
    assert.equal((await counts(page)).done, 0);
    assert.equal(await page.isChecked(sel('pre.code-review')), false);
  });

  // A fresh page: the same page with its storage emptied (a new
  // context would cost a second renderer for nothing).
  await t.run('import-run', async () => {
    const p = page;
    await p.evaluate(() => localStorage.clear());
    await p.reload();
    assert.deepEqual(await counts(p), { done: 0, open: 16, failed: 0, na: 0, bar: 0 });
    await p.setInputFiles('#chk_import-file', path.join(OUT, 'exported.run.json'));
    await p.waitForFunction(() => document.getElementById('chk_message').textContent !== '');
    assert.equal(await p.textContent('#chk_message'), 'Run imported.');
    assert.deepEqual(await counts(p), FILLED);
    assert.equal(await p.inputValue(sel('signoff.deployment.Tech Lead:name')), 'Bob');
    const again = await exportRun(p, 'reexported.run.json');
    assert.deepEqual(again, first, 'export of the import differs');
    await p.setInputFiles('#chk_import-file', { name: 'bad.json',
      mimeType: 'application/json', buffer: Buffer.from('{"oops": ') });
    await p.waitForFunction(() => /not a run/.test(document.getElementById('chk_message').textContent));
    assert.deepEqual(await counts(p), FILLED);
  });

  await t.run('page-from-run', async () => {
    const p = page;
    await p.goto(lib.fileUrl(SAMPLES, 'demo/deploy-run.html'));
    assert.deepEqual(await counts(p), { done: 4, open: 10, failed: 1, na: 1, bar: 5 });
    assert.equal(await p.isChecked('input[name="fields.strategy"][value="<b>Hotfix</b>"]'), true);
    const run = await exportRun(p, 'from-run.run.json');
    assert.deepEqual(run.items['pre.code-review'],
      { done: true, by: 'alice', at: '2026-11-24T10:02:00+03:00' });
    assert.equal(run.items['pre.tests'].na, 'no tests </script>');
    assert.deepEqual(run.items['post.monitor.channels'].value, ['Slack', 'Status <page>']);
    assert.equal(run.items['post.monitor.when'].at, '2026-11-24T10:02:00+03:00',
      'a time written in another zone counts as a change');
    assert.equal(Date.parse(run.items['post.monitor.when'].value),
      Date.parse('2026-11-24T11:30:00+03:00'));
    assert.equal(run.outcome, 'rolled-back');
    p.once('dialog', (d) => d.accept());
    await p.click('#chk_clear');
    await p.reload();
    assert.deepEqual(await counts(p), { done: 0, open: 16, failed: 0, na: 0, bar: 0 },
      'cleared page drawn from a run shows the run again');
    await p.goto(PAGE);
  });

  await t.run('print', async () => {
    await fillEverything(page);
    await page.click('[id="post"] > details > summary');	/* collapse */
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#chk_tools'), false);
    assert.equal(await page.isVisible('button.add-row'), false);
    assert.equal(await page.isVisible('#chk_progress'), false);
    await page.emulateMedia({ media: null });
    const pdf = path.join(OUT, 'printed.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const want of ['Code review completed', 'Sentry clean', 'Smoke tests pass',
      'Feature flag removed', 'Deployment sign-off'])
      assert.ok(text.includes(want), `PDF lacks "${want}"`);
    for (const not of ['Export run', 'Import run', 'Add row'])
      assert.ok(!text.includes(not), `PDF shows "${not}"`);
    assert.equal(await page.evaluate(() => document.querySelector('[id="post"] > details').open),
      false, 'afterprint did not restore the collapsed section');
  });

  // Text typed and the page reloaded (or closed) before the field lost
  // focus: saved on pagehide.  And without a reload, saved at most
  // 300 ms after the last key.
  await t.run('typed-then-reload', async () => {
    const stored = () => page.evaluate(() => {
      const k = JSON.parse(document.getElementById('chk_data').textContent).key;
      return { by: localStorage.getItem('chkc:by'), run: JSON.parse(localStorage.getItem(k)) };
    });
    await page.fill(sel('fields.version'), '');
    await page.fill('#chk_by', '');
    await page.keyboard.press('Tab');
    await page.click(sel('fields.version'));
    await page.keyboard.type('v9.9.9');
    await page.click('#chk_by');
    await page.keyboard.type('dave');
    await page.reload();
    assert.equal(await page.inputValue(sel('fields.version')), 'v9.9.9');
    assert.equal(await page.inputValue('#chk_by'), 'dave');
    await page.focus(sel('notes'));
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Typed.');
    await page.click('#chk_by');
    await page.keyboard.type('n');
    await page.waitForTimeout(300 + 50);
    const s = await stored();
    assert.equal(s.by, 'daven', 'Checked by not saved 300 ms after typing');
    assert.equal(s.run.notes, 'Rolled back. Typed.', 'a field not saved 300 ms after typing');
  });

  await t.run('no-requests-no-errors', async () => {
    assert.deepEqual(w.requests, [], 'network requests');
    assert.deepEqual(w.errors, [], 'console errors');
  });

  await browser.close();
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => {
  console.log('FAIL browser/page (crashed)');
  console.log(`  ${e.stack || e}`);
  process.exitCode = 1;
});
