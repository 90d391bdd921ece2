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
import type { Socket as UdpSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { dialerHa1, DIALER_USER } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { createLogger } from '../../cti-bridge/src/logger';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import { spy, spyScript, toneMicrophone } from '../support/audio-spy';
import { expectText, launchChromium } from '../support/browser';
import { createRunningCampaign } from '../support/campaigns';
import {
  kamailioEnv,
  kamailioPorts,
  logTail,
  startKamailio,
  type RunningKamailio,
} from '../support/kamailio';
import { isPcmuRtp, pcmuSamples, pcmuTonePcap, toneLevelDb } from '../support/pcmu-audio';
import { bindUdp, freePort } from '../support/ports';
import { sippPorts, startSipp, type SippRun } from '../support/sipp';
import { startTestRingside, type TestRingside } from '../support/test-ringside';
import { stopInOrder } from '../support/until';

const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-customer-tone.xml');
const SECRET = 'listen-dialer-secret';
const MEDIA_PORT_OFFSET = 4;
const CUSTOMER_HZ = 600;
const AGENT_HZ = 400;
const SUPERVISOR_HZ = 1800;
const WAIT = 20_000;

let t: TestRingside | undefined;
let pbx: KamailioPbx | undefined;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let ng: RtpengineNg | undefined;
let browser: Browser | undefined;
let customerMedia: UdpSocket | undefined;
let agent: Page;
let supervisor: Page;
/** What the customer received from the agent's side: PCMU packets with their arrival time. */
const heardByCustomer: { at: number; samples: number[] }[] = [];

async function consoleOf(username: string, micHz: number): Promise<Page> {
  if (!browser || !t) throw new Error('not started');
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(spyScript);
  await context.addInitScript(toneMicrophone, micHz);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username} pageerror]`, error.message));
  await page.goto(t.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('agent-status').waitFor({ timeout: 60_000 });
  return page;
}

beforeAll(async () => {
  const launching = launchChromium().then((launched) => (browser = launched));
  const ports = await kamailioPorts();
  const ngPort = await freePort();
  let gateway: { signalling: number; media: number } | null = null;
  for (let attempt = 0; attempt < 20 && !customerMedia; attempt++) {
    gateway = await sippPorts();
    customerMedia = (await bindUdp(gateway.media + MEDIA_PORT_OFFSET).catch(() => null)) ?? undefined;
  }
  if (!customerMedia || !gateway) throw new Error('no free UDP ports for the customer');
  customerMedia.on('message', (packet) => {
    if (isPcmuRtp(packet)) heardByCustomer.push({ at: Date.now(), samples: pcmuSamples(packet) });
  });
  let message = '';
  pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: ports.evapiPort },
    log: createLogger('silent'),
    dialer: {
      wsUri: `ws://127.0.0.1:${ports.wsPort}`,
      domain: 'ringside.local',
      username: DIALER_USER,
      password: SECRET,
      rtpengineNg: { host: '127.0.0.1', port: ngPort },
      messageFile: () => message,
      // a loaded 2-core box can take longer than the law's 2 s to get a browser to answer
      connectWindowMs: 8000,
    },
  });
  t = await startTestRingside({ ...kamailioEnv(ports), RINGSIDE_PORT: '0' }, { pbx });
  message = ensureDefaultAbandonMessage(join(t.dataDir, 'messages', 'abandon.wav'));
  const subscribers = createSipSubscribersRepository(join(t.dataDir, 'kamailio-auth.sqlite'));
  subscribers.setHa1(
    DIALER_USER,
    'ringside.local',
    dialerHa1({ username: DIALER_USER, domain: 'ringside.local', password: SECRET }),
  );
  subscribers.close();
  kam = await startKamailio({
    ports,
    dataDir: t.dataDir,
    pstnGateway: `sip:127.0.0.2:${gateway.signalling}`,
    rtpengine: true,
    rtpengineNgPort: ngPort,
  });
  ng = new RtpengineNg({ host: '127.0.0.1', port: ngPort });
  writeFileSync(join(t.dataDir, 'customer-audio.pcap'), pcmuTonePcap(90, CUSTOMER_HZ));
  sipp = startSipp(
    [
      ...['-sf', SCENARIO, '-i', '127.0.0.2', '-p', String(gateway.signalling)],
      ...['-mi', '127.0.0.1', '-mp', String(gateway.media), '-nostdin', '-m', '2'],
    ],
    { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 240_000 },
  );
  await launching;
  [agent, supervisor] = await Promise.all([
    consoleOf('agent2', AGENT_HZ),
    consoleOf('supervisor', SUPERVISOR_HZ),
  ]);
}, 150_000);

