/**
 * Attended transfer of a call the bridge placed itself (server-placed progressive), end to end through the real
 * hub and consoles: real Kamailio + rtpengine, SIPp as the carrier with a customer who talks all along (a 600 Hz
 * tone, what they receive decoded), two agents' built consoles in Chromium (each microphone a tone of its own).
 * The bridge calls the lead for agent2, whose console auto-answers; agent2 opens the transfer panel, consults agent3
 * (who answers on the softphone) and completes: the bridge INVITEs agent3 with Replaces and moves the customer's
 * media there. agent3's console shows the customer's call with its pop (transferred from agent2), agent2's is in
 * wrap-up with the campaign's disposition form, the customer hears agent3's tone (and no longer agent2's) and
 * agent3's connection receives the customer's RTP; agent3 hangs up and dispositions, and the campaign's attempt
 * is recorded once, its lead closed, the interaction as two linked legs (agent2's, then agent3's attended one).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callAttempts, interactions, users } from '../../db/schema';
import { spy } from '../support/audio-spy';
import { expectText, launchChromium } from '../support/browser';
import { createRunningCampaign } from '../support/campaigns';
import { startDialerTelephony, type DialerTelephony } from '../support/dialer-telephony';
import { logTail } from '../support/kamailio';
import {
  AGENT_HZ,
  CUSTOMER_HZ,
  customerEar,
  listeningConsole,
  SUPERVISOR_HZ as SECOND_HZ,
  WAIT,
  type CustomerEar,
} from '../support/listen-lab';
import { pcmuTonePcap } from '../support/pcmu-audio';
import { startSipp, type SippRun } from '../support/sipp';
import { stopInOrder, until } from '../support/until';

const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-customer-tone.xml');
const SECRET = 'attended-dialer-secret';
const LEAD = '+12025550171';
const CAMPAIGN = 'Attended outbound';

let lab: DialerTelephony | undefined;
let sipp: SippRun | undefined;
let browser: Browser | undefined;
let customer: CustomerEar | undefined;
const pages: Page[] = [];

beforeAll(async () => {
  const launching = launchChromium().then((launched) => (browser = launched));
  customer = await customerEar();
  // a loaded 2-core box can take longer than the law's 2 s to get a browser to answer
  lab = await startDialerTelephony({
    secret: SECRET,
    gatewayPort: customer.sipp.signalling,
    connectWindowMs: 8000,
  });
  writeFileSync(join(lab.t.dataDir, 'customer-audio.pcap'), pcmuTonePcap(90, CUSTOMER_HZ));
  sipp = startSipp(
    [
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(customer.sipp.signalling)],
      ...['-mi', '127.0.0.1', '-mp', String(customer.sipp.media), '-nostdin', '-aa', '-m', '1'],
    ],
    { cwd: lab.t.dataDir, errorFile: join(lab.t.dataDir, 'sipp.errors'), patienceMs: 120_000 },
  );
  await launching;
}, 120_000);

afterAll(async () => {
  sipp?.kill();
  customer?.close();
  await stopInOrder(
    () => browser?.close(),
    () => lab?.stop(),
  );
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(lab?.kam, 80));
  console.error(sipp?.errors());
  for (const [index, page] of pages.entries())
    await page
      .screenshot({ path: `test-results/attended-server-placed-${index}.png`, fullPage: true })
      .catch(() => undefined);
});

describe('attended transfer of a server-placed call through the real hub', () => {
  it('agent2 consults agent3 and completes: agent3 owns the customer, agent2 wraps up, recorded once', async () => {
    const ear = customer;
    if (!lab || !browser || !ear) throw new Error('not started');
    const { t } = lab;
    const [first, second] = await Promise.all([
      listeningConsole(browser, t.url, 'agent2', AGENT_HZ),
      listeningConsole(browser, t.url, 'agent3', SECOND_HZ),
    ]);
    pages.push(first, second);
    await expectText(first, 'sip-registration', 'registered', WAIT);
    await expectText(second, 'sip-registration', 'registered', WAIT);

    const admin = await t.login('admin');
    const agentId = t.ringside.db.select().from(users).where(eq(users.username, 'agent2')).get()?.id;
    const campaignId = await createRunningCampaign(t, admin, {
      name: CAMPAIGN,
      mode: 'progressive',
      serverPlaced: true,
      leads: [`${LEAD},Ann,Acme Ltd,UTC`],
      agentIds: agentId === undefined ? [] : [agentId],
      maxAttempts: 1,
    });
    await first.getByTestId('campaign-select').click();
    await first.getByRole('option', { name: new RegExp(CAMPAIGN) }).click();
    await first.getByTestId('btn-join-campaign').click();
    await expectText(first, 'joined-campaign', CAMPAIGN, WAIT);
    await first.getByTestId('btn-ready').click();
    // the bridge places the lead's call for agent2, whose console auto-answers it
    await expectText(first, 'agent-status', 'on-call', 30_000);
    await expectText(first, 'lead-name', 'Ann', WAIT);
    await until(() => ear.hears(AGENT_HZ) > -30, WAIT, 'agent2 heard by the customer');

    await first.getByTestId('btn-transfer').click({ timeout: WAIT });
    await first.getByTestId('transfer-target').fill('agent3');
    await first.getByTestId('btn-transfer-consult').click();
    await second.getByTestId('line-answer').click({ timeout: WAIT });
    await expect
      .poll(() => first.getByTestId('btn-transfer-complete').isEnabled(), { timeout: WAIT })
      .toBe(true);
    await first.getByTestId('btn-transfer-complete').click();

    // agent2: the call is over, wrap-up with the campaign's disposition form
    await expectText(first, 'agent-status', 'wrap-up', WAIT);
    await first.getByTestId('wrapup-disposition').waitFor({ timeout: WAIT });
    // agent3 owns the customer's call now: connected, popped, transferred from agent2, the consult line replaced
    await second.getByTestId('active-call').waitFor({ timeout: WAIT });
    await expectText(second, 'agent-status', 'on-call', WAIT);
    await expectText(second, 'call-transferred-from', /\(attended transfer\)/, WAIT);
    await expectText(second, 'call-caller', /0171/, WAIT);
    // the customer and agent3 hear each other (through rtpengine), agent2 no longer reaches the customer
    await until(() => ear.hears(SECOND_HZ) > -30, WAIT, 'agent3 heard by the customer');
    const atSecond = spy(second);
    const before = await atSecond.inbound();
    await until(
      async () => Object.entries(await atSecond.inbound()).some(([line, n]) => n > (before[line] ?? 0) + 25),
      WAIT,
      "the customer's RTP flowing to agent3",
    );
    await until(() => ear.hears(AGENT_HZ) < -45, WAIT, 'agent2 gone from the customer');

    await first.getByTestId('wrapup-disposition').selectOption('sale-made');
    await first.getByTestId('wrapup-submit').click();
    await second.getByTestId('btn-hangup').click();
    await second.getByTestId('ended-call').waitFor({ timeout: WAIT });
    await expectText(second, 'agent-status', 'wrap-up', WAIT);
    expect(await sipp?.exited, sipp?.errors()).toBe(0);

    // agent3 dispositions the customer's call too (the form of their wrap-up, its first disposition)
    const form = second.getByTestId('wrapup-disposition');
    await form.waitFor({ timeout: WAIT });
    const choices = await form
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    await form.selectOption(choices[0] ?? '');
    await second.getByTestId('wrapup-submit').click();
    await expectText(second, 'agent-status', /^(ready|not-ready)$/, WAIT);

    // the campaign's attempt once, answered, its lead closed; the interaction as agent2's leg and agent3's
    // attended leg after it, each answered, ended and dispositioned
    const attempts = () =>
      t.ringside.db.select().from(callAttempts).where(eq(callAttempts.campaignId, campaignId)).all();
    await expect.poll(() => attempts()[0]?.outcome, { timeout: WAIT }).toBe('answered');
    expect(attempts()).toHaveLength(1);
    const leadStatus = () =>
      (
        t.ringside.db.$client
          .prepare('SELECT status FROM leads WHERE campaign_id = ? AND e164 = ?')
          .get(campaignId, LEAD) as { status: string }
      ).status;
    await expect.poll(leadStatus, { timeout: WAIT }).toBe('done');
    const firstLegId = attempts()[0]?.interactionId ?? -1;
    const legOf = (id: number) =>
      t.ringside.db
        .select({ leg: interactions, agent: users.username })
        .from(interactions)
        .leftJoin(users, eq(users.id, interactions.agentId))
        .where(eq(interactions.id, id))
        .get();
    const secondLeg = () =>
      t.ringside.db.select().from(interactions).where(eq(interactions.transferredFromId, firstLegId)).all();
    await expect
      .poll(() => secondLeg().map((leg) => leg.wrapUpEnd), { timeout: WAIT })
      .toEqual(['disposition']);
    const [next] = secondLeg();
    const firstLeg = legOf(firstLegId);
    expect(firstLeg?.agent).toBe('agent2');
    expect(firstLeg?.leg).toMatchObject({ wrapUpEnd: 'disposition', transferredFromId: null });
    expect(legOf(next?.id ?? -1)).toMatchObject({ agent: 'agent3', leg: { transferKind: 'attended' } });
    for (const leg of [firstLeg?.leg, next]) {
      expect(leg?.answeredAt).toBeGreaterThan(0);
      expect(leg?.endedAt).toBeGreaterThanOrEqual(leg?.answeredAt ?? Infinity);
    }
    expect(next?.answeredAt).toBeGreaterThanOrEqual(firstLeg?.leg.answeredAt ?? Infinity);
  }, 120_000);
});
