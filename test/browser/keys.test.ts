import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { runAs } from '../../src/auth/requestScope.js';
import { loadFixtures } from '../integration/face/support.js';
import { ARTIFACTS, hasChromium, openWidget, STEP_MS as T, warmUp, widgetHtml } from './support/browser.js';
import { browserSuite, embedToken } from './support/suite.js';

declare const document: any;

const admin: Principal = { kind: 'key', tenantId: 'acme', role: 'admin', keyId: null, rowFilters: [], datasets: null, clientKey: null };

/** A server with API keys: the app asks for one, and an answer shows only the key's rows. */
describe.skipIf(!hasChromium)('the web app and the widget on a server with API keys', () => {
  let viewerEU: string;
  let analyst: string;
  const env = browserSuite({
    hostPage: true,
    prepare: async (s) => {
      await runAs(admin, () => loadFixtures(s.app));
      viewerEU = (await s.app.services.keys.create({ tenantId: 'acme', role: 'viewer', rowFilters: [{ column: 'region', value: 'EU' }] })).key;
      analyst = (await s.app.services.keys.create({ tenantId: 'acme', role: 'analyst' })).key;
      await warmUp(s, { token: analyst });
    },
  });

  it('asks for a key, says when one is refused, and answers with the key’s rows only', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.s.base}/`, { timeout: T });
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
    const token = await embedToken(env.s, { datasets: ['shop'], rowFilters: [{ column: 'region', value: 'US' }], ttlSeconds: 600 }, { token: analyst });
    const page = await env.browser.newPage();
    await page.goto(`${env.s.base}/#token=${token}`, { timeout: T });
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
    const token = await embedToken(env.s, { datasets: ['shop'], ttlSeconds: 600 }, { token: analyst });
    env.html = widgetHtml(env.s.base, { dataset: 'shop', token });
    const page = await env.browser.newPage();
    const frame = await openWidget(page, env.host.url);
    await page.route(`${env.s.base}/graphql`, (route) => route.abort('connectionreset'));
    await frame.fill('#question', 'total amount by region');
    await frame.press('#question', 'Enter');
    await frame.waitForSelector('.notice.error >> text=could not be reached', { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/embed-network-error.png` });
    await page.unroute(`${env.s.base}/graphql`);
    await frame.getByRole('button', { name: 'Try again' }).click();
    await frame.waitForSelector('.answer .answer-text', { timeout: T });
    await page.close();
  }, T * 2);
});
