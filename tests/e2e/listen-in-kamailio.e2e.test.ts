/**
 * Listen, whisper and barge on a live call in Kamailio mode, with the audio checked where people hear it. A
 * plain-RTP trunk customer (SIPp, a 600 Hz tone) calls the complaints number; the real Kamailio edge puts rtpengine
 * in the media path; the agent answers in the built console in Chromium; a supervisor's console in Chromium
 * listens, whispers and barges through the floor-control panel:
 * - listen: the bridge's rtpengine subscription reaches the supervisor's page — getStats counts packets from both
 *   parties (one m= line each) there;
 * - whisper: the supervisor's voice (a 1800 Hz tone standing in for the microphone) is heard at the agent's page
 *   (AnalyserNode FFT of what the page plays) and not at the customer (the level of 1800 Hz in the RTP the
 *   customer receives, decoded);
 * - barge: the customer hears it too;
 * - stop, and the call's end: the supervisor's page is told, rtpengine's media session is deleted.
 */
import type { Socket as UdpSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { expectText, goReady, launchChromium } from '../support/browser';
import {
  kamailioPorts,
  logTail,
  startKamailio,
  startKamailioBridge,
  type KamailioBridge,
  type RunningKamailio,
} from '../support/kamailio';
import { stopInOrder } from '../support/until';
import { knownCustomer } from '../support/known-customer';
import { isPcmuRtp, pcmuSamples, pcmuTonePcap, toneLevelDb } from '../support/pcmu-audio';
import { spy, spyScript, toneMicrophone } from '../support/audio-spy';
import { bindUdp, freePort } from '../support/ports';
import { sippPorts, startSipp, type SippRun } from '../support/sipp';

const COMPLAINTS = '+18005550102';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uac-plain-rtp-audio.xml');
const MEDIA_PORT_OFFSET = 4;
const CUSTOMER_HZ = 600;
const SUPERVISOR_HZ = 1800;
const WAIT = 20_000;

let t: KamailioBridge;
let kam: RunningKamailio | undefined;
let ng: RtpengineNg;
let browser: Browser;
let agent: Page;
let supervisor: Page;
let sipp: SippRun | undefined;
let customerMedia: UdpSocket | undefined;
/** What the customer received from the agent's side: PCMU packets with their arrival time. */
const heardByCustomer: { at: number; samples: number[] }[] = [];
let callId = '';

beforeAll(async () => {
  const ports = await kamailioPorts();
  const ngPort = await freePort();
  t = await startKamailioBridge(ports, { rtpengineNg: { host: '127.0.0.1', port: ngPort } });
  try {
    kam = await startKamailio({
      ports,
      dataDir: t.dataDir,
      pstnGateway: 'sip:127.0.0.2:5999',
      rtpengine: true,
      rtpengineNgPort: ngPort,
    });
    await t.connected();
  } catch (error) {
    await kam?.stop();
    await t.stop();
    throw error;
  }
  ng = new RtpengineNg({ host: '127.0.0.1', port: ngPort });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  sipp?.kill();
  customerMedia?.close();
  ng?.close();
  // each stop runs even when one before it throws
  await stopInOrder(
    () => browser?.close(),
    () => kam?.stop(),
    () => t?.stop(),
  );
});

afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(logTail(kam, 40));
  console.error(sipp?.errors());
});

