import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv } from '../integration/face/support.js';
import { ARTIFACTS, hasChromium, readText, recordLoads, STEP_MS as T } from './support/browser.js';
import { browserSuite } from './support/suite.js';

// Code in page.evaluate / waitForFunction runs in the browser.
declare const document: any;
declare const window: any;
declare const performance: any;


describe.skipIf(!hasChromium)('the web app in Chromium', () => {
  const env = browserSuite();
  let page: Page;

  const answers = () => page.locator('.answer');
  async function askInBox(q: string): Promise<void> {
    const before = await answers().count();
    await page.fill('#question', q);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.answer').length > n, before, { timeout: T });
  }

  it('loads small, answers quickly, and draws the chart with marks (vega loaded only then)', async () => {
    page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const loads = recordLoads(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Timed inside the page (Playwright's round trips are not the app's time): the first answer's text appearing.
    await page.addInitScript(() => {
      new (window as any).MutationObserver(() => {
        if (!window.__answerAt && document.querySelector('.answer .answer-text')) window.__answerAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${env.s.base}/`, { waitUntil: 'load', timeout: T });
    const atLoad = new Set(loads.all);
    // Asked the moment the page has loaded, as a user who knows what to ask would.
    await page.fill('#question', 'total amount by product');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer .answer-text', { timeout: T });
    const firstAnswerMs = await page.evaluate(() => Math.round(window.__answerAt - performance.getEntriesByType('navigation')[0].loadEventEnd));
    await page.waitForSelector('#dataset option[value="shop"]', { state: 'attached', timeout: T });
    const initial = [...loads.js.entries()].filter(([u]) => atLoad.has(u));
    const initialGzip = initial.reduce((n, [, size]) => n + size, 0);
    expect(initial.some(([u]) => /chart-/.test(u))).toBe(false);
    await page.waitForSelector('.answer .chart svg .mark-rect path', { timeout: T });
    const marks = await page.locator('.answer .chart svg .mark-rect path').count();
    expect(marks).toBe(3);
    expect([...loads.js.keys()].some((u) => /chart-/.test(u))).toBe(true);
    console.log(`[web] initial JS+CSS ${(initialGzip / 1024).toFixed(1)} KB gzipped in ${initial.length} files; page load → first answer visible ${firstAnswerMs} ms`);
    expect(initialGzip).toBeLessThan(300 * 1024);

    const understood = page.locator('.answer .understood .word');
    expect(await understood.count()).toBeGreaterThan(2);
    await page.screenshot({ path: `${ARTIFACTS}/web-answer.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, T * 3);

  it('downloads the CSV of an answer, with the rows the table shows', async () => {
    const card = answers().last();
    const tableRows = await card.locator('table.result tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), card.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = parseCsv(readText((await download.path())!));
    expect(csv[0]).toEqual(['product', 'sum_amount']);
    expect(csv.slice(1).map((r) => [r[0], Number(r[1]).toLocaleString('en-US')])).toEqual(tableRows.map((r) => [r[0], Number(String(r[1]).replace(/,/g, '')).toLocaleString('en-US')]));
  }, T);

  it('follows a suggestion, answers a clarification by its option, and takes feedback', async () => {
    const before = await answers().count();
    await answers().last().locator('.suggestions button').first().click();
    await page.waitForFunction((n) => document.querySelectorAll('.answer').length > n, before, { timeout: T });

    await askInBox('total amount by flurble');
    const clar = answers().last();
    const options = clar.locator('.options button');
    await options.first().waitFor({ timeout: T });
    const labels = await options.allTextContents();
    expect(labels).toContain('region');
    const n = await answers().count();
    await clar.locator('.options button', { hasText: 'region' }).click();
    await page.waitForFunction((k) => document.querySelectorAll('.answer').length > k, n, { timeout: T });
    const answered = answers().last();
    // "total amount by region": the option took the unknown word's place.
    expect(await answered.locator('table.result tbody tr').count()).toBe(2);
    expect(await answered.locator('.options button').count()).toBe(0);

    await answered.getByRole('button', { name: 'Helpful', exact: true }).click();
    await expect.poll(() => answered.locator('.feedback .status').first().textContent(), { timeout: T }).toMatch(/Thanks/);
    await answered.getByRole('button', { name: 'Not helpful' }).click();
    await answered.getByLabel('Words of the question').fill('takings');
    await answered.getByLabel('Column they mean').selectOption('amount');
    await answered.getByLabel('Aggregation they imply').selectOption('SUM');
    await answered.getByRole('button', { name: 'Send correction' }).click();
    await expect.poll(() => answered.locator('.feedback .status').first().textContent(), { timeout: T }).toMatch(/learned "takings" → amount/);
    await askInBox('takings by region');
    expect(await answers().last().locator('.answer-text').textContent()).not.toMatch(/don't know/);
  }, T * 4);

  it('pins an answer to the board, which re-runs it with its chart', async () => {
    const last = page.locator('.answer:has(button:text("Pin to board"))').last();
    await last.getByRole('button', { name: 'Pin to board' }).click();
    await expect.poll(() => last.locator('.tools .status').textContent(), { timeout: T }).toMatch(/Pinned/);
    await page.click('nav a[href="#/board"]');
    await page.waitForSelector('.saved .chart svg .mark-rect path', { timeout: T });
    await page.screenshot({ path: `${ARTIFACTS}/web-board.png`, fullPage: true });
    await page.click('nav a[href="#/"]');
  }, T * 2);

  it('is usable from the keyboard, in the dark theme and at phone width', async () => {
    const phone = await env.browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await phone.goto(`${env.s.base}/?dataset=shop`, { timeout: T });
    expect(await phone.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await phone.waitForSelector('#dataset option[value="shop"]', { state: 'attached', timeout: T });
    // The first Tab stop is the skip link, which leads to the question box.
    await phone.keyboard.press('Tab');
    expect(await phone.evaluate(() => document.activeElement?.className)).toBe('skip');
    await phone.keyboard.press('Enter');
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe('question');
    await phone.keyboard.type('total amount by region');
    await phone.keyboard.press('Enter');
    await phone.waitForSelector('.answer .chart svg', { timeout: T });
    // A suggestion, reached with Tab and pressed with Enter.
    const before = await phone.locator('.answer').count();
    await phone.locator('.answer .suggestions button').first().focus();
    await phone.keyboard.press('Enter');
    await phone.waitForFunction((n) => document.querySelectorAll('.answer').length > n, before, { timeout: T });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${ARTIFACTS}/web-phone-dark.png`, fullPage: true });
    await phone.getByRole('button', { name: 'Switch between light and dark theme' }).click();
    expect(await phone.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await phone.close();
  }, T * 3);

  it('shows the picked dataset’s columns with their role, type and profile', async () => {
    const p = await env.browser.newPage();
    await p.goto(`${env.s.base}/`, { timeout: T });
    await p.waitForSelector('#dataset option[value="shop"]', { state: 'attached', timeout: T });
    await p.selectOption('#dataset', 'shop');
    await p.click('.dataset-panel summary');
    const details = p.locator('.dataset-panel .dataset-details');
    await details.waitFor({ timeout: T });
    expect(await details.locator('p').textContent()).toMatch(/shop — 6 rows, 5 columns/);
    expect(await details.locator('.col-name').allTextContents()).toEqual(['day', 'region', 'product', 'amount', 'note']);
    const row = (name: string) => details.locator('li', { has: p.locator('.col-name', { hasText: new RegExp(`^${name}$`) }) });
    expect(await row('amount').locator('.role').textContent()).toBe('measure');
    expect(await row('amount').locator('.col-profile').textContent()).toMatch(/^10 – 60, mean 35 · 6 distinct$/);
    expect(await row('region').locator('.col-profile').textContent()).toMatch(/top: (EU \(3\), US \(3\)|US \(3\), EU \(3\)) · 2 distinct/);
    expect(await row('day').locator('.col-profile').textContent()).toMatch(/^2024-01-01 → 2024-01-06, day/);
    await p.screenshot({ path: `${ARTIFACTS}/web-dataset-profile.png`, fullPage: true });
    await p.close();
  }, T * 2);

  it('says clearly what went wrong with bad input and stays usable', async () => {
    const p = await env.browser.newPage();
    await p.goto(`${env.s.base}/?dataset=no_such_dataset`, { timeout: T });
    await p.waitForSelector('.notice.error', { timeout: T });
    expect(await p.locator('.notice.error').first().textContent()).toMatch(/no dataset named "no_such_dataset".*shop/);

    await p.fill('#question', 'x'.repeat(10_000));
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => [...document.querySelectorAll('.notice.error')].some((n) => /10,000 characters/.test(n.textContent ?? '')), undefined, { timeout: T });
    expect(await p.locator('.counter').textContent()).toMatch(/10,000/);

    // The network fails mid-answer: a clear message and a retry that works once it is back.
    await p.route('**/graphql', (route) => route.abort('connectionreset'));
    await p.fill('#question', 'total amount by region');
    await p.keyboard.press('Enter');
    await p.waitForSelector('.notice.error >> text=could not be reached', { timeout: T });
    await p.unroute('**/graphql');
    await p.getByRole('button', { name: 'Try again' }).click();
    await p.waitForSelector('.answer .answer-text', { timeout: T });
    await p.screenshot({ path: `${ARTIFACTS}/web-bad-input.png`, fullPage: true });
    await p.close();
  }, T * 3);
});
