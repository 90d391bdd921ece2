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
import { wavFile } from '../support/wav';

const SHOTS = process.env['RINGSIDE_SCREENSHOTS'] ?? 'test-results';
const LOCALES = ['en-US', 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
const HD = { width: 1280, height: 720 };
const WALL_4K = { width: 3840, height: 2160 };

let t: TestRingside;
let browser: Browser;
let predictiveId: number;
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
  predictiveId = predictive;
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

/**
 * Nothing inside these editors is cut: every input and select lies within its card (no column behind a sideways
 * scroll) and every label is shown whole (none truncated by its box).
 */
async function editorFits(page: Page, card: string, name: string): Promise<void> {
  const cut = await page.locator(`[data-testid="${card}"]`).evaluateAll((cards) =>
    cards.flatMap((el, index) => {
      const box = el.getBoundingClientRect();
      const outside = [...el.querySelectorAll('input, select, button')]
        .filter((field) => {
          const r = field.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
        })
        .map((field) => `card ${index}: ${field.getAttribute('data-testid') ?? field.tagName} outside`);
      const cutLabels = [...el.querySelectorAll('label')]
        .filter((label) => label.scrollWidth > label.clientWidth + 1)
        .map((label) => `card ${index}: label "${label.textContent}" truncated`);
      return [...outside, ...cutLabels];
    }),
  );
  expect(await page.locator(`[data-testid="${card}"]`).count(), `${name}: no ${card}`).toBeGreaterThan(0);
  expect(cut, `${name}: cut at 1280×720`).toEqual([]);
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
      if (tab === 'routing') {
        await page.getByTestId('rule-row').first().waitFor();
        await editorFits(page, 'rule-row', `routing rules (${locale})`);
      }
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
      if (tab === 'attached') await editorFits(page, row, `call data headers (${locale})`);
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

  it.each(LOCALES)("an admin's campaign editor with its recorded abandon message (%s)", async (locale) => {
    const admin = await t.login('admin');
    const uploaded = await fetch(
      `${t.url}/api/campaigns/${predictiveId}/abandon-recording?name=apology.wav`,
      {
        method: 'POST',
        headers: { 'content-type': 'audio/wav', authorization: `Bearer ${admin}` },
        body: new Uint8Array(wavFile({ rate: 8000, channels: 1, seconds: 3 })),
      },
    );
    expect(uploaded.status).toBe(200);
    const page = await signedIn('admin', locale, HD, 'admin-panel');
    await page
      .getByTestId('campaign-row')
      .filter({ hasText: 'Winter offers' })
      .getByTestId('btn-campaign-edit')
      .click();
    const section = page.getByTestId('abandon-recording');
    await expectText(page, 'abandon-recording-current', /apology\.wav/);
    await section.scrollIntoViewIfNeeded();
    await editorFits(page, 'abandon-recording', `abandon message (${locale})`);
    await fitsAndShoot(page, 'admin-campaign-abandon', locale);
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
