/**
 * Every screen at the sizes call centers use — an agent's or admin's 1280×720 and a 4K wall — in English and
 * Chinese: nothing is wider than the window (no sideways scroll, nothing cut off), and each is photographed
 * (test-results/, or docs/screenshots with RINGSIDE_SCREENSHOTS=docs/screenshots for the README).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectText, launchChromium, openScreen } from '../support/browser';
import { createRunningCampaign, readyAgentClosingCalls, simAlways, simLively } from '../support/campaigns';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

const SHOTS = process.env['RINGSIDE_SCREENSHOTS'] ?? 'test-results';
const LOCALES = ['en-US', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
const HD = { width: 1280, height: 720 };
const WALL_4K = { width: 3840, height: 2160 };

let t: TestRingside;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  const admin = await t.login('admin');
  const preview = await createRunningCampaign(t, admin, {
    name: 'Spring renewals',
    mode: 'preview',
    leads: ['+12025550311,Alice,Acme Ltd,UTC', '+12025550312,王芳,北京贸易,Asia/Shanghai'],
  });
  simAlways(t, preview, 'answered');
  const predictive = await createRunningCampaign(t, admin, {
    name: 'Winter offers',
    mode: 'predictive',
    leads: Array.from({ length: 100 }, (_, i) => `+1202557${String(1000 + i)},W${i},Winter Co,UTC`),
    extra: { maxLines: 4 },
  });
  simLively(t, predictive, { answerRate: 0.6, talkMs: [2_000, 6_000] });
  for (const username of ['agent2', 'agent3']) await readyAgentClosingCalls(t, username, predictive);
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

async function signedIn(username: string, locale: Locale, viewport = HD, landmark?: string): Promise<Page> {
  const page = await openScreen(browser, t.url, username, {
    locale,
    viewport,
    ...(landmark ? { landmark } : {}),
  });
  pages.push(page);
  return page;
}

/** The page is no wider than its window, and the photograph is taken. */
async function fitsAndShoot(page: Page, name: string, locale: Locale): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${name} (${locale}) is wider than the window`).toBeLessThanOrEqual(clientWidth);
  await page.screenshot({ path: `${SHOTS}/${name}-${locale === 'en-US' ? 'en' : 'zh-CN'}.png` });
}

describe('screens at 1280×720 and on a 4K wall', () => {
  it.each(LOCALES)("an agent's console with a preview card (%s)", async (locale) => {
    const page = await signedIn('agent1', locale);
    await page.getByTestId('campaign-select').click();
    await page.getByRole('option', { name: /Spring renewals/ }).click();
    await page.getByTestId('btn-join-campaign').click();
    await expectText(page, 'joined-campaign', 'Spring renewals');
    await page.getByTestId('lead-card').waitFor();
    await fitsAndShoot(page, 'agent-preview', locale);
    await page.getByTestId('btn-leave-campaign').click();
  });

  it.each(LOCALES)("an admin's queues, routing rules and campaigns (%s)", async (locale) => {
    const page = await signedIn('admin', locale, HD, 'admin-panel');
    for (const tab of ['queues', 'routing', 'campaigns'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.getByTestId(`tab-${tab}`).and(page.locator('[aria-selected="true"]')).waitFor();
      await page.getByTestId('admin-panel').scrollIntoViewIfNeeded();
      await fitsAndShoot(page, `admin-${tab}`, locale);
    }
  });

  it.each(LOCALES)("an admin's business types and call data headers (%s)", async (locale) => {
    const page = await signedIn('admin', locale, HD, 'admin-panel');
    for (const [tab, row] of [
      ['business-types', 'type-row'],
      ['attached', 'attached-field-row'],
    ] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.getByTestId(`tab-${tab}`).and(page.locator('[aria-selected="true"]')).waitFor();
      await page.getByTestId(row).first().waitFor();
      await page.getByTestId('admin-panel').scrollIntoViewIfNeeded();
      await fitsAndShoot(page, `admin-${tab}`, locale);
    }
  });

  it.each(LOCALES)("an admin's audit log with a decision's details (%s)", async (locale) => {
    const page = await signedIn('admin', locale, HD, 'admin-panel');
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-category').selectOption('compliance');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('admin-panel').scrollIntoViewIfNeeded();
    await fitsAndShoot(page, 'admin-audit', locale);
    await page.getByTestId('audit-row').first().click();
    await page.getByTestId('audit-drawer').waitFor();
    await fitsAndShoot(page, 'admin-audit-entry', locale);
  });

  it.each(LOCALES)("a supervisor's pacing panel on a predictive campaign (%s)", async (locale) => {
    const page = await signedIn('supervisor', locale);
    await page.getByTestId('pacing-campaign-select').click();
    await page.getByRole('option', { name: 'Winter offers' }).click();
    await page.getByTestId('pacing-dial-level').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => Number(await page.getByTestId('pacing-chart').getAttribute('data-points')), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(3);
    await page.getByTestId('pacing-campaign-select').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await fitsAndShoot(page, 'pacing', locale);
  });

  // one language: a 4K page costs seconds to paint without a GPU, and the Chinese one is the wider
  it('the wallboard in big-screen mode on a 4K wall (zh-CN)', async () => {
    const locale = 'zh-CN';
    const page = await signedIn('supervisor', locale, WALL_4K);
    await page
      .getByTestId('view-switch')
      .getByText(locale === 'zh-CN' ? '监控墙' : 'Wallboard')
      .click();
    await page.getByTestId('wb-queues').waitFor({ timeout: 15_000 });
    await page.getByTestId('wb-big-screen').click();
    await fitsAndShoot(page, 'wallboard-4k', locale);
  });
});
