// Checks every generated page must pass, whatever it holds: no request
// but file:, no console error or CSP violation, no horizontal scroll at
// 375 px, no axe-core violation of WCAG 2.x level A/AA, with scripts
// on and with scripts off (a checklist still); screenshots at
// desktop width and at 375 px go to OUT for a person to look at.
//
//   node smoke.test.js OUT ROOT PAGE.html...
//
// PAGE paths are relative to ROOT and name the cases.
'use strict';
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const [OUT, ROOT, ...PAGES] = process.argv.slice(2);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function layout(ctx, rel, shot) {
  const w = lib.watch(ctx);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(lib.fileUrl(ROOT, rel), { waitUntil: 'load' });
  await page.screenshot({ path: path.join(OUT, `${shot}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: path.join(OUT, `${shot}-375.png`), fullPage: true });
  await page.close();
  w.stop();
  assert.deepEqual(w.requests, [], 'network requests');
  assert.deepEqual(w.errors, [], 'console errors');
  assert.ok(width <= 375, `scrolls sideways at 375 px: ${width} px wide`);
}

// axe needs its own script in the page, which the page's CSP rightly
// refuses: this context alone bypasses the CSP.
async function axe(ctx, rel) {
  const page = await ctx.newPage();
  await page.goto(lib.fileUrl(ROOT, rel), { waitUntil: 'load' });
  await page.addScriptTag({ path: AXE });
  const v = await page.evaluate((tags) => window.axe.run(document,
    { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((x) =>
    `${x.id} (${x.impact}): ${x.help}; ${x.nodes.slice(0, 3).map((n) =>
      n.target.join(' ')).join(', ')}`)), TAGS);
  await page.close();
  assert.deepEqual(v, [], 'axe-core violations');
}

// The page as it reads with scripts off: its script taken out (what a
// browser with scripts disabled runs), each check still a box with its
// text, every section heading shown, and no axe violation either.
async function noscript(ctx, rel) {
  const html = fs.readFileSync(path.join(ROOT, rel), 'utf8')
    .replace(/<script>[\s\S]*?<\/script>/g, '');
  const page = await ctx.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  const r = await page.evaluate(() => {
    const vis = (e) => !!e && e.getClientRects().length > 0;
    const checks = [...document.querySelectorAll('li.check')];
    return {
      checks: checks.length,
      boxes: checks.filter((li) => vis(li.querySelector(':scope > .line > input.done')) &&
        li.querySelector(':scope > .line > label.text').textContent.trim() !== '').length,
      headings: [...document.querySelectorAll('section[data-section] > details > summary > :is(h2, h3, h4, h5, h6)')].filter(vis).length,
      sections: document.querySelectorAll('section[data-section]').length,
    };
  });
  let v = [];
  if (r.checks > 0) {
    await page.addScriptTag({ path: AXE });
    v = await page.evaluate((tags) => window.axe.run(document,
      { runOnly: { type: 'tag', values: tags } }).then((x) => x.violations.map((y) =>
      `${y.id} (${y.impact}): ${y.help}`)), TAGS);
  }
  await page.close();
  assert.equal(r.boxes, r.checks, 'checks without a visible box and text');
  assert.equal(r.headings, r.sections, 'section headings hidden');
  assert.deepEqual(v, [], 'axe-core violations with scripts off');
}

async function main() {
  const t = lib.reporter('browser/smoke');
  const browser = await lib.launch();
  const plain = await browser.newContext();
  const bypass = await browser.newContext({ bypassCSP: true });
  for (const rel of PAGES) {
    const shot = rel.replace(/\.html$/, '').replace(/[\\/]/g, '_');
    await t.run(`${rel}/layout`, () => layout(plain, rel, shot));
    await t.run(`${rel}/axe`, () => axe(bypass, rel));
    await t.run(`${rel}/scripts-off`, () => noscript(bypass, rel));
  }
  await browser.close();
  process.exitCode = t.failed ? 1 : 0;
}

main().catch((e) => {
  console.log('FAIL browser/smoke (crashed)');
  console.log(`  ${e.stack || e}`);
  process.exitCode = 1;
});
