import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { ARTIFACTS, hasChromium, ideShows, openWidget, runInIde, STEP_MS as T, widgetHtml } from './support/browser.js';
import { browserSuite, embedToken } from './support/suite.js';

declare const document: any;
declare const window: any;

/**
 * Every page under its real Content-Security-Policy (no 'unsafe-eval'), in Chromium: the app and
 * the widget draw charts (vega evaluates its expressions with vega-interpreter), the IDE runs a
 * query and a subscription over graphql-ws, and no page reports a CSP violation.
 */
describe.skipIf(!hasChromium)('pages under a strict CSP', () => {
  const env = browserSuite({ hostPage: true });

  /** Records CSP violations and console errors of a page and all its frames. */
  async function watched(): Promise<{ page: Page; problems: string[]; violations(f?: Frame | Page): Promise<string[]> }> {
    const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
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

  it('serves every page with a policy that allows no eval', async () => {
    for (const path of ['/', '/embed?dataset=shop', '/graphql']) {
      const res = await fetch(`${env.s.base}${path}`, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).not.toMatch(/unsafe-eval/);
      await res.text();
    }
  });

  it('the web app draws its chart with no violation', async () => {
    const { page, problems, violations } = await watched();
    await page.goto(`${env.s.base}/`, { timeout: T });
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
    const token = await embedToken(env.s, { datasets: ['shop'], ttlSeconds: 600 });
    env.html = widgetHtml(env.s.base, { dataset: 'shop', token }, {
      after: `<script>window.InsightQL.widgets[0].on('ready', () => window.InsightQL.widgets[0].ask('total amount by region'));</script>`,
    });
    const { page, problems, violations } = await watched();
    const frame = await openWidget(page, env.host.url);
    await frame.waitForSelector('.answer .chart svg .mark-rect path', { timeout: T });
    expect(await violations(frame)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, T * 2);

  it('the IDE runs a query, and a subscription over graphql-ws that receives an event', async () => {
    const { page, problems, violations } = await watched();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${env.s.base}/graphql`, { timeout: T });
    await page.waitForSelector('.graphiql-container', { timeout: T });
    await runInIde(page, '{ health { ok } }');
    await ideShows(page, /"ok": true/);

    await runInIde(page, 'subscription { datasetUpdated { dataset kind rowCount } }');
    // The subscription is open once the socket is: then a load announces itself.
    for (let i = 0; i < 100 && !sockets.length; i++) await new Promise((r) => setTimeout(r, 100));
    const shown = await page.evaluate(() => document.querySelector('.graphiql-response')?.textContent ?? '');
    expect(sockets[0], `${shown} ${problems.join('; ')}`).toBe(`${env.s.base.replace('http', 'ws')}/graphql`);
    await new Promise((r) => setTimeout(r, 1000));
    await env.s.app.services.ingest.ingest({ name: 'fresh_one', input: { kind: 'stream', stream: Readable.from([Buffer.from('a,b\n1,2\n3,4\n')]), fileName: 'fresh_one.csv' } });
    await ideShows(page, /"dataset": "fresh_one"[\s\S]*"kind": "LOADED"/);
    await page.screenshot({ path: `${ARTIFACTS}/ide-subscription.png` });
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, T * 3);
});
