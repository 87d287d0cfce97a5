#!/usr/bin/env node
/* Browser test of lotrinh serve's reload script (make test-browser).
 *
 *   node tests/browser/serve.js BIN
 *
 * Copies tests/sites/basic to a temporary folder, starts `BIN serve` on it
 * at a free port, opens a page in Debian's chromium and checks: the drafts
 * banner is styled by the script, an edit reloads the page, a bad edit
 * shows the errors (file:line:col) over the last good page as text (markup
 * in the message is not parsed), the fix reloads the page and the message is
 * gone, and no console error. Prints one line per check and
 * "N passed, N failed"; exits 1 when something failed. */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BIN = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.existsSync(BIN)) {
  console.error('usage: node tests/browser/serve.js BIN (the lotrinh program)');
  process.exit(2);
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok   ' + name);
  } catch (e) {
    failed++;
    console.log('FAIL ' + name + ': ' + (e && e.message ? e.message.split('\n')[0] : e));
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

/* Starts the server; resolves with [process, base URL] once the first build is done. */
function startServer(src) {
  const proc = spawn(BIN, ['serve', '--source', src, '--port', '0', '--now', '2026-11-23'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not start: ' + out)), 60000);
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/ at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m && / start: /.test(out)) { clearTimeout(timer); resolve([proc, m[1]]); }
    });
    proc.stderr.on('data', (b) => { out += b; });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lotrinh-serve-'));
  const src = path.join(tmp, 'site');
  fs.cpSync(path.join(__dirname, '..', 'sites', 'basic'), src, { recursive: true });
  fs.rmSync(path.join(src, 'expected'), { recursive: true, force: true });
  const file = path.join(src, 'content', 'tin-tuc', 'hop-bao.md');
  const good = fs.readFileSync(file, 'utf8');
  let server = null;
  let browser = null;
  try {
    let base;
    [server, base] = await startServer(src);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => {
      const where = m.location().url || '';
      /* the fixture has no favicon; Chromium asks for one by itself */
      if (m.type() === 'error' && !where.endsWith('/favicon.ico')) errors.push(m.text() + ' (' + where + ')');
    });
    page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
    const resp = await page.goto(base + '/tin-tuc/hop-bao/', { waitUntil: 'load' });
    assert(resp.status() === 200, 'status ' + resp.status());
    /* the stream is open once the server has answered it */
    await page.waitForTimeout(300);

    await check('the drafts banner is shown and placed by the script', async () => {
      const pos = await page.$eval('#lotrinh-drafts', (b) => getComputedStyle(b).position);
      assert(pos === 'fixed', 'position ' + pos);
    });

    await check('an edit reloads the page', async () => {
      fs.writeFileSync(file, good + '\nserve-browser-1\n');
      await page.waitForFunction(() => document.body.textContent.includes('serve-browser-1'),
        null, { timeout: 30000 });
    });

    await check('a failed build shows its errors over the last good page, as text', async () => {
      fs.writeFileSync(file, '---\ntitle: [unclosed\ndate: <b id="injected">2025</b>\n---\nx\n');
      const box = await page.waitForSelector('#lotrinh-errors', { timeout: 30000 });
      const text = await box.textContent();
      assert(/content\/tin-tuc\/hop-bao\.md:\d+:\d+: error/.test(text), 'no file:line:col in: ' + text);
      assert(await page.$('#injected') === null, 'markup in the message was parsed');
      assert(await box.getAttribute('role') === 'alert', 'the message is not role=alert');
      assert((await page.textContent('body')).includes('serve-browser-1'), 'the last good page is gone');
    });

    await check('the fix reloads the page and the errors are gone', async () => {
      fs.writeFileSync(file, good + '\nserve-browser-2\n');
      await page.waitForFunction(() => document.body.textContent.includes('serve-browser-2'),
        null, { timeout: 30000 });
      assert(await page.$('#lotrinh-errors') === null, 'the error message is still there');
    });

    await check('no console errors', async () => {
      assert(errors.length === 0, errors.join('; '));
    });
  } catch (e) {
    failed++;
    console.log('FAIL ' + (e && e.message ? e.message.split('\n')[0] : e));
  } finally {
    if (browser) await browser.close();
    if (server) {
      const stopped = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      await stopped;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
