import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectText, launchChromium } from '../support/browser';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let browser: Browser;
const pages: Page[] = [];
const violations: string[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(async (context) => {
  // each test answers for the policy violations of its own screens
  violations.length = 0;
  const failed = context.task.result?.state === 'fail';
  for (const [index, page] of pages.splice(0).entries()) {
    if (failed)
      await page.screenshot({
        path: `test-results/${context.task.name.slice(0, 40)}-${index}.png`,
        fullPage: true,
      });
    await page.context().close();
  }
});

/** Admins do not sit on the floor: their console has no state pill, the admin panel instead. */
async function adminConsole(): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'en-US', acceptDownloads: true })).newPage();
  pages.push(page);
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  await page.goto(t.url);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('admin-panel').waitFor();
  return page;
}

describe('outbound admin screens in Chromium', () => {
  it('creates a campaign (the form refuses a US window past 21:00), imports leads and downloads the bad rows', async () => {
    const page = await adminConsole();
    await page.getByTestId('btn-new-campaign').click();
    await page.getByTestId('cf-name').fill('Spring offer');
    await page.getByTestId('cf-to').fill('22:00');
    await page.getByTestId('cf-script').fill('Hi {first_name}');
    await page.getByTestId('cf-save').click();
    await expect
      .poll(() => page.getByTestId('cf-error').getAttribute('data-code'))
      .toBe('CALLING_WINDOW_TOO_WIDE');
    await page.getByTestId('cf-to').fill('20:00');
    await page.getByTestId('cf-save').click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Spring offer' });
    await row.waitFor();

    await row.getByTestId('btn-campaign-import').click();
    const csv = [
      'phone,first_name,timezone',
      '+12025550301,Ann,America/New_York',
      'not-a-number,Bad,America/New_York',
      '+12025550302,"Zhang, Wei",America/New_York',
    ].join('\r\n');
    await page
      .getByTestId('lead-import')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'leads.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
    await page.getByTestId('btn-lead-import').click();
    await expectText(page, 'lead-import-result', /2 imported.*1 rejected/);
    const download = page.waitForEvent('download');
    await page.getByTestId('btn-bad-rows').click();
    const report = readFileSync(await (await download).path(), 'utf8');
    expect(report).toMatch(/line,code,reason/);
    expect(report).toMatch(/^.*3,PHONE_INVALID,/m);
    await page.keyboard.press('Escape');
    await row.getByTestId('btn-campaign-start').click();
    await expectText(page, 'campaign-state', 'running');
  });

  it('adds a number to the DNC list and explains why it is blocked, then removes it with a reason', async () => {
    const page = await adminConsole();
    await page.getByTestId('tab-dnc').click();
    await page.getByTestId('dnc-number').fill('+1 202 555 0399');
    await page.getByTestId('dnc-reason').fill('Asked by phone');
    await page.getByTestId('btn-dnc-add').click();
    await expectText(page, 'dnc-note', /added/);
    await page.getByTestId('dnc-search-number').fill('(202) 555-0399');
    await page.getByTestId('btn-dnc-search').click();
    await expect.poll(() => page.getByTestId('dnc-search-result').getAttribute('data-listed')).toBe('true');
    await expectText(page, 'dnc-entry', /Asked by phone/);
    await page.getByTestId('btn-dnc-remove').click();
    await expectText(page, 'dnc-note', /removed/);
    // the Mantine screens run under the bridge's strict policy without a single violation
    expect(violations).toEqual([]);
  });
});
