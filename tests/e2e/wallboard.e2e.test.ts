/**
 * The supervisors' wallboard in Chromium against a real bridge: it updates as calls arrive and are answered,
 * and it is photographed at 1280×720 in English and Chinese for the README.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { command, next, startTestRingside, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
/** Where the screenshots go: test-results/ (ignored) unless RINGSIDE_SCREENSHOTS=docs/screenshots refreshes the README's. */
const SHOTS = process.env['RINGSIDE_SCREENSHOTS'] ?? 'test-results';
let t: TestRingside;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

async function wallboard(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  pages.push(page);
  await page.goto(t.url);
  await page.getByTestId('login-username').fill('supervisor');
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page
    .getByTestId('view-switch')
    .getByText(locale === 'zh-CN' ? '监控墙' : 'Wallboard')
    .click();
  await page.getByTestId('wb-queues').waitFor({ timeout: 15_000 });
  return page;
}

const supportCell = (page: Page, testId: string) =>
  page.locator('[data-queue="support"]').getByTestId(testId);

describe('wallboard in Chromium', () => {
  it('shows a call waiting as it arrives, then the agent on it', async () => {
    const page = await wallboard('en-US');
    const supervisor = await t.login('supervisor');
    const placed = await t.api('POST', '/api/sim/calls', supervisor, { from: '+14155550199', to: SUPPORT });
    expect(placed.status).toBe(201);
    await expect.poll(() => supportCell(page, 'wb-waiting').textContent(), { timeout: 15_000 }).toBe('1');

    const agent = await t.connect(await t.login('agent1'));
    const offered = next(agent, 'call:offered', () => true, 15_000);
    await command(agent, 'agent:set-state', { status: 'ready' });
    const { callId } = await offered;
    expect((await command(agent, 'call:answer', { callId })).ok).toBe(true);
    await expect.poll(() => supportCell(page, 'wb-waiting').textContent(), { timeout: 15_000 }).toBe('0');
    await page.locator('[data-status="on-call"]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/wallboard-en.png` });
    agent.disconnect();
  });

  it('reads in Chinese', async () => {
    const page = await wallboard('zh-CN');
    await page.getByText('今日服务水平').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/wallboard-zh-CN.png` });
  });
});
