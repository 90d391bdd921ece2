import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
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

async function console_(username: string): Promise<Page> {
  const page = await openConsole(browser, t.url, username);
  pages.push(page);
  return page;
}

async function joinCampaign(page: Page, name: string): Promise<void> {
  await page.getByTestId('campaign-select').click();
  await page.getByRole('option', { name: new RegExp(name) }).click();
  await page.getByTestId('btn-join-campaign').click();
  await expectText(page, 'joined-campaign', name);
}

async function hangUpAndDisposition(page: Page, code: string): Promise<void> {
  await expectText(page, 'outbound-phase', 'Connected');
  await expectText(page, 'agent-status', 'on-call');
  await page.getByTestId('btn-outbound-hangup').click();
  await expectText(page, 'agent-status', 'wrap-up');
  await page.getByTestId('wrapup-disposition').selectOption(code);
  await page.getByTestId('wrapup-submit').click();
  await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('wrap-up');
}

describe('outbound campaigns in Chromium', () => {
  it('preview: card with the script, dial, answer, disposition; a busy lead is recycled', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E preview',
      mode: 'preview',
      leads: ['+12025550211,Alice,Acme Ltd,UTC', '+12025550212,Bruno,Beta Inc,UTC'],
      retryDelaysSec: { busy: 900 },
    });
    simAlways(t, campaignId, 'answered');
    const page = await console_('agent1');
    await goReady(page);
    await joinCampaign(page, 'E2E preview');
    await page.getByTestId('lead-card').waitFor();
    await expectText(page, 'lead-script', 'ScriptHello Alice, this is Ringside calling for Acme Ltd.');
    await expectText(page, 'lead-local-time', /there \(UTC\)/);
    const first = Number(await page.getByTestId('lead-card').getAttribute('data-lead-id'));

    await page.getByTestId('btn-preview-dial').click();
    // the campaign's dispositions only
    await hangUpAndDisposition(page, 'sale-made');
    await expect.poll(() => t.ringside.leads.get(first)?.status).toBe('done');

    // the next card comes at once; this customer is busy
    await expect
      .poll(() => page.getByTestId('lead-card').getAttribute('data-lead-id'))
      .not.toBe(String(first));
    const second = Number(await page.getByTestId('lead-card').getAttribute('data-lead-id'));
    simAlways(t, campaignId, 'busy');
    await page.getByTestId('btn-preview-dial').click();
    await expect
      .poll(() => page.getByTestId('outbound-last-outcome').getAttribute('data-outcome'))
      .toBe('busy');
    await expect.poll(() => t.ringside.leads.get(second)).toMatchObject({ status: 'retry', attempts: 1 });
    await page.getByTestId('no-card').waitFor();
    await expectText(page, 'agent-status', 'ready');
  });

  it('progressive: the call is placed when the agent goes ready, the card comes with it', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E progressive',
      mode: 'progressive',
      leads: ['+12025550221,Chen,Gamma Co,UTC'],
    });
    simAlways(t, campaignId, 'answered');
    const page = await console_('agent2');
    await joinCampaign(page, 'E2E progressive');
    await page.getByTestId('btn-ready').click();
    await page.getByTestId('lead-card').waitFor();
    await expectText(page, 'lead-name', 'Chen');
    const leadId = Number(await page.getByTestId('lead-card').getAttribute('data-lead-id'));
    await expectText(page, 'outbound-phase', 'Connected');
    await page.getByTestId('btn-outbound-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');
    // a callback, at 10:00 in the callee's zone, for anyone in the campaign
    await page.getByTestId('wrapup-disposition').selectOption('callback-requested');
    await page.getByTestId('wrapup-callback-at').fill('2099-01-01T10:00');
    await page.getByTestId('wrapup-callback-anyone').check();
    await page.getByTestId('wrapup-submit').click();
    await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('wrap-up');
    await expect
      .poll(() => t.ringside.leads.get(leadId))
      .toMatchObject({
        status: 'callback',
        nextAttemptAt: Date.UTC(2099, 0, 1, 10, 0),
      });
  });

  it('predictive: the agent is told they are on auto-answer; the call arrives connected with its card', async () => {
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'E2E predictive',
      mode: 'predictive',
      leads: ['+12025550231,Dana,Delta,UTC'],
      extra: { maxLines: 1 },
    });
    simAlways(t, campaignId, 'answered');
    const page = await console_('agent4');
    await joinCampaign(page, 'E2E predictive');
    await expectText(page, 'auto-answer-on', 'Auto-answer on');
    await page.getByTestId('auto-answer-hint').waitFor();
    await page.getByTestId('btn-ready').click();
    await page.getByTestId('lead-card').waitFor({ timeout: 15_000 });
    await expectText(page, 'lead-name', 'Dana');
    await expectText(page, 'outbound-phase', 'Connected');
    await expectText(page, 'agent-status', 'on-call');
    // nothing to answer: no incoming-call prompt was shown for it
    expect(await page.getByTestId('incoming-call').count()).toBe(0);
    await page.getByTestId('btn-outbound-hangup').click();
    await expectText(page, 'agent-status', 'wrap-up');
    await page.getByTestId('wrapup-disposition').selectOption('sale-made');
    await page.getByTestId('wrapup-submit').click();
    await expect.poll(() => page.getByTestId('agent-status').textContent()).not.toBe('wrap-up');
    await page.getByTestId('btn-leave-campaign').click();
    await expect.poll(() => page.getByTestId('auto-answer-on').count()).toBe(0);
  });

  it('a DNC number is refused from the card, with the reason in the console', async () => {
    const number = '+12025550299';
    expect((await t.api('POST', '/api/dnc', admin, { number, reason: 'complaint' })).status).toBe(201);
    await createRunningCampaign(t, admin, {
      name: 'E2E dnc',
      mode: 'preview',
      leads: [`${number},Dora,Delta,UTC`],
    });
    const page = await console_('agent3');
    await goReady(page);
    await joinCampaign(page, 'E2E dnc');
    await page.getByTestId('btn-preview-dial').click();
    await expect
      .poll(() => page.getByTestId('dial-refused-reason').getAttribute('data-code'))
      .toBe('DNC_GLOBAL');
    await expectText(page, 'dial-refused-reason', 'On the company do-not-call list');
    await expectText(page, 'agent-status', 'ready');
  });
});