async function consoleOf(username: string, micHz?: number): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(spyScript);
  if (micHz !== undefined) await context.addInitScript(toneMicrophone, micHz);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username} pageerror]`, error.message));
  await page.goto(t.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('ringside');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('agent-status').waitFor();
  return page;
}

/** The level of `hz` the customer heard over the last half second (25 packets), dBFS. */
function customerHears(hz: number): number {
  const recent = heardByCustomer.slice(-25);
  if (recent.length < 25) return -Infinity;
  return toneLevelDb(
    recent.flatMap((p) => p.samples),
    hz,
  );
}

/** Waits until every level measured after `since` (a fresh half second) meets the check. */
async function customerLevel(hz: number, since: number): Promise<number> {
  await until(() => heardByCustomer.filter((p) => p.at > since).length >= 25, WAIT, 'customer audio');
  return customerHears(hz);
}

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

const monitorAudits = (action: string) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action)))
    .all();

describe('listen, whisper and barge through rtpengine, audio checked in Chromium', () => {
  it('a supervisor listens: packets from both parties reach their page', async () => {
    const customer = knownCustomer(t.ringside.db);
    agent = await consoleOf('agent2');

    supervisor = await consoleOf('supervisor', SUPERVISOR_HZ);
    await expectText(agent, 'sip-registration', 'registered', WAIT);
    await goReady(agent);

    let sippAt: { signalling: number; media: number } | null = null;
    for (let attempt = 0; attempt < 20 && !customerMedia; attempt++) {
      sippAt = await sippPorts();
      customerMedia = (await bindUdp(sippAt.media + MEDIA_PORT_OFFSET).catch(() => null)) ?? undefined;
    }
    if (!customerMedia || !sippAt) throw new Error('no free UDP ports for the customer');
    customerMedia.on('message', (packet) => {
      if (isPcmuRtp(packet)) heardByCustomer.push({ at: Date.now(), samples: pcmuSamples(packet) });
    });
    writeFileSync(join(t.dataDir, 'caller-audio.pcap'), pcmuTonePcap(90, CUSTOMER_HZ));
    sipp = startSipp(
      [
        `127.0.0.1:${kam?.sipPort}`,
        ...['-sf', SCENARIO, '-s', COMPLAINTS, '-key', 'caller', customer.e164.slice(2)],
        ...['-m', '1', '-i', '127.0.0.1', '-p', String(sippAt.signalling), '-mp', String(sippAt.media)],
        ...['-nostdin', '-timeout', '100s', '-timeout_error'],
      ],
      { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 110_000 },
    );
    await agent.getByTestId('incoming-call').waitFor({ timeout: WAIT });

    await agent.getByTestId('btn-answer').click();
    await expectText(agent, 'agent-status', 'on-call', WAIT);

    await until(() => heardByCustomer.length > 0, WAIT, 'the agent audio at the customer');

    // the supervisor picks the agent in floor control and listens, saying why
    await supervisor.getByTestId('floor-agent').click();
    await supervisor
      .getByRole('option', { name: /\(agent2\)/ })
      .first()
      .click();
    await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);

    await supervisor.getByTestId('force-reason').fill('quality check');
    const asked = Date.now();
    await supervisor.getByTestId('monitor-mode').getByText('Listen', { exact: true }).click();
    await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });

    // two m= lines (customer, agent), each receiving
    const sup = spy(supervisor);
    await until(
      async () => {
        const lines = Object.values(await sup.inbound());
        return lines.length === 2 && lines.every((n) => n > 0);
      },
      WAIT,
      'packets from both parties at the supervisor',
    );
    const first = Object.values(await sup.firstPacketAt());
    const offered = (await sup.createdAt())[0] ?? asked;
    console.info(
      `listen: first packet from each party ${first.map((at) => at - asked).join(' / ')} ms after the click, ${first.map((at) => at - offered).join(' / ')} ms after the offer reached the page`,
    );
    const before = await sup.inbound();
    await until(
      async () => {
        const now = await sup.inbound();
        return Object.keys(before).every((k) => (now[k] ?? 0) > (before[k] ?? 0) + 25);
      },
      WAIT,
      'both parties keep flowing',
    );
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('listen');
    const started = monitorAudits('supervisor.monitor-started').at(-1);
    expect(started?.details).toMatchObject({ reason: 'quality check', mode: 'listen' });
  }, 90_000);

  it('whisper: the agent hears the supervisor, the customer does not', async () => {
    const agentSpy = spy(agent);
    const quietAtAgent = await agentSpy.playing(SUPERVISOR_HZ);
    await agentSpy.watch(SUPERVISOR_HZ, -60);
    const asked = Date.now();
    await supervisor.getByTestId('monitor-mode').getByText('Whisper', { exact: true }).click();
    await expect.poll(() => supervisor.getByTestId('monitoring').getAttribute('data-mode')).toBe('whisper');
    await until(
      async () => (await agentSpy.playing(SUPERVISOR_HZ)) > -60,
      WAIT,
      'the supervisor at the agent',
    );
    const atAgent = await agentSpy.playing(SUPERVISOR_HZ);
    const atCustomer = await customerLevel(SUPERVISOR_HZ, Date.now());
    const customerTone = toneLevelDb(
      heardByCustomer.slice(-25).flatMap((p) => p.samples),
      SUPERVISOR_HZ,
    );
    const heardAt = (await agentSpy.heardAt()) ?? NaN;
    console.info(
      `whisper: supervisor tone at the agent ${atAgent.toFixed(1)} dB (before ${quietAtAgent.toFixed(1)}), ${heardAt - asked} ms after the click; at the customer ${atCustomer.toFixed(1)} dBFS`,
    );
    expect(atAgent).toBeGreaterThan(quietAtAgent + 20);
    expect(customerTone).toBeLessThan(-45);
    await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('whisper');
  }, 60_000);

  it('barge: the customer hears the supervisor too; stopping ends it', async () => {
    const whisperLevel = customerHears(SUPERVISOR_HZ);
    const asked = Date.now();
    await supervisor.getByTestId('monitor-mode').getByText('Barge in', { exact: true }).click();
    await until(() => customerHears(SUPERVISOR_HZ) > -30, WAIT, 'the supervisor at the customer');
    const bargeLevel = customerHears(SUPERVISOR_HZ);
    // the first packet at the customer carrying the tone (one packet: 20 ms, a 50 Hz bin)
    const firstToned = heardByCustomer.find(
      (p) => p.at >= asked && toneLevelDb(p.samples, SUPERVISOR_HZ) > -40,
    );
    console.info(
      `barge: supervisor tone at the customer ${bargeLevel.toFixed(1)} dBFS (whisper ${whisperLevel.toFixed(1)}), first heard ${(firstToned?.at ?? NaN) - asked} ms after the click`,
    );
    expect(bargeLevel).toBeGreaterThan(whisperLevel + 20);
    expect(await spy(agent).playing(SUPERVISOR_HZ)).toBeGreaterThan(-60);

    // stop: the voice leaves the call, the supervisor's connections close, the call goes on
    await supervisor.getByTestId('monitor-stop').click();
    await supervisor.getByTestId('monitor-ended').waitFor({ timeout: WAIT });
    await until(async () => (await spy(supervisor).open()) === 0, WAIT, 'supervisor connections closed');
    await until(() => customerHears(SUPERVISOR_HZ) < -45, WAIT, 'the supervisor gone from the customer');
    await agent.getByTestId('monitored-notice').waitFor({ state: 'detached', timeout: WAIT });
    await expectText(agent, 'agent-status', 'on-call');
  }, 60_000);

  it("the call's end ends listening: the supervisor's page is told, rtpengine's session deleted", async () => {
    await supervisor.getByTestId('monitor-mode').getByText('Listen', { exact: true }).click();
    await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });
    await until(async () => (await spy(supervisor).open()) === 1, WAIT, 'listening again');
    const calls = (await ng.command({ command: 'list' }))['calls'];
    callId = Array.isArray(calls) ? String(calls[0]) : '';
    expect(callId).not.toBe('');

    await agent.getByTestId('btn-hangup').click();
    await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
    expect(await sipp?.exited, sipp?.errors()).toBe(0);
    await until(
      () =>
        ng.command({ command: 'query', 'call-id': callId }).then(
          () => false,
          () => true,
        ),
      WAIT,
      "rtpengine's media session deleted",
    );
    await until(async () => (await spy(supervisor).open()) === 0, WAIT, 'supervisor connections closed');
    const ended = monitorAudits('supervisor.monitor-ended').at(-1);
    expect(ended?.details).toMatchObject({ reason: 'call-ended' });
  }, 60_000);
});