afterAll(async () => {
  sipp?.kill();
  customerMedia?.close();
  ng?.close();
  await stopInOrder(
    () => browser?.close(),
    () => t?.stop(),
    () => kam?.stop(),
  );
});

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(kam, 60));
  console.error(sipp?.errors());
});

/** Polls `check` (sync or async) until it holds; fails naming `what` after `timeoutMs` — never a fixed sleep. */
async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** The level of `hz` in the last half second (25 packets) the customer received, dBFS. */
function customerHears(hz: number): number {
  const recent = heardByCustomer.slice(-25);
  if (recent.length < 25) return -Infinity;
  return toneLevelDb(
    recent.flatMap((p) => p.samples),
    hz,
  );
}

const audits = (action: string) =>
  t?.ringside.db.select().from(auditLog).where(eq(auditLog.action, action)).all() ?? [];

describe('listening in on a server-placed outbound call', () => {
  it('the bridge places the call, the agent auto-answers; a supervisor listens to both parties', async () => {
    if (!t) throw new Error('no bridge');
    await until(() => Boolean(pbx?.isConnected() && pbx.dialerConnected()), WAIT, 'the dialer connected');
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    const admin = await t.login('admin');
    const agentId = t.ringside.db.select().from(users).where(eq(users.username, 'agent2')).get()?.id;
    await createRunningCampaign(t, admin, {
      name: 'Listen outbound',
      mode: 'progressive',
      serverPlaced: true,
      leads: ['+12025550101,Lead,Acme,UTC'],
      agentIds: agentId === undefined ? [] : [agentId],
      maxAttempts: 1,
    });
    await agent.getByTestId('campaign-select').click();
    await agent.getByRole('option', { name: /Listen outbound/ }).click();
    await agent.getByTestId('btn-join-campaign').click();
    await expectText(agent, 'joined-campaign', 'Listen outbound', WAIT);
    // ready: the dialer places the lead's call for this agent at once, and the console auto-answers it
    await agent.getByTestId('btn-ready').click();
    await expectText(agent, 'agent-status', 'on-call', 30_000);
    await until(() => customerHears(AGENT_HZ) > -30, WAIT, 'the agent heard by the customer');

    await supervisor.getByTestId('floor-agent').click();
    await supervisor
      .getByRole('option', { name: /\(agent2\)/ })
      .first()
      .click();
    await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);
    await supervisor.getByTestId('force-reason').fill('outbound check');
    const asked = Date.now();
    await supervisor.getByTestId('monitor-mode').getByText('Listen', { exact: true }).click();
    await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });
    const sup = spy(supervisor);
    await until(
      async () => {
        const lines = Object.values(await sup.inbound());
        return lines.length === 2 && lines.every((n) => n > 25);
      },
      WAIT,
      'packets from both parties at the supervisor',
    );
    const first = Object.values(await sup.firstPacketAt());
    console.info(
      `listen (server-placed): first packet from each party ${first.map((at) => at - asked).join(' / ')} ms after the click`,
    );
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('listen');
    expect(audits('supervisor.monitor-started').at(-1)?.details).toMatchObject({
      reason: 'outbound check',
      mode: 'listen',
    });
  }, 90_000);

  it('whisper: the agent hears the supervisor, the customer does not', async () => {
    const agentSpy = spy(agent);
    const quietAtAgent = await agentSpy.playing(SUPERVISOR_HZ);
    await supervisor.getByTestId('monitor-mode').getByText('Whisper', { exact: true }).click();
    await expect.poll(() => supervisor.getByTestId('monitoring').getAttribute('data-mode')).toBe('whisper');
    await until(
      async () => (await agentSpy.playing(SUPERVISOR_HZ)) > -60,
      WAIT,
      'the supervisor at the agent',
    );
    const atAgent = await agentSpy.playing(SUPERVISOR_HZ);
    const since = Date.now();
    await until(() => heardByCustomer.filter((p) => p.at > since).length >= 25, WAIT, 'customer audio');
    const atCustomer = customerHears(SUPERVISOR_HZ);
    console.info(
      `whisper (server-placed): supervisor tone at the agent ${atAgent.toFixed(1)} dB (before ${quietAtAgent.toFixed(1)}), at the customer ${atCustomer.toFixed(1)} dBFS`,
    );
    expect(atAgent).toBeGreaterThan(quietAtAgent + 20);
    expect(atCustomer).toBeLessThan(-45);
    // the customer still hears the agent
    expect(customerHears(AGENT_HZ)).toBeGreaterThan(-30);
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('whisper');
  }, 60_000);

  it("the agent hangs up: the supervisor's page is told, rtpengine's session is gone", async () => {
    const calls = (await ng?.command({ command: 'list' }))?.['calls'];
    const callId = Array.isArray(calls) ? String(calls[0]) : '';
    expect(callId).not.toBe('');
    await agent.getByTestId('btn-outbound-hangup').click();
    await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
    await until(
      async () =>
        (await ng?.command({ command: 'query', 'call-id': callId }).then(
          () => false,
          () => true,
        )) ?? true,
      WAIT,
      "rtpengine's media session deleted",
    );
    await until(async () => (await spy(supervisor).open()) === 0, WAIT, 'supervisor connections closed');
    expect(audits('supervisor.monitor-ended').at(-1)?.details).toMatchObject({ reason: 'call-ended' });
  }, 60_000);

  it("an agent-dialled progressive call (the softphone's INVITE, anchored at the edge) is listened to by its SIP Call-ID", async () => {
    if (!t) throw new Error('no bridge');
    await expectText(agent, 'agent-status', 'wrap-up', WAIT);
    await agent.getByTestId('wrapup-disposition').selectOption('sale-made');
    await agent.getByTestId('wrapup-submit').click();
    await expectText(agent, 'agent-status', 'ready', WAIT);
    await agent.getByTestId('btn-not-ready').click();
    await expectText(agent, 'agent-status', 'not-ready', WAIT);
    const admin = await t.login('admin');
    const agentId = t.ringside.db.select().from(users).where(eq(users.username, 'agent2')).get()?.id;
    await createRunningCampaign(t, admin, {
      name: 'Listen dialled',
      mode: 'progressive',
      leads: ['+12025550102,Lead,Acme,UTC'],
      agentIds: agentId === undefined ? [] : [agentId],
      maxAttempts: 1,
    });
    await agent.getByTestId('btn-leave-campaign').click();
    await agent.getByTestId('campaign-select').click();
    await agent.getByRole('option', { name: /Listen dialled/ }).click();
    await agent.getByTestId('btn-join-campaign').click();
    await expectText(agent, 'joined-campaign', 'Listen dialled', WAIT);
    await agent.getByTestId('btn-ready').click();
    await expectText(agent, 'outbound-phase', 'Connected', 30_000);
    await expectText(agent, 'agent-status', 'on-call', WAIT);

    await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);
    await supervisor.getByTestId('monitor-mode').getByText('Listen', { exact: true }).click();
    await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });
    const sup = spy(supervisor);
    await until(
      async () => {
        const lines = Object.values(await sup.inbound());
        return lines.length === 2 && lines.every((n) => n > 25);
      },
      WAIT,
      'packets from both parties at the supervisor',
    );
    const calls = (await ng?.command({ command: 'list' }))?.['calls'];
    const callId = Array.isArray(calls) ? String(calls[0]) : '';
    await agent.getByTestId('btn-outbound-hangup').click();
    await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
    await until(
      async () =>
        (await ng?.command({ command: 'query', 'call-id': callId }).then(
          () => false,
          () => true,
        )) ?? true,
      WAIT,
      "rtpengine's media session deleted",
    );
    expect(await sipp?.exited, sipp?.errors()).toBe(0);
  }, 90_000);
});
