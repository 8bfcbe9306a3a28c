// Shared helpers of the browser tests: launching Debian's chromium with
// playwright-core (no browser download), watching a context for network
// requests, console errors and CSP violations, and reporting cases as
// tests/run.sh expects: "ok NAME" or "FAIL NAME" with details indented.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHKC_CHROMIUM || '/usr/bin/chromium';

// Playwright gives every launch a fresh temporary profile (it rejects a
// --user-data-dir in args), so no state leaks in from earlier runs.
async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Collect what a page must never do: any request that is not file: (or
// the page's own blob:/data: URLs), console errors (CSP violations are
// reported there), uncaught exceptions.
// w.stop() stops watching pages opened later.
function watch(ctx) {
  const w = { requests: [], errors: [], on: true };
  const hook = (page) => {
    if (!w.on)
      return;
    page.on('request', (r) => {
      const u = r.url();
      if (!/^(file|blob|data):/.test(u))
        w.requests.push(u);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text()))
        w.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  };
  ctx.pages().forEach(hook);
  ctx.on('page', hook);
  w.stop = () => { w.on = false; };
  return w;
}

function fileUrl(...parts) {
  return pathToFileURL(path.resolve(...parts)).href;
}

// A reporter: t.run(name, fn) runs fn and prints one line; details
// thrown (an Error or assertion) are indented below a FAIL.
function reporter(prefix) {
  const r = { failed: 0, passed: 0 };
  r.run = async (name, fn) => {
    const start = Date.now();
    try {
      await fn();
      r.passed++;
      console.log(`ok ${prefix}/${name}`);
    } catch (e) {
      r.failed++;
      console.log(`FAIL ${prefix}/${name}`);
      const msg = (e && (e.stack || e.message)) || String(e);
      for (const line of msg.split('\n').slice(0, 12))
        console.log(`  ${line}`);
    }
    if (process.env.CHKC_BROWSER_TIMES)
      console.error(`  ${name}: ${Date.now() - start} ms`);
  };
  return r;
}

function tmpdir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `chkc-${name}-`));
}

module.exports = { launch, watch, fileUrl, reporter, tmpdir };
