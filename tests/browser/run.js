#!/usr/bin/env node
/* Browser tests of the portal (make test-browser; tests/browser/README.md).
 *
 *   node tests/browser/run.js SITE_DIR
 *
 * Serves SITE_DIR (the portal built with --now 2026-11-23) on 127.0.0.1 at
 * a free port, drives Debian's chromium with playwright-core, and checks:
 * search with and without diacritics (and in NFD) in both languages, the
 * search page's keyboard and screen-reader behaviour and its no-JavaScript
 * fallback, the language switcher, the roadmap timeline, the destination map
 * when the site has destinations, axe-core (WCAG 2.1 A and AA) on a sample of
 * pages of every kind, and no console errors anywhere. Prints one line per
 * check and ends with "N passed, N failed"; exits 1 when something failed. */
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const site = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node tests/browser/run.js SITE_DIR (a built site with index.html)');
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

/* ---------- a static file server for the built site ---------- */

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.geojson': 'application/geo+json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

function send(res, status, file) {
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(500); res.end(); return; }
    res.writeHead(status, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
}

/* The 404 page of the language whose folder starts the path, else the root's. */
function notFound(res, p) {
  const first = p.split('/')[1] || '';
  const own = path.join(site, first, '404.html');
  send(res, 404, first && fs.existsSync(own) ? own : path.join(site, '404.html'));
}

function serve() {
  const server = http.createServer((req, res) => {
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname); } catch (e) { p = null; }
    if (!p || p.includes('\0')) { res.writeHead(400); res.end(); return; }
    let file = path.join(site, p);
    if (file !== site && !file.startsWith(site + path.sep)) { res.writeHead(403); res.end(); return; }
    if (p.endsWith('/')) file = path.join(file, 'index.html');
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) { res.writeHead(301, { Location: p + '/' }); res.end(); return; }
      if (err) { notFound(res, p); return; }
      send(res, 200, file);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/* ---------- pages ---------- */

let base = '';

/* Opens url in a new page and records every console error, page error and
 * failed or refused request, so that any test can also demand none. */
async function open(ctx, url, want = 200) {
  const page = await ctx.newPage();
  const errors = [];
  const full = base + url;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    /* Chromium logs the 404 of a 404 page we asked for on purpose */
    if (want === 404 && (m.location().url || '') === full) return;
    errors.push(m.text() + (m.location().url ? ' (' + m.location().url + ')' : ''));
  });
  page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== full) errors.push(r.status() + ' ' + r.url());
  });
  const resp = await page.goto(full, { waitUntil: 'load' });
  assert(resp && resp.status() === want, `${url}: status ${resp && resp.status()}, want ${want}`);
  page.errors = errors;
  return page;
}

function noErrors(page, url) {
  assert(page.errors.length === 0, `${url}: ${page.errors.join('; ')}`);
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), AXE_TAGS);
  return res.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/* ---------- search ---------- */

/* Puts q in the search box as one input event (as a paste would) and waits
 * until the search for exactly q has finished; returns the result paths. */
async function search(page, q) {
  await page.fill('#search-q', q);
  return results(page, q);
}

async function results(page, q) {
  await page.waitForFunction((want) => {
    const list = document.getElementById('search-results');
    const got = new URLSearchParams(window.location.search).get('q') || '';
    return got === want.trim() && list.getAttribute('aria-busy') !== 'true';
  }, q, { timeout: 10000 });
  return page.$$eval('#search-results a', (as) => as.map((a) => new URL(a.href).pathname));
}

