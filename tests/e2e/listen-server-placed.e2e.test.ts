/**
 * Listening in on an outbound call the bridge placed itself (server-placed progressive, the path predictive calls
 * take): the bridge's user agent drives rtpengine for both legs, so it knows the call's media session and both
 * parties' tags. Real Kamailio + rtpengine, SIPp as the carrier with a customer who talks all along (a 600 Hz tone),
 * the agent on the built console in Chromium (auto-answer, a 400 Hz microphone), a supervisor's console (1800 Hz):
 * - listen: getStats counts packets from both parties at the supervisor's page, the agent is told, it is audited;
 * - whisper: the supervisor is heard at the agent's page and not in the RTP the customer receives (decoded);
 * - the agent hangs up: the supervisor's page is told, rtpengine's media session is gone;
 * - then a progressive call the agent's softphone dials (anchored by Kamailio's RTPE_OUT_BRANCH): listened to by
 *   the dial's SIP Call-ID, both parties at the supervisor's page, its end deletes the session.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { expectText, launchChromium } from '../support/browser';
import { createRunningCampaign } from '../support/campaigns';
import { startDialerTelephony, type DialerTelephony } from '../support/dialer-telephony';
import { logTail } from '../support/kamailio';
import {
  AGENT_HZ,
  CUSTOMER_HZ,
  customerEar,
  expectBothPartiesHeard,
  expectListeningEndedWithCall,
  listenIn,
  listeningConsole,
  mediaSessionDeleted,
  mediaSessionId,
  monitor,
  SUPERVISOR_HZ,
  WAIT,
  whisper,
  type CustomerEar,
} from '../support/listen-lab';
import { pcmuTonePcap } from '../support/pcmu-audio';
import type { TestRingside } from '../support/test-ringside';
import { startSipp, type SippRun } from '../support/sipp';
import { stopInOrder, until } from '../support/until';

const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-customer-tone.xml');
const SECRET = 'listen-dialer-secret';

let lab: DialerTelephony | undefined;
let sipp: SippRun | undefined;
let browser: Browser | undefined;
let customer: CustomerEar | undefined;
let agent: Page;
let supervisor: Page;

beforeAll(async () => {
  const launching = launchChromium().then((launched) => (browser = launched));
  customer = await customerEar();
  const gateway = customer.sipp;
  // a loaded 2-core box can take longer than the law's 2 s to get a browser to answer
  lab = await startDialerTelephony({
    secret: SECRET,
    gatewayPort: gateway.signalling,
    connectWindowMs: 8000,
  });
  const { t } = lab;
  writeFileSync(join(t.dataDir, 'customer-audio.pcap'), pcmuTonePcap(90, CUSTOMER_HZ));
  sipp = startSipp(
    [
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
      ...['-mi', '127.0.0.1', '-mp', String(gateway.media), '-nostdin', '-aa', '-m', '2'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 240_000 },
  );
  const chromium = await launching;
  [agent, supervisor] = await Promise.all([
    listeningConsole(chromium, t.url, 'agent2', AGENT_HZ),
    listeningConsole(chromium, t.url, 'supervisor', SUPERVISOR_HZ),
  ]);
}, 150_000);

afterAll(async () => {
  sipp?.kill();
  customer?.close();
  await stopInOrder(
    () => browser?.close(),
    () => lab?.stop(),
  );
});

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(lab?.kam, 60));
  console.error(sipp?.errors());
});

/** A running progressive campaign of one lead, worked by agent2. */
async function campaignForAgent2(
  ringside: TestRingside,
  name: string,
  lead: string,
  options: { serverPlaced?: boolean } = {},
): Promise<void> {
  const admin = await ringside.login('admin');
  const agentId = ringside.ringside.db.select().from(users).where(eq(users.username, 'agent2')).get()?.id;
  await createRunningCampaign(ringside, admin, {
    name,
    mode: 'progressive',
    ...options,
    leads: [`${lead},Lead,Acme,UTC`],
    agentIds: agentId === undefined ? [] : [agentId],
    maxAttempts: 1,
  });
}

/** The agent joins the campaign and goes ready: the dialer calls its lead at once. */
async function joinAndGoReady(name: string): Promise<void> {
  await agent.getByTestId('campaign-select').click();
  await agent.getByRole('option', { name: new RegExp(name) }).click();
  await agent.getByTestId('btn-join-campaign').click();
  await expectText(agent, 'joined-campaign', name, WAIT);
  await agent.getByTestId('btn-ready').click();
}

describe('listening in on a server-placed outbound call', () => {
  it('the bridge places the call, the agent auto-answers; a supervisor listens to both parties', async () => {
    const ear = customer;
    if (!lab || !ear) throw new Error('no bridge');
    const { t } = lab;
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    await campaignForAgent2(t, 'Listen outbound', '+12025550101', { serverPlaced: true });
    // ready: the dialer places the lead's call for this agent at once, and the console auto-answers it
    await joinAndGoReady('Listen outbound');
    await expectText(agent, 'agent-status', 'on-call', 30_000);
    await until(() => ear.hears(AGENT_HZ) > -30, WAIT, 'the agent heard by the customer');

    await listenIn(
      t.ringside.db,
      { supervisor, agent },
      { agent: 'agent2', reason: 'outbound check', label: 'listen (server-placed)' },
    );
  }, 90_000);

  it('whisper: the agent hears the supervisor, the customer does not', async () => {
    if (!customer) throw new Error('no customer');
    await whisper({ supervisor, agent }, 'whisper (server-placed)');
    const atCustomer = await customer.freshLevel(SUPERVISOR_HZ);
    console.info(`whisper (server-placed): supervisor tone at the customer ${atCustomer.toFixed(1)} dBFS`);
    expect(atCustomer).toBeLessThan(-45);
    // the customer still hears the agent
    expect(customer.hears(AGENT_HZ)).toBeGreaterThan(-30);
  }, 60_000);

  it("the agent hangs up: the supervisor's page is told, rtpengine's session is gone", async () => {
    if (!lab) throw new Error('no bridge');
    const { t, ng } = lab;
    const callId = await mediaSessionId(ng);
    await agent.getByTestId('btn-outbound-hangup').click();
    await expectListeningEndedWithCall(t.ringside.db, supervisor, ng, callId);
  }, 60_000);

  it("an agent-dialled progressive call (the softphone's INVITE, anchored at the edge) is listened to by its SIP Call-ID", async () => {
    if (!lab) throw new Error('no bridge');
    const { t, ng } = lab;
    await expectText(agent, 'agent-status', 'wrap-up', WAIT);
    await agent.getByTestId('wrapup-disposition').selectOption('sale-made');
    await agent.getByTestId('wrapup-submit').click();
    await expectText(agent, 'agent-status', 'ready', WAIT);
    await agent.getByTestId('btn-not-ready').click();
    await expectText(agent, 'agent-status', 'not-ready', WAIT);
    await campaignForAgent2(t, 'Listen dialled', '+12025550102');
    await agent.getByTestId('btn-leave-campaign').click();
    await joinAndGoReady('Listen dialled');
    await expectText(agent, 'outbound-phase', 'Connected', 30_000);
    await expectText(agent, 'agent-status', 'on-call', WAIT);

    await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);
    const asked = await monitor(supervisor, 'Listen');
    await expectBothPartiesHeard(supervisor, 'listen (agent-dialled)', asked);
    const callId = await mediaSessionId(ng);
    await agent.getByTestId('btn-outbound-hangup').click();
    await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
    await mediaSessionDeleted(ng, callId);
    expect(await sipp?.exited, sipp?.errors()).toBe(0);
  }, 90_000);
});
