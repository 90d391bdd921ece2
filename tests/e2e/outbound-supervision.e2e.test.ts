/**
 * The outbound console in Chromium on the sim PBX: "my callbacks due" opens an inbound follow-up's customer and
 * dials it through the gate, and opens a campaign callback's card; the supervisor's pacing panel shows a running
 * predictive campaign live (dial level, estimates, abandon budget, occupancy) with its chart.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { followUps } from '../../db/schema';
import { expectText, launchChromium, openConsole } from '../support/browser';
import { closePages } from '../support/console-test';
import { createRunningCampaign, readyAgentClosingCalls, simLively } from '../support/campaigns';
import { knownCustomer } from '../support/known-customer';
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

async function console_(username: string): Promise<Page> {
  const page = await openConsole(browser, t.url, username);
  pages.push(page);
  return page;
}

const userId = (username: string) =>
  (t.ringside.db.$client.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number })
    .id;

describe('outbound console in Chromium', () => {
  it("my callbacks due: an inbound follow-up is opened and dialled, a campaign callback's card opened", async () => {
    const customer = knownCustomer(t.ringside.db, 3);
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E callbacks',
      mode: 'preview',
      leads: ['+12025550461,Cleo,Callback Co,UTC'],
    });
    const leadId = (
      t.ringside.db.$client.prepare('SELECT id FROM leads WHERE campaign_id = ?').get(campaignId) as {
        id: number;
      }
    ).id;
    const owner = userId('agent1');
    const due = Date.now() - 60_000;
    t.ringside.db
      .insert(followUps)
      .values([
        {
          customerId: customer.customerId,
          kind: 'callback',
          dueAt: due,
          ownerUserId: owner,
          phoneE164: customer.e164,
          notes: 'asked to be called about the refund',
        },
        { kind: 'callback', dueAt: due, ownerUserId: owner, campaignId, leadId },
      ])
      .run();
    const page = await console_('agent1');
    // the demo data's own callbacks fall due through the day (from 01:00 UTC): pick this test's by its note
    const inbound = page.locator('[data-testid="callback-row"][data-kind="inbound"]', {
      hasText: 'asked to be called about the refund',
    });
    await inbound.waitFor();

    // Open: the customer's card
    await inbound.getByTestId('btn-open-follow-up').click();
    await expectText(page, 'follow-up-customer-name', customer.name);

    // a campaign callback's Open: its lead's card in the campaign panel (joined for it), to dial from there
    await page
      .locator('[data-testid="callback-row"][data-kind="campaign"]')
      .getByTestId('btn-take-callback')
      .click();
    await expectText(page, 'joined-campaign', 'E2E callbacks');
    await expectText(page, 'lead-name', 'Cleo');

    // Dial: the bridge places the call to the follow-up's number (the console only sees it masked)
    await page.getByTestId('btn-ready').click();
    await expectText(page, 'agent-status', 'ready');
    await inbound.getByTestId('btn-dial-follow-up').click();
    await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('ready');
    const dialled = t.ringside.db.$client
      .prepare(
        `SELECT caller_e164 AS e164, customer_id AS customerId FROM interactions
                 WHERE direction = 'outbound' ORDER BY id DESC LIMIT 1`,
      )
      .get() as { e164: string; customerId: number };
    expect(dialled).toEqual({ e164: customer.e164, customerId: customer.customerId });
  }, 60_000);

  it("the supervisor's pacing panel shows a predictive campaign live, with its chart", async () => {
    const leads = Array.from({ length: 200 }, (_, i) => `+1202556${String(1000 + i)},P${i},Pace Co,UTC`);
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E predictive',
      mode: 'predictive',
      leads,
      extra: { maxLines: 6, abandonMessage: 'Ringside calling; call us back on 0800 000 000' },
    });
    simLively(t, campaignId, { answerRate: 1, talkMs: [400, 1_500] });
    const agents = await Promise.all(
      ['agent2', 'agent3'].map((username) => readyAgentClosingCalls(t, username, campaignId)),
    );

    const page = await console_('supervisor');
    await page.getByTestId('pacing-campaign-select').click();
    await page.getByRole('option', { name: 'E2E predictive' }).click();
    await page.getByTestId('pacing-dial-level').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => page.getByTestId('pacing-mode').getAttribute('data-mode'))
      .toMatch(/predictive|progressive/);
    await expectText(page, 'pacing-p-answer', /^\d+ % \(\d+ %–\d+ %\)$/);
    await expectText(page, 'pacing-abandon-rate', /^\d+\.\d\d % \/ 3 %$/);
    await expectText(page, 'pacing-budget-left', /abandons left in the budget/);
    await expectText(page, 'pacing-occupancy', /^\d+ %$/);
    await expectText(page, 'pacing-in-flight', /ringing, \d+ answered · max 6$/);
    // the chart fills with the pushed decisions (one a second)
    await expect
      .poll(async () => Number(await page.getByTestId('pacing-chart').getAttribute('data-points')), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('pacing-chart').locator('.recharts-line').count()).toBe(2);
    for (const socket of agents) socket.disconnect();
  }, 60_000);
});
