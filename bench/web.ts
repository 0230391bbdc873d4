// The web app's weight and speed in real Chromium: the initial page's JS+CSS (gzipped), the lazily
// loaded chart chunk and the IDE, and the time from page load to the first answer visible, beside
// the same question asked over plain HTTP (the server's share of it). Embedded database, loopback.
// Run: npx tsx bench/web.ts   (BENCH_RUNS=5)
import os from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../src/config/config.js';
import { webRoot } from '../src/web/webRoot.js';
import { loadFixtures, startFaceServer } from '../test/integration/face/support.js';
import { ensureWebBuilt, launch, recordLoads, warmUp } from '../test/browser/support/browser.js';
import { median, printTable } from './support.js';
import { ASK, DATASETS } from '../web/src/queries.js';

declare const performance: { now(): number; getEntriesByType(t: string): { loadEventEnd: number }[] };
declare const document: any;
declare const window: any;
declare const MutationObserver: any;

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const QUESTION = 'total amount by product';
const TARGET_MS = 1500;
const TARGET_KB = 300;

function gzKB(file: string): number {
  return gzipSync(readFileSync(file)).length / 1024;
}

async function main(): Promise<void> {
  ensureWebBuilt();
  const assets = join(webRoot()!, 'assets');
  const chunk = (prefix: string) => readdirSync(assets).filter((f) => f.startsWith(prefix) && f.endsWith('.js')).reduce((n, f) => n + gzKB(join(assets, f)), 0);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', INSIGHTQL_RATE_LIMIT: '0' } as NodeJS.ProcessEnv), databaseUrl: null, dataDir: 'memory://', demo: false, port: 0, host: '127.0.0.1' };
  const s = await startFaceServer(config);
  const browser = await launch();
  try {
    await loadFixtures(s.app);
    await warmUp(s);
    const firstAnswer: number[] = [];
    const http: number[] = [];
    const submitToAnswer: number[] = [];
    let initialKB = 0;
    let initialFiles = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      // What the page sends: the dataset list at load, and the question (no dataset picked, a new conversation).
      await Promise.all([s.gql(DATASETS), s.gql(ASK, { question: QUESTION })]);
      http.push(performance.now() - t0);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const loads = recordLoads(page);
      // Timestamps taken in the page itself (Playwright's own round trips are not the app's time):
      // when Enter sends the question, and when the first answer's text is in the document.
      await page.addInitScript(() => {
        window.__t = {};
        document.addEventListener('keydown', (e: any) => e.key === 'Enter' && (window.__t.submit ??= performance.now()), true);
        new MutationObserver(() => {
          if (!window.__t.visible && document.querySelector('.answer .answer-text')) window.__t.visible = performance.now();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${s.base}/`, { waitUntil: 'load' });
      const atLoad = new Set(loads.all);
      await page.fill('#question', QUESTION);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.answer .answer-text', { timeout: 120_000 });
      const t = await page.evaluate(() => ({ ...window.__t, load: performance.getEntriesByType('navigation')[0]!.loadEventEnd }));
      firstAnswer.push(t.visible - t.load);
      submitToAnswer.push(t.visible - t.submit);
      await page.waitForSelector('.answer .chart svg', { timeout: 120_000 });
      const initial = [...loads.js.entries()].filter(([u]) => atLoad.has(u));
      initialKB = initial.reduce((n, [, b]) => n + b, 0) / 1024;
      initialFiles = initial.length;
      await page.close();
    }
    const fa = median(firstAnswer);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; ${RUNS} page loads, median`);
    printTable('Web app (Chromium, loopback, embedded database)', [
      { what: `initial JS+CSS at page load, gzipped (${initialFiles} files)`, value: `${initialKB.toFixed(1)} KB`, target: `< ${TARGET_KB} KB`, met: initialKB < TARGET_KB ? 'yes' : 'no' },
      { what: 'chart chunk (vega, loaded with the first chart), gzipped', value: `${chunk('chart-').toFixed(1)} KB`, target: 'lazy', met: '' },
      { what: 'IDE page script (GraphiQL + React), gzipped', value: `${chunk('ide-').toFixed(1)} KB`, target: 'own page', met: '' },
      { what: 'page load → first answer visible', value: `${Math.round(fa)} ms`, target: `< ${TARGET_MS} ms`, met: fa < TARGET_MS ? 'yes' : 'no' },
      { what: 'question sent (Enter) → answer visible', value: `${Math.round(median(submitToAnswer))} ms`, target: '', met: '' },
      { what: 'reference: the page\'s requests (datasets + ask) over HTTP, no browser', value: `${Math.round(median(http))} ms`, target: '', met: '' },
      { what: 'page load → first answer, each run', value: firstAnswer.map((x) => Math.round(x)).join(', '), target: '', met: '' },
    ]);
  } finally {
    await browser.close();
    await s.close();
  }
}

await main();
