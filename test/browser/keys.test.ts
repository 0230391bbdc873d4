import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame } from 'playwright-core';
import type { Principal } from '../../src/auth/principal.js';
import { runAs } from '../../src/auth/requestScope.js';
import { testTargets } from '../support/targets.js';
import { CREATE_TOKEN, loadFixtures, startFaceServer, type FaceServer } from '../integration/face/support.js';
import { ARTIFACTS, ensureWebBuilt, hasChromium, hostPage, launch } from './support.js';

declare const document: any;

const [embedded] = testTargets();
const T = 120_000;
const admin: Principal = { kind: 'key', tenantId: 'acme', role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null };

/** A server with API keys: the app asks for one, and an answer shows only the key's rows. */
describe.skipIf(!hasChromium)('the web app and the widget on a server with API keys', () => {
  let s: FaceServer;
  let browser: Browser;
  let viewerEU: string;
  let analyst: string;
  let host: { url: string; close(): Promise<void> };
  let html = '';

  beforeAll(async () => {
    ensureWebBuilt();
    s = await startFaceServer((await embedded!.fresh()).config);
    await runAs(admin, () => loadFixtures(s.app));
    viewerEU = (await s.app.services.keys.create({ tenantId: 'acme', role: 'viewer', rowFilters: [{ column: 'region', value: 'EU' }] })).key;
    analyst = (await s.app.services.keys.create({ tenantId: 'acme', role: 'analyst' })).key;
    await s.gql(`{ ask(question: "total amount", dataset: "shop") { text } }`, undefined, { token: analyst });
    host = await hostPage(() => html);
    browser = await launch();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await s?.close();
  });

  it('asks for a key, says when one is refused, and answers with the key’s rows only', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.base}/`, { timeout: T });
    const dialog = page.locator('dialog.signin');
    await dialog.waitFor({ timeout: T });
    expect(await dialog.textContent()).toMatch(/needs an API key/);
    await page.fill('#credential', 'iq_not_a_real_key');
    await page.press('#credential', 'Enter');
    // Refused: the dialog comes back saying why, and the page stays usable.
    await page.waitForFunction(() => document.querySelector('dialog.signin')?.open && /not|invalid|unknown|refused/i.test(document.querySelector('#credential-why')?.textContent ?? ''), undefined, { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/web-key-refused.png` });
    await page.fill('#credential', viewerEU);
    await page.press('#credential', 'Enter');
    await page.waitForSelector('#dataset option[value="shop"]', { state: 'attached', timeout: T });
    await page.fill('#question', 'total amount by region');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer table.result tbody tr', { timeout: T });
    const regions = await page.locator('.answer').last().locator('tbody tr td:first-child').allTextContents();
    expect(regions).toEqual(['EU']);
    await page.close();
  }, T * 3);

  it('uses an embed token given in the address, and removes it from the address bar', async () => {
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'], rowFilters: [{ column: 'region', value: 'US' }], ttlSeconds: 600 } }, { token: analyst });
    expect(r.errors).toBeUndefined();
    const page = await browser.newPage();
    await page.goto(`${s.base}/#token=${r.data.createEmbedToken.token}`, { timeout: T });
    expect(page.url()).not.toMatch(/token=/);
    await page.waitForSelector('#dataset option[value="shop"]', { state: 'attached', timeout: T });
    expect(await page.locator('dialog.signin').count()).toBe(0);
    await page.fill('#question', 'total amount by region');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer table.result tbody tr', { timeout: T });
    expect(await page.locator('.answer').last().locator('tbody tr td:first-child').allTextContents()).toEqual(['US']);
    await page.close();
  }, T * 2);

  it('the widget says so when the network fails mid-answer, and answers once it is back', async () => {
    const r = await s.gql(CREATE_TOKEN, { input: { datasets: ['shop'], ttlSeconds: 600 } }, { token: analyst });
    html = `<!doctype html><html><body><div id="w"></div>
<script src="${s.base}/embed.js" data-dataset="shop" data-token="${r.data.createEmbedToken.token}" data-target="#w"></script></body></html>`;
    const page = await browser.newPage();
    await page.goto(host.url, { timeout: T });
    const frame: Frame = (await (await page.waitForSelector('#w iframe', { timeout: T })).contentFrame())!;
    await frame.waitForSelector('#question', { timeout: T });
    await page.route(`${s.base}/graphql`, (route) => route.abort('connectionreset'));
    await frame.fill('#question', 'total amount by region');
    await frame.press('#question', 'Enter');
    await frame.waitForSelector('.notice.error >> text=could not be reached', { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/embed-network-error.png` });
    await page.unroute(`${s.base}/graphql`);
    await frame.getByRole('button', { name: 'Try again' }).click();
    await frame.waitForSelector('.answer .answer-text', { timeout: T });
    await page.close();
  }, T * 2);
});
