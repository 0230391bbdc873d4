import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { testTargets } from '../support/targets.js';
import { CREATE_TOKEN, loadFixtures, startFaceServer, type FaceServer } from '../integration/face/support.js';
import { ARTIFACTS, ensureWebBuilt, hasChromium, hostPage, launch } from './support.js';

declare const document: any;
declare const window: any;

const [embedded] = testTargets();
const T = 120_000;

/**
 * Every page under its real Content-Security-Policy (no 'unsafe-eval'), in Chromium: the app and
 * the widget draw charts (vega evaluates its expressions with vega-interpreter), the IDE runs a
 * query and a subscription over graphql-ws, and no page reports a CSP violation.
 */
describe.skipIf(!hasChromium)('pages under a strict CSP', () => {
  let s: FaceServer;
  let browser: Browser;
  let host: { url: string; close(): Promise<void> };
  let html = '';

  /** Records CSP violations and console errors of a page and all its frames. */
  async function watched(): Promise<{ page: Page; problems: string[]; violations(f?: Frame | Page): Promise<string[]> }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|unsafe-eval|EvalError/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e: any) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return { page, problems, violations: (f: Frame | Page = page) => f.evaluate(() => window.__csp as string[]) };
  }

  beforeAll(async () => {
    ensureWebBuilt();
    s = await startFaceServer((await embedded!.fresh()).config);
    await loadFixtures(s.app);
    await s.gql(`{ ask(question: "total amount", dataset: "shop") { text } }`);
    host = await hostPage(() => html);
    browser = await launch();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  it('serves every page with a policy that allows no eval', async () => {
    for (const path of ['/', '/embed?dataset=shop', '/graphql']) {
      const res = await fetch(`${s.base}${path}`, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).not.toMatch(/unsafe-eval/);
      await res.text();
    }
  });

  it('the web app draws its chart with no violation', async () => {
    const { page, problems, violations } = await watched();
    await page.goto(`${s.base}/`, { timeout: T });
    await page.fill('#question', 'total amount by product');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer .chart svg .mark-rect path', { timeout: T });
    expect(await page.locator('.answer .chart svg .mark-rect path').count()).toBe(3);
    // A time series too: its axis formats dates through vega expressions.
    await page.fill('#question', 'total amount by day');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.answer .chart svg .mark-line path, .answer .chart svg .mark-rect path').length > 3, undefined, { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/csp-app.png`, fullPage: true });
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, T * 3);

  it('the widget in another origin’s page (embed.js) draws its chart with no violation', async () => {
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'], ttlSeconds: 600 } });
    const token = r.data.createEmbedToken.token;
    html = `<!doctype html><html><body><div id="w"></div>
<script src="${s.base}/embed.js" data-dataset="shop" data-token="${token}" data-target="#w"></script>
<script>window.InsightQL.widgets[0].on('ready', () => window.InsightQL.widgets[0].ask('total amount by region'));</script></body></html>`;
    const { page, problems, violations } = await watched();
    await page.goto(host.url, { timeout: T });
    const frame = (await (await page.waitForSelector('#w iframe', { timeout: T })).contentFrame())!;
    await frame.waitForSelector('.answer .chart svg .mark-rect path', { timeout: T });
    expect(await violations(frame)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, T * 2);

  it('the IDE runs a query, and a subscription over graphql-ws that receives an event', async () => {
    const { page, problems, violations } = await watched();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${s.base}/graphql`, { timeout: T });
    await page.waitForSelector('.graphiql-container', { timeout: T });
    const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
    const run = async (text: string) => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
      await page.locator('.graphiql-execute-button').click();
    };
    await run('{ health { ok } }');
    await page.waitForFunction(() => /"ok": true/.test(document.querySelector('.graphiql-response')?.textContent ?? ''), undefined, { timeout: T });

    await run('subscription { datasetUpdated { dataset kind rowCount } }');
    // The subscription is open once the socket is: then a load announces itself.
    for (let i = 0; i < 100 && !sockets.length; i++) await new Promise((r) => setTimeout(r, 100));
    const shown = await page.evaluate(() => document.querySelector('.graphiql-response')?.textContent ?? '');
    expect(sockets[0], `${shown} ${problems.join('; ')}`).toBe(`${s.base.replace('http', 'ws')}/graphql`);
    await new Promise((r) => setTimeout(r, 1000));
    await s.app.services.ingest.ingest({ name: 'fresh_one', input: { kind: 'stream', stream: Readable.from([Buffer.from('a,b\n1,2\n3,4\n')]), fileName: 'fresh_one.csv' } });
    await page.waitForFunction(() => /"dataset": "fresh_one"[\s\S]*"kind": "LOADED"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''), undefined, { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/ide-subscription.png` });
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, T * 3);
});
