/**
 * Progressive dialing through real telephony: a real Kamailio (with rtpengine) in front of the bridge with the
 * KamailioPbx adapter, the built console in Debian's Chromium, and SIPp as the carrier and the customers behind it
 * (tests/fixtures/sipp/uas-carrier.xml: the dialled number's last digit says what the customer does). The agent
 * joins a progressive campaign and goes ready; the bridge commands the console's softphone to dial with
 * `X-Ringside-Attempt`; the edge's gate ties the INVITE to that attempt; the busy customer's lead is recycled, the
 * one who answers talks to the agent (the card and the script on screen, the customer's audio heard through
 * rtpengine) until the agent hangs up and dispositions it, and that lead is closed.
 */
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAttempts } from '../../db/schema';
import { expectText, launchChromium, openConsole } from '../support/browser';
import { createRunningCampaign } from '../support/campaigns';
import { logTail, startTelephony, type KamailioBridge, type RunningKamailio } from '../support/kamailio';
import { stopInOrder } from '../support/until';
import { installPeerConnectionSpy } from '../support/peer-connection-spy';
import { sippPorts, startSipp, type SippRun } from '../support/sipp';

const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');
/** Answers after 1 s and stays until the BYE (last digit 1). */
const ANSWERS = '+12025550431';
/** Busy (486, last digit 2). */
const BUSY = '+12025550432';

let t: KamailioBridge | undefined;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

beforeAll(async () => {
  const gateway = await sippPorts();
  ({ t, kam } = await startTelephony({
    pstnGateway: `sip:127.0.0.2:${gateway.signalling}`,
    rtpengine: true,
    agents: 20,
  }));
  sipp = startSipp(
    [
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
      ...['-mi', '127.0.0.2', '-mp', String(gateway.media), '-nostdin', '-aa'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 120_000 },
  );
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  sipp?.kill();
  // each stop runs even when one before it throws
  await stopInOrder(
    () => browser?.close(),
    () => kam?.stop(),
    () => t?.stop(),
  );
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(kam, 60));
  console.error(sipp?.errors());
  await page?.screenshot({ path: 'test-results/progressive-kamailio.png' }).catch(() => undefined);
});

describe('progressive dialing through Kamailio with the softphone', () => {
  it('the softphone dials on command, the edge ties it to the attempt, the customer answers, disposition closes the lead', async () => {
    if (!t || !browser) throw new Error('not started');
    const bridge = t;
    const admin = await bridge.login('admin');
    const campaignId = await createRunningCampaign(bridge, admin, {
      name: 'Kamailio progressive',
      mode: 'progressive',
      leads: [`${BUSY},Bea,Busy Co,UTC`, `${ANSWERS},Ann,Acme Ltd,UTC`],
      retryDelaysSec: { busy: 900 },
    });
    const attempts = () =>
      bridge.ringside.db.select().from(callAttempts).where(eq(callAttempts.campaignId, campaignId)).all();
    const leadOf = (e164: string) =>
      bridge.ringside.db.$client
        .prepare('SELECT id, status, attempts FROM leads WHERE campaign_id = ? AND e164 = ?')
        .get(campaignId, e164) as { id: number; status: string; attempts: number };

    const agent = await openConsole(browser, bridge.url, 'agent2');
    page = agent;
    await expectText(agent, 'sip-registration', 'registered', 20_000);
    await installPeerConnectionSpy(agent);
    await agent.getByTestId('campaign-select').click();
    await agent.getByRole('option', { name: /Kamailio progressive/ }).click();
    await agent.getByTestId('btn-join-campaign').click();
    await expectText(agent, 'joined-campaign', 'Kamailio progressive');
    await agent.getByTestId('btn-ready').click();

    // the busy customer first (lead order): the attempt ends busy, the lead waits for its retry, and the
    // agent (ready again) is dialled the next lead at once
    await expect.poll(() => leadOf(BUSY).status, { timeout: 20_000 }).toBe('retry');
    expect(leadOf(BUSY).attempts).toBe(1);

    // the customer who answers: the card with the script, connected, the customer's audio reaching the agent
    await expectText(agent, 'lead-name', 'Ann', 20_000);
    await expectText(agent, 'lead-script', 'ScriptHello Ann, this is Ringside calling for Acme Ltd.');
    await expectText(agent, 'outbound-phase', 'Connected', 20_000);
    await expectText(agent, 'agent-status', 'on-call');
    await expect
      .poll(() => agent.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 20_000 })
      .toBeGreaterThan(0);

    // each dial was the softphone's INVITE, tied at the edge to its attempt: the interaction keeps the SIP
    // Call-ID, and the edge's allowed decision is in the audit log with the attempt
    const [busy, answered] = attempts();
    expect(busy).toMatchObject({ e164: BUSY, outcome: 'busy' });
    expect(answered).toMatchObject({ e164: ANSWERS, outcome: null });
    const interaction = bridge.ringside.interactions.find(answered?.interactionId ?? -1);
    expect(interaction?.pbxCallId).toBeTruthy();
    expect(interaction?.pbxCallId).not.toMatch(/^out-/);
    const edge = bridge.ringside.db.$client
      .prepare(
        `SELECT decision, details FROM audit_log WHERE action = 'dial.check' AND details LIKE '%"path":"edge"%'`,
      )
      .all() as { decision: string; details: string }[];
    expect(edge.filter((row) => row.decision === 'allowed')).toHaveLength(2);

    await agent.getByTestId('btn-outbound-hangup').click();
    await expectText(agent, 'agent-status', 'wrap-up', 20_000);
    await agent.getByTestId('wrapup-disposition').selectOption('sale-made');
    await agent.getByTestId('wrapup-submit').click();
    await expect.poll(() => leadOf(ANSWERS).status, { timeout: 20_000 }).toBe('done');
    await expect
      .poll(() => attempts().find((a) => a.e164 === ANSWERS), { timeout: 20_000 })
      .toMatchObject({ outcome: 'answered' });
    const closed = attempts().find((a) => a.e164 === ANSWERS);
    expect(closed?.answeredAt).toBeGreaterThan(0);
    expect(closed?.endedAt).toBeGreaterThanOrEqual(closed?.answeredAt ?? Infinity);
    // nothing left to call now: the agent is ready with no card
    await agent.getByTestId('no-card').waitFor({ timeout: 20_000 });
    await expectText(agent, 'agent-status', 'ready');
  }, 90_000);
});
