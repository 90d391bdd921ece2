/**
 * The supervisors' wallboard in Chromium against a real bridge: it updates as calls arrive and are answered; a
 * supervisor forces an agent not ready from the agent's row and the agent's own console (a second page) changes
 * and says who and why; per-queue thresholds set in the form recolour the cells; it is photographed at 1280×720
 * in English and Chinese for the README.
 */
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { launchChromium, openScreen } from '../support/browser';
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

async function signedIn(username: string, locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const page = await openScreen(browser, t.url, username, { locale });
  pages.push(page);
  return page;
}

async function wallboard(locale: 'en-US' | 'zh-CN'): Promise<Page> {
  const page = await signedIn('supervisor', locale);
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

  it("forces an agent not ready from the agent's row: the agent's console changes and says who and why", async () => {
    const agentPage = await signedIn('agent2', 'en-US');
    await agentPage.getByTestId('btn-ready').click();
    await expect
      .poll(() => agentPage.getByTestId('agent-status').textContent(), { timeout: 15_000 })
      .toBe('ready');
    const agentId = (await t.api<{ id: number }>('GET', '/api/me', await t.login('agent2'))).body.id;

    const page = await wallboard('en-US');
    const row = page.locator(`[data-agent="${agentId}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('ready');
    await row.getByTestId('force-reason').fill('Team huddle at the desk');
    await row.getByTestId('force-not-ready').click();

    await expect
      .poll(() => agentPage.getByTestId('agent-status').textContent(), { timeout: 15_000 })
      .toBe('not-ready');
    const notice = agentPage.getByTestId('supervised-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('Sofia Martins');
    expect(await agentPage.getByTestId('supervised-reason').textContent()).toBe('Team huddle at the desk');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('not-ready');
    expect(await row.getByTestId('wb-agent-reason').textContent()).toBe('Team huddle at the desk');

    const audited = t.ringside.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supervisor.force-not-ready'), eq(auditLog.subject, `user:${agentId}`)))
      .all();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.reason).toBe('Team huddle at the desk');
  });

  it("recolours a queue's cells with the thresholds set in the form", async () => {
    const page = await wallboard('en-US');
    const supervisor = await t.login('supervisor');
    // nobody ready for support now: the call waits
    const placed = await t.api<{ callId: string }>('POST', '/api/sim/calls', supervisor, {
      from: '+14155550142',
      to: SUPPORT,
    });
    expect(placed.status).toBe(201);
    await expect.poll(() => supportCell(page, 'wb-waiting').textContent(), { timeout: 15_000 }).toBe('1');
    const longest = supportCell(page, 'wb-longest-wait');
    await expect.poll(() => longest.getAttribute('data-level'), { timeout: 15_000 }).toBe('good');

    await page.getByTestId('wb-thresholds-open').click();
    await page.getByTestId('wb-th-queue').click();
    await page.getByRole('option', { name: 'Customer service' }).click();
    await page.getByTestId('wb-th-waitGood').fill('0');
    await page.getByTestId('wb-th-waitWarn').fill('1');
    await page.getByTestId('wb-th-save').click();
    await page.getByTestId('wb-th-saved').waitFor({ timeout: 15_000 });
    await expect.poll(() => longest.getAttribute('data-level'), { timeout: 15_000 }).toBe('bad');
    expect(await page.getByTestId('wb-th-source').getAttribute('data-custom')).toBe('true');
    t.sim.callerHangsUp(placed.body.callId);
  });

  it('reads in Chinese', async () => {
    const page = await wallboard('zh-CN');
    // within the wallboard's queue table: the agent's own "my queues" panel (hidden here) has the same words
    await page.getByTestId('wb-queues').getByText('今日服务水平').waitFor({ timeout: 15_000 });
    await page.getByTestId('wb-state-mix').locator('.recharts-legend-wrapper').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/wallboard-zh-CN.png` });
    // every string on the page, agent rows and their floor actions included, for a reader to check
    await page.screenshot({ path: 'test-results/wallboard-zh-CN-full.png', fullPage: true });
  });
});
