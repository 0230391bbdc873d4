import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { localPrincipal } from '../../src/auth/principal.js';
import { EmbedTokenService } from '../../src/embed/embedTokenService.js';
import { SigningKeys } from '../../src/embed/signingKeys.js';
import { apiKeyStatus, datasetScopeCheck } from '../../src/embed/tokenScope.js';
import { parseCsv } from '../integration/face/support.js';
import { ARTIFACTS, hasChromium, ideShows, openWidget, readText, runInIde, STEP_MS as T, widgetHtml } from './support/browser.js';
import { browserSuite, embedToken } from './support/suite.js';

declare const document: any;
declare const window: any;


describe.skipIf(!hasChromium)('the widget embedded in a page of another origin', () => {
  const env = browserSuite({ hostPage: true });
  const token = (input: Record<string, unknown>): Promise<string> => embedToken(env.s, input);
  const hostOrigin = () => env.host.origin;

  /** The host page: the script tag, and a little script that asks through the postMessage API. */
  function hostHtml(attrs: Record<string, string>, question = 'total amount by region', at: 'ready' | 'now' = 'ready'): string {
    return widgetHtml(env.s.base, attrs, {
      before: '<h1>A BI page</h1>',
      after: `<pre id="out"></pre><pre id="err"></pre>
<script>
  const w = window.InsightQL.widgets[0];
  const ask = () => w.ask(${JSON.stringify(question)}).then(
    (a) => { document.getElementById('out').textContent = JSON.stringify(a.result ? a.result.rows : a.text); },
    (e) => { document.getElementById('err').textContent = e.code + ': ' + e.message; });
  ${at === 'now' ? 'ask();' : "w.on('ready', ask);"}
</script>`,
    });
  }

  async function open(attrs: Record<string, string>, question?: string, at?: 'ready' | 'now'): Promise<{ page: Page; frame: Frame }> {
    env.html = hostHtml(attrs, question, at);
    const page = await env.browser.newPage();
    return { page, frame: await openWidget(page, env.host.url) };
  }

  it('mounts through the script tag, answers the host page over postMessage, with only the token’s rows', async () => {
    const t = await token({ datasets: ['shop'], rowFilters: [{ column: 'region', value: 'EU' }], origins: [hostOrigin()] });
    const { page, frame } = await open({ dataset: 'shop', token: t });
    await page.waitForFunction(() => document.getElementById('out').textContent.length > 0, undefined, { timeout: T });
    const rows = JSON.parse((await page.textContent('#out'))!);
    expect(rows.map((r: any) => r.region)).toEqual(['EU']);
    expect(rows[0].sum_amount).toBe(80);
    await frame.waitForSelector('.answer .chart svg .mark-rect path', { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/embed-host.png`, fullPage: true });

    // The widget's own CSV download carries the same filter.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), frame.getByRole('button', { name: 'Download CSV' }).first().click()]);
    const csv = parseCsv(readText((await download.path())!));
    expect(csv.slice(1)).toEqual([['EU', '80']]);

    // Typed in the widget itself: still only EU rows.
    await frame.fill('#question', 'total amount by product');
    await frame.press('#question', 'Enter');
    await frame.waitForFunction(() => document.querySelectorAll('.answer').length >= 2, undefined, { timeout: T });
    const cells = await frame.locator('.answer').last().locator('tbody tr td:first-child').allTextContents();
    expect(cells.sort()).toEqual(['apple', 'pear']);
    await page.close();
  }, T * 3);

  it('cannot read another dataset with a token for one', async () => {
    const t = await token({ datasets: ['shop'], origins: [hostOrigin()] });
    const { page, frame } = await open({ dataset: 'shop', token: t });
    await page.evaluate(() => window.InsightQL.widgets[0].setDataset('stock'));
    await frame.waitForSelector('.notice.error >> text=There is no dataset "stock" here', { timeout: T });
    const direct = await env.s.gql(`{ insight(query: { dataset: "stock", measures: [{ agg: COUNT }] }) { rows } }`, undefined, { token: t });
    expect(direct.errors?.[0]?.extensions?.code).toBe('DATASET_NOT_FOUND');
    const list = await env.s.gql(`{ datasets { name } }`, undefined, { token: t });
    expect(list.data.datasets.map((d: any) => d.name)).toEqual(['shop']);
    await page.close();
  }, T * 2);

  it('refuses expired and tampered tokens with a clear message', async () => {
    const wh = env.s.app.services.warehouse;
    const past = new EmbedTokenService(wh, new SigningKeys(wh, null), apiKeyStatus(wh), datasetScopeCheck(env.s.app.services.catalog), () => new Date(Date.now() - 3600_000));
    const expired = (await past.create(localPrincipal(), { datasets: ['shop'], ttlSeconds: 60 })).token;
    let r = await open({ dataset: 'shop', token: expired });
    await r.frame.waitForSelector('.notice.error >> text=expired', { timeout: T });
    await r.page.waitForFunction(() => document.getElementById('err').textContent.length > 0, undefined, { timeout: T });
    expect(await r.page.textContent('#err')).toMatch(/UNAUTHENTICATED/);
    await r.page.close();

    const good = await token({ datasets: ['shop'] });
    const [h, p] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, ds: ['shop', 'stock'] })).toString('base64url')}.${good.split('.')[2]}`;
    r = await open({ dataset: 'shop', token: tampered });
    await r.frame.waitForSelector('.notice.error >> text=not valid', { timeout: T });
    await r.page.screenshot({ path: `${ARTIFACTS}/embed-tampered.png`, fullPage: true });
    await r.page.close();
  }, T * 3);

  it('tells the host page of every answer, those typed in the widget too, and takes its theme', async () => {
    const t = await token({ datasets: ['shop'], origins: [hostOrigin()] });
    env.html = widgetHtml(env.s.base, { dataset: 'shop', token: t }, {
      after: `<script>
  window.heard = [];
  window.InsightQL.widgets[0].on('answer', (m) => window.heard.push({ question: m.question, rows: m.answer.result ? m.answer.result.rows.length : -1 }));
</script>`,
    });
    const page = await env.browser.newPage();
    const frame = await openWidget(page, env.host.url);
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await frame.fill('#question', 'total amount by region');
    await frame.press('#question', 'Enter');
    await page.waitForFunction(() => window.heard.length > 0, undefined, { timeout: T });
    expect(await page.evaluate(() => window.heard)).toEqual([{ question: 'total amount by region', rows: 2 }]);
    await page.evaluate(() => window.InsightQL.widgets[0].setTheme('dark'));
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark', undefined, { timeout: T });
    await page.close();
  }, T * 2);

  it('works as a plain iframe (/embed?dataset=…&token=…&theme=dark): dark, the token out of its address, only the token’s rows', async () => {
    const t = await token({ datasets: ['shop'], rowFilters: [{ column: 'region', value: 'US' }], origins: [hostOrigin()] });
    env.html = `<!doctype html><html><body><h1>A BI page</h1>
<iframe id="f" title="chat" style="width:100%;height:600px" src="${env.s.base}/embed?dataset=shop&token=${t}&theme=dark"></iframe></body></html>`;
    const page = await env.browser.newPage();
    await page.goto(env.host.url, { timeout: T });
    const frame = (await (await page.waitForSelector('#f', { timeout: T })).contentFrame())!;
    await frame.waitForSelector('#question', { timeout: T });
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(frame.url()).not.toMatch(/token=/);
    await frame.fill('#question', 'total amount by region');
    await frame.press('#question', 'Enter');
    await frame.waitForSelector('.answer table.result tbody tr', { timeout: T });
    expect(await frame.locator('.answer').last().locator('tbody tr td:first-child').allTextContents()).toEqual(['US']);
    await page.screenshot({ path: `${ARTIFACTS}/embed-iframe-dark.png`, fullPage: true });
    await page.close();
  }, T * 2);

  it('ignores a page of an origin the token does not allow, and stays usable', async () => {
    const t = await token({ datasets: ['shop'], origins: ['https://elsewhere.example'] });
    // The widget never tells this page it is ready: the page asks at once.
    const { page, frame } = await open({ dataset: 'shop', token: t }, undefined, 'now');
    await frame.waitForSelector(`.notice.error >> text=Ignored a message from ${hostOrigin()}`, { timeout: T });
    expect(await page.textContent('#out')).toBe('');
    await frame.fill('#question', 'total amount by region');
    await frame.press('#question', 'Enter');
    await frame.waitForSelector('.answer .answer-text', { timeout: T });
    await page.close();
  }, T * 2);

  it('explains a token in the wrong place, a missing one, and a dataset that does not exist', async () => {
    const t = await token({ datasets: ['shop'], origins: [hostOrigin()] });
    let r = await open({ dataset: t });
    await r.frame.waitForSelector('.notice.error >> text=The dataset parameter holds a token', { timeout: T });
    await r.page.close();
    r = await open({ dataset: 'shop' });
    await r.frame.waitForSelector('.notice.error >> text=has no embed token', { timeout: T });
    await r.page.close();
    r = await open({ dataset: 'shop', token: 'not-a-token' });
    await r.frame.waitForSelector('.notice.error >> text=not an embed token', { timeout: T });
    await r.page.close();
    r = await open({ dataset: 'no_such_dataset', token: t });
    await r.frame.waitForSelector('.notice.error >> text=There is no dataset "no_such_dataset" here', { timeout: T });
    await r.frame.fill('#question', 'total amount by region');
    await r.frame.press('#question', 'Enter');
    await r.frame.waitForSelector('.answer .answer-text', { timeout: T });
    await r.page.close();
  }, T * 4);
});

describe.skipIf(!hasChromium)('the GraphQL IDE', () => {
  const env = browserSuite({ prepare: 'nothing' });

  it('works with the network off: nothing but the server itself, and a query runs', async () => {
    const page = await env.browser.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(env.s.base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    });
    await page.goto(`${env.s.base}/graphql`, { timeout: T });
    await page.waitForSelector('.graphiql-container', { timeout: T });
    const tabs = await page.locator('.graphiql-tab').count();
    expect(tabs).toBeGreaterThanOrEqual(5);
    await runInIde(page, '{ health { ok database } }');
    await ideShows(page, /"ok": true/);
    await page.screenshot({ path: `${ARTIFACTS}/ide-offline.png` });
    expect(elsewhere).toEqual([]);
    await page.close();
  }, T * 2);
});
