/**
 * An outbound call survives the agent's console in Chromium (sim PBX): the page reloads mid-call and again in
 * wrap-up, its socket reconnects, and the session snapshot brings back the campaign, the card, the call's phase and
 * the disposition form with the agent's draft; the disposition sent after the reconnect lands once.
 * tests/integration/outbound-session-restore.test.ts checks the snapshot itself with socket.io clients.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAttempts, interactions, users } from '../../db/schema';
import { expectText, launchChromium, openConsole } from '../support/browser';
import { closePages } from '../support/console-test';
import { createRunningCampaign, simAlways } from '../support/campaigns';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let browser: Browser;
let admin: string;
const pages: Page[] = [];

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});
afterEach((context) => closePages(pages, context, { fullPage: true }));

/** The agent's console reloads: the same tab, the same session, a new socket. */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByTestId('agent-status').waitFor({ timeout: 15_000 });
}

describe('an outbound call restored in the console after a reload', () => {
  it('progressive: card, campaign, call state and disposition form come back; the disposition lands once', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E restore',
      mode: 'progressive',
      leads: ['+12025550461,Rosa,Restore Ltd,UTC'],
    });
    simAlways(t, campaignId, 'answered');
    const page = await openConsole(browser, t.url, 'agent1');
    pages.push(page);
    await page.getByTestId('campaign-select').click();
    await page.getByRole('option', { name: /E2E restore/ }).click();
    await page.getByTestId('btn-join-campaign').click();
    await expectText(page, 'joined-campaign', 'E2E restore');
    await page.getByTestId('btn-ready').click();
    await expectText(page, 'lead-name', 'Rosa');
    const leadId = Number(await page.getByTestId('lead-card').getAttribute('data-lead-id'));
    await expectText(page, 'outbound-phase', 'Connected');
    await expectText(page, 'agent-status', 'on-call');

    // mid-call: the campaign, the card with its script and the connected call come back
    await reload(page);
    await expectText(page, 'joined-campaign', 'E2E restore');
    await expectText(page, 'lead-name', 'Rosa');
    expect(await page.getByTestId('lead-card').getAttribute('data-lead-id')).toBe(String(leadId));
    await expectText(page, 'lead-script', 'ScriptHello Rosa, this is Ringside calling for Restore Ltd.');
    await expectText(page, 'outbound-phase', 'Connected');
    await expectText(page, 'agent-status', 'on-call');

    // on hold at the agent's phone for a minute already (as Kamailio's dialer reports it): after a reload the
    // pill shows the hold with the bridge's timer, not one that starts again at the reload
    const agentId = t.ringside.db.select().from(users).where(eq(users.username, 'agent1')).get()?.id ?? -1;
    const callId = t.ringside.outbound.calls.ofAgent(agentId)?.callId ?? '';
    expect(t.ringside.outbound.held(callId, true, Date.now() - 65_000)).toBe(true);
    await page.getByTestId('pill-hold').waitFor({ timeout: 10_000 });
    await reload(page);
    await expect
      .poll(() => page.getByTestId('pill-hold').textContent(), { timeout: 10_000 })
      .toMatch(/^on hold 01:\d\d$/);
    expect(t.ringside.outbound.held(callId, false)).toBe(true);
    await page.getByTestId('pill-hold').waitFor({ state: 'detached', timeout: 10_000 });

    // the restored card still commands the call
    await page.getByTestId('btn-outbound-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');
    const form = page.getByTestId('wrapup-form');
    await form.waitFor();
    const interactionId = Number(await form.getAttribute('data-interaction-id'));
    expect(interactionId).toBeGreaterThan(0);
    await page.getByTestId('wrapup-disposition').selectOption('sale-made');
    await page.getByTestId('wrapup-notes').fill('Wants the annual plan');

    // in wrap-up: the form for the same interaction comes back with the agent's draft
    await reload(page);
    await expectText(page, 'agent-status', 'wrap-up');
    await expectText(page, 'joined-campaign', 'E2E restore');
    await expect
      .poll(() => page.getByTestId('wrapup-form').getAttribute('data-interaction-id'), { timeout: 10_000 })
      .toBe(String(interactionId));
    await expect.poll(() => page.getByTestId('wrapup-disposition').inputValue()).toBe('sale-made');
    await expect.poll(() => page.getByTestId('wrapup-notes').inputValue()).toBe('Wants the annual plan');

    await page.getByTestId('wrapup-submit').click();
    await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('wrap-up');
    await expect.poll(() => t.ringside.leads.get(leadId)?.status).toBe('done');

    // landed once: one interaction for the lead with the disposition, one attempt, one wrap-up recorded
    const db = t.ringside.db;
    const rows = db.select().from(interactions).where(eq(interactions.leadId, leadId)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: interactionId,
      wrapUpEnd: 'disposition',
      notes: 'Wants the annual plan',
    });
    expect(rows[0]?.dispositionId).not.toBeNull();
    expect(db.select().from(callAttempts).where(eq(callAttempts.leadId, leadId)).all()).toHaveLength(1);
    expect(rows[0]?.wrapUpKey).toBeTruthy();
    // nothing left in the console to resend: the draft was dropped once the bridge acknowledged it
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ringside:wrapup:'))),
      )
      .toEqual([]);
    // and after one more reload nothing is resent or due: the campaign is still joined, no form
    await reload(page);
    await expectText(page, 'joined-campaign', 'E2E restore');
    expect(await page.getByTestId('wrapup-form').count()).toBe(0);
    expect(db.select().from(interactions).where(eq(interactions.leadId, leadId)).all()).toHaveLength(1);
  }, 60_000);
});