async function main() {
  const server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const ctx = await browser.newContext({ locale: 'vi-VN' });
  const hasDestinations = fs.existsSync(path.join(site, 'diem-den', 'index.html'));

  /* Searches: [language page, query, a path that must be among the results] */
  const nfd = (s) => s.normalize('NFD');
  const queries = [
    ['/tim-kiem/', 'cửa khẩu số', '/tin-tuc/cua-khau-so-nang-luc-thong-quan/'],
    ['/tim-kiem/', 'cua khau so', '/tin-tuc/cua-khau-so-nang-luc-thong-quan/'],
    ['/tim-kiem/', nfd('Cửa Khẩu Số'), '/tin-tuc/cua-khau-so-nang-luc-thong-quan/'],
    ['/tim-kiem/', 'Đồng Đăng', '/co-quan/bql-kkt-cua-khau/'],
    ['/tim-kiem/', 'dong dang', '/co-quan/bql-kkt-cua-khau/'],
    ['/tim-kiem/', 'nghị quyết 57', '/chinh-sach/nghi-quyet-57-nq-tw/'],
    ['/tim-kiem/', 'nghi quyet 5', '/chinh-sach/nghi-quyet-57-nq-tw/'],
    ['/tim-kiem/', 'so khoa hoc va cong nghe', '/co-quan/so-khcn/'],
    ['/tim-kiem/', 'Sở KH&CN', '/co-quan/so-khcn/'],
    ['/en/search/', 'border gate', '/en/news/digital-border-gate-clearance/'],
    ['/en/search/', 'Lạng Sơn roadmap', '/en/plans/technology-innovation-roadmap-2035/'],
    ['/en/search/', 'lang son roadmap', '/en/plans/technology-innovation-roadmap-2035/'],
    ['/en/search/', 'Dong Dang', '/en/agencies/bql-kkt-cua-khau/'],
    ['/en/search/', 'breakthro', '/en/plans/breakthrough-tasks-2030/'],
  ];
  if (hasDestinations) {
    queries.push(['/tim-kiem/', 'chua tien', '/diem-den/chua-tien-gieng-tien/']);
    queries.push(['/tim-kiem/', 'chùa tiên', '/diem-den/chua-tien-gieng-tien/']);
  }
  const searchPages = {};
  for (const [url, q, want] of queries) {
    await check(`search ${url} "${q}" finds ${want}`, async () => {
      if (!searchPages[url]) searchPages[url] = await open(ctx, url);
      const page = searchPages[url];
      const got = await search(page, q);
      assert(got.includes(want), `results: ${got.slice(0, 5).join(' ') || 'none'}`);
    });
  }

  await check('search: no result for nonsense, said in the live region', async () => {
    const page = searchPages['/tim-kiem/'];
    const got = await search(page, 'zzqxj');
    assert(got.length === 0, `found ${got.length}`);
    const status = await page.textContent('#search-status');
    assert(/zzqxj/.test(status), `status "${status}"`);
    assert(await page.isVisible('#search-all'), 'the list of all pages is hidden');
  });

  await check('search: a word typed with its diacritics ranks exact matches first', async () => {
    const page = searchPages['/tim-kiem/'];
    const exact = await search(page, 'cổng');
    assert(exact[0] === '/tin-tuc/cong-thong-tin-ban-chi-dao/', `first: ${exact[0]}`);
    const folded = await search(page, 'cong');
    assert(folded.includes('/tin-tuc/cong-thong-tin-ban-chi-dao/'), 'without diacritics it is not found');
    assert(folded[0] !== exact[0], 'the ranking does not depend on diacritics (the test cannot tell)');
  });

  await check('search: results as you type, matches in <mark>, count in a polite live region, ?q= kept', async () => {
    const page = searchPages['/tim-kiem/'];
    await page.fill('#search-q', '');
    await page.type('#search-q', 'lộ trình', { delay: 40 });
    const got = await results(page, 'lộ trình');
    assert(got.length > 0, 'no results');
    const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert(marks.length > 0 && marks.every((m) => ['lộ', 'trình'].includes(m) || m.startsWith('trình')), `marks: ${marks.slice(0, 6)}`);
    const live = await page.$eval('#search-status', (el) => [el.getAttribute('role'), el.getAttribute('aria-live'), el.textContent]);
    assert(live[0] === 'status' && live[1] === 'polite' && /\d/.test(live[2]), `status: ${live}`);
    assert(new URL(page.url()).searchParams.get('q') === 'lộ trình', `URL ${page.url()}`);
    assert(await page.isHidden('#search-all'), 'the list of all pages still shows');
  });

  await check('search: a URL with ?q= shows its results on load', async () => {
    const page = await open(ctx, '/en/search/?q=' + encodeURIComponent('digital border'));
    const got = await results(page, 'digital border');
    assert(got.includes('/en/news/digital-border-gate-clearance/'), `results: ${got.slice(0, 3)}`);
    assert(await page.inputValue('#search-q') === 'digital border', 'the box does not show the query');
    noErrors(page, '/en/search/?q=');
    await page.close();
  });

  await check('search: keyboard (arrows move through results, Escape clears, Enter stays)', async () => {
    const page = searchPages['/tim-kiem/'];
    await search(page, 'ke hoach');
    const links = await page.$$eval('#search-results a', (as) => as.length);
    assert(links >= 2, `${links} results`);
    await page.focus('#search-q');
    await page.keyboard.press('Enter');
    assert(new URL(page.url()).pathname === '/tim-kiem/', 'Enter left the page');
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      const all = Array.from(document.querySelectorAll('#search-results a'));
      return a.id === 'search-q' ? 'input' : all.indexOf(a);
    });
    await page.keyboard.press('ArrowDown');
    assert(await focused() === 0, 'ArrowDown from the box does not reach the first result');
    await page.keyboard.press('ArrowDown');
    assert(await focused() === 1, 'ArrowDown does not move to the second result');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert(await focused() === 'input', 'ArrowUp does not return to the box');
    await page.keyboard.press('Escape');
    await results(page, '');
    assert(await page.inputValue('#search-q') === '', 'Escape does not clear');
    assert(await page.isHidden('#search-results') && await page.isVisible('#search-all'), 'results still shown');
  });

  for (const url of Object.keys(searchPages)) {
    await check(`search page ${url}: no console errors while searching`, async () => {
      noErrors(searchPages[url], url);
      await searchPages[url].close();
    });
  }

  await check('search page without JavaScript: the form and every page by section', async () => {
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const page = await open(nojs, '/tim-kiem/?q=lo+trinh');
    assert(await page.isVisible('form[role="search"] input[name="q"]'), 'no search box');
    assert(await page.isVisible('.search-nojs'), 'no note about JavaScript');
    const n = await page.$$eval('#search-all a', (as) => as.length);
    assert(n >= 40, `only ${n} links in the list of pages`);
    assert(await page.$('#search-all a[href="/ke-hoach/lo-trinh-2035/"]'), 'a plan is missing from the list');
    await nojs.close();
  });

  /* ---------- language switcher ---------- */
  const switches = [
    ['/ke-hoach/lo-trinh-2035/', 'en', '/en/plans/technology-innovation-roadmap-2035/'],
    ['/en/plans/technology-innovation-roadmap-2035/', 'vi', '/ke-hoach/lo-trinh-2035/'],
    ['/tin-tuc/cua-khau-so-nang-luc-thong-quan/', 'en', '/en/news/digital-border-gate-clearance/'],
    ['/tim-kiem/', 'en', '/en/search/'],
    ['/en/search/', 'vi', '/tim-kiem/'],
    ['/lo-trinh/', 'en', '/en/roadmap/'],
    ['/', 'en', '/en/'],
  ];
  for (const [from, lang, to] of switches) {
    await check(`language switcher on ${from} lands on ${to}`, async () => {
      const page = await open(ctx, from);
      await Promise.all([page.waitForURL(base + to), page.click(`.lang-switch a[hreflang="${lang}"]`)]);
      assert(await page.getAttribute('html', 'lang') === lang, 'wrong lang attribute');
      noErrors(page, to);
      await page.close();
    });
  }

  /* ---------- roadmap timeline, destination map ---------- */
  for (const url of ['/lo-trinh/', '/en/roadmap/']) {
    await check(`timeline ${url} renders its bars on the time axis`, async () => {
      const page = await open(ctx, url);
      const bars = await page.$$eval('.timeline .tl-bar', (bs) => bs.map((b) => {
        const r = b.getBoundingClientRect();
        const t = b.parentElement.getBoundingClientRect();
        return [r.width, r.height, r.left >= t.left - 1 && r.right <= t.right + 1];
      }));
      assert(bars.length >= 20, `${bars.length} bars`);
      assert(bars.every((b) => b[0] > 0 && b[1] > 0 && b[2]), 'a bar is empty or outside its track');
      const years = await page.$$eval('.tl-year', (ys) => ys.length);
      assert(years >= 10, `${years} year marks`);
      noErrors(page, url);
      await page.close();
    });
  }

  const destinations = [];
  if (hasDestinations) {
    const html = fs.readFileSync(path.join(site, 'diem-den', 'index.html'), 'utf8');
    const m = html.match(/href="(\/diem-den\/[^"/]+\/)"/);
    destinations.push('/diem-den/');
    if (m) destinations.push(m[1]);
    for (const url of destinations) {
      await check(`destinations ${url} render (map, pictures)`, async () => {
        const page = await open(ctx, url);
        // the maps themselves (not their <title>s, which have no box)
        const maps = await page.$$eval('main svg.map', (els) =>
          els.map((e) => { const r = e.getBoundingClientRect(); return r.width * r.height; }));
        assert(maps.length > 0, `no map on ${url}`);
        assert(maps.every((a) => a > 0), 'a map has no size');
        if (url === '/diem-den/') {
          const markers = await page.$$eval('main svg.map a[href]', (as) => as.length);
          assert(markers >= 12, `${markers} destination links on the map`);
        }
        const broken = await page.$$eval('main img', (is) => is.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
        assert(broken.length === 0, `pictures not loaded: ${broken}`);
        noErrors(page, url);
        await page.close();
      });
    }
  } else {
    console.log('skip destinations: the site has no /diem-den/');
  }

  /* ---------- axe-core and console on a sample of every kind of page ---------- */
  await check('axe reports the violations of a page made to fail (the check itself works)', async () => {
    const page = await ctx.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main>' +
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#bbb;background:#fff">faint</p>' +
      '<input type="text"></main></body></html>');
    const ids = (await axe(page)).map((v) => v.split(' ')[0]);
    for (const id of ['html-has-lang', 'image-alt', 'color-contrast', 'label']) {
      assert(ids.includes(id), `axe did not report ${id} (got ${ids.join(', ')})`);
    }
    await page.close();
  });
  const sample = [
    ['/', 200], ['/en/', 200],
    ['/ke-hoach/', 200], ['/ke-hoach/lo-trinh-2035/', 200], ['/en/plans/breakthrough-tasks-2030/', 200],
    ['/chinh-sach/nghi-quyet-57-nq-tw/', 200], ['/en/policies/', 200],
    ['/tin-tuc/', 200], ['/tin-tuc/cua-khau-so-nang-luc-thong-quan/', 200], ['/en/news/targets-2030/', 200],
    ['/co-quan/', 200], ['/co-quan/so-khcn/', 200], ['/en/agencies/so-ct/', 200],
    ['/lo-trinh/', 200], ['/en/roadmap/', 200],
    ['/chi-tieu/', 200], ['/en/targets/', 200],
    ['/linh-vuc/', 200], ['/linh-vuc/kinh-te-cua-khau-va-logistics/', 200], ['/en/sectors/digital-government/', 200],
    ['/tim-kiem/', 200], ['/tim-kiem/?q=lo+trinh', 200], ['/en/search/?q=plan', 200],
    ['/gioi-thieu/', 200], ['/en/about/', 200], ['/tro-nang/', 200],
    ['/404.html', 200], ['/khong-co-trang-nay/', 404], ['/en/no-such-page/', 404],
  ];
  for (const url of destinations) sample.push([url, 200]);
  for (const [url, status] of sample) {
    await check(`axe WCAG 2.1 A/AA and no console errors: ${url}`, async () => {
      const page = await open(ctx, url, status);
      if (url.includes('?q=')) await results(page, new URL(base + url).searchParams.get('q'));
      const v = await axe(page);
      assert(v.length === 0, v.join('; '));
      noErrors(page, url);
      await page.close();
    });
  }

  await browser.close();
  server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
