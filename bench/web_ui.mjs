// web_ui.mjs - how fast the web UI is for an analyst, in headless Chromium against a release
// `lookout serve` on loopback (docs/BENCHMARKS.md, "Web UI"):
//   - page load: navigation start to the search box focused and the lists loaded, 20 cold loads
//     (a new browser context each time, so nothing is cached);
//   - search: for each name, the time from the debounced request to the results drawn (what the
//     page measures and shows), and from the last keystroke to the results drawn (adds the
//     140 ms debounce);
//   - the bytes the UI needs (HTML, CSS, JavaScript modules), uncompressed.
// Usage: LOOKOUT_BIN=build/lookout LOOKOUT_DATA=../shared/data node bench/web_ui.mjs
// It needs tests/e2e/node_modules (scripts/install-deps.sh) and /usr/bin/chromium.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const { chromium } = await import(path.join(repo, 'tests/e2e/node_modules/playwright-core/index.mjs'));
const BIN = process.env.LOOKOUT_BIN || path.join(repo, 'build/lookout');
const LISTS = path.join(process.env.LOOKOUT_DATA || path.join(repo, '../shared/data'), 'lists');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-webbench-'));
const env = { ...process.env, LOOKOUT_DB: path.join(tmp, 'b.db') };

const NAMES = ['Sergej Lawrow', 'Wladimir Putin', 'Andrei Beloussow', 'Kim Jong-un', 'Владимир Путин',
  '김정은', 'Bank Melli', 'GRACEFUL', 'Mohamed Hassan', 'Grant Shapps', 'Juri Uschakow', 'Koh Yu-hwan',
  'Islamic Revolutionary Guard Corps', 'Rosneft', 'Ali Akbar Salehi', 'Nguyen Phu Trong',
  'Sea Star', 'Korea Kwangson Banking', 'Michail Podoljak', 'Abu Bakr al-Baghdadi'];

const median = (a) => { const s = a.slice().sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const p90 = (a) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]; };

for (const l of ['un/un_consolidated_20260227.xml', 'ofac/sdn-2024-05-03', 'uk/hmt_ofsi_ConList_20180413.csv'])
  execFileSync(BIN, ['lists', 'import', '--quiet', path.join(LISTS, l)], { env, stdio: 'ignore' });
const ready = path.join(tmp, 'port');
const server = spawn(BIN, ['serve', '--port', '0', '--ready-file', ready, '--web', path.join(repo, 'web'), '--quiet'], { env, stdio: 'ignore' });
let port;
for (let i = 0; i < 300 && !port; i++) {
  await new Promise((r) => setTimeout(r, 100));
  if (fs.existsSync(ready)) port = fs.readFileSync(ready, 'utf8').trim();
}
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) {
  try { if ((await fetch(`${base}/readyz`)).ok) break; } catch { /* starting */ }
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
try {
  // Cold page loads.
  const loads = [];
  const bytes = ['index.html', 'app.css', ...fs.readdirSync(path.join(repo, 'web/js')).map((f) => `js/${f}`)]
    .reduce((n, f) => n + fs.statSync(path.join(repo, 'web', f)).size, 0);
  for (let i = 0; i < 20; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    // The time (from navigation start) at which the page first was usable.
    const t = await page.waitForFunction(() => (document.activeElement && document.activeElement.id === 'q' &&
      document.querySelectorAll('#f-dataset option').length > 1 ? performance.now() : false), null, { polling: 5 });
    loads.push(await t.jsonValue());
    await ctx.close();
  }

  // Searches: type each name (the page debounces), read the time the page measured.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.locator('#q').waitFor();
  const serverSide = [], keyToResults = [];
  // Three spellings of each name (as given, upper case, lower case): the page caches answers
  // by the text typed, so each one is a real request.
  const queries = [...new Set([...NAMES, ...NAMES.map((n) => n.toUpperCase()), ...NAMES.map((n) => n.toLowerCase())])];
  {
    for (const q of queries) {
      const t0 = await page.evaluate((name) => {
        const input = document.getElementById('q');
        document.querySelector('#search-meta span:last-child').textContent = '';
        input.value = name;
        const t = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return t;
      }, q);
      await page.waitForFunction(() => /\d+ ms$/.test(document.querySelector('#search-meta span:last-child').textContent));
      const t1 = await page.evaluate(() => performance.now());
      serverSide.push(Number((await page.locator('#search-meta span:last-child').textContent()).replace(/\D/g, '')));
      keyToResults.push(t1 - t0);
    }
  }
  await ctx.close();
  console.log(`page load to usable (search box focused, lists in the filter), 20 cold loads: median ${median(loads).toFixed(0)} ms, p90 ${p90(loads).toFixed(0)} ms`);
  console.log(`UI size (HTML + CSS + JS, uncompressed): ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(`search, request to results drawn, ${serverSide.length} searches: median ${median(serverSide)} ms, p90 ${p90(serverSide)} ms`);
  console.log(`search, last keystroke to results drawn (incl. 140 ms debounce): median ${median(keyToResults).toFixed(0)} ms, p90 ${p90(keyToResults).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
