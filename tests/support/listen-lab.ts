/**
 * The lab of the listen-in tests (a supervisor listens, whispers, barges in on an agent's call) and the checks they
 * share, with the audio checked where people hear it. Each party speaks a steady tone of its own, so what a page
 * plays (FFT of its WebAudio output, see audio-spy.ts) or what a plain-RTP customer receives (decoded PCMU) tells
 * who is heard where.
 */
import type { Socket as UdpSocket } from 'node:dgram';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { auditLog } from '../../db/schema';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { RingsideDb } from '../../cti-bridge/src/repositories/database';
import { spy, spyScript, toneMicrophone } from './audio-spy';
import { expectText, launchChromium, signIn } from './browser';
import { startTelephony, type KamailioBridge, type RunningKamailio } from './kamailio';
import { isPcmuRtp, pcmuSamples, toneLevelDb } from './pcmu-audio';
import { bindUdp } from './ports';
import { sippPorts } from './sipp';
import { stopInOrder, until } from './until';

/** The customer's (or caller's) voice, the agent's microphone, the supervisor's microphone. */
export const CUSTOMER_HZ = 600;
export const AGENT_HZ = 400;
export const SUPERVISOR_HZ = 1800;
/** How long each step may take on a loaded 2-core machine. */
export const WAIT = 20_000;
/** The scenarios' SDP offers [media_port+4] (SIPp binds -mp and -mp+2 itself): the customer's ear listens there. */
const MEDIA_PORT_OFFSET = 4;
/** Half a second of PCMU (20 ms packets). */
const HALF_SECOND = 25;

export interface ListenLab {
  t: KamailioBridge;
  kam: RunningKamailio;
  /** rtpengine's control socket: the media sessions it carries. */
  ng: RtpengineNg;
  browser: Browser;
  /** Stops Chromium, Kamailio (and rtpengine) and the bridge, each even when one before it throws. */
  stop(): Promise<void>;
}

/** The bridge (subscribing to calls' media through rtpengine) behind the real Kamailio edge, and Chromium. */
export async function startListenLab(): Promise<ListenLab> {
  const { t, kam } = await startTelephony({ pstnGateway: 'sip:127.0.0.2:5999', listenIn: true });
  const ng = new RtpengineNg(kam.rtpengineNg ?? { host: '127.0.0.1', port: 0 });
  const browser = await launchChromium().catch(async (error: unknown) => {
    ng.close();
    await stopInOrder(
      () => kam.stop(),
      () => t.stop(),
    );
    throw error;
  });
  return {
    t,
    kam,
    ng,
    browser,
    stop: async () => {
      ng.close();
      await stopInOrder(
        () => browser.close(),
        () => kam.stop(),
        () => t.stop(),
      );
    },
  };
}

/** A console signed in as this user whose page is spied on, its microphone a tone of `micHz` when given. */
export async function listeningConsole(
  browser: Browser,
  url: string,
  username: string,
  micHz?: number,
): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(spyScript);
  if (micHz !== undefined) await context.addInitScript(toneMicrophone, micHz);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username} pageerror]`, error.message));
  // a loaded 2-core machine takes tens of seconds for a console's first load
  await signIn(page, url, username, 'agent-status', 60_000);
  return page;
}

/** What a plain-RTP customer played by SIPp receives from the agent's side, decoded, with arrival times. */
export interface CustomerEar {
  /** The ports to start SIPp on (`-p signalling -mp media`). */
  sipp: { signalling: number; media: number };
  heard: { at: number; samples: number[] }[];
  /** The level of `hz` in the last half second the customer received, dBFS (-Infinity before there is one). */
  hears(hz: number): number;
  /** The level of `hz` in a half second received from now on. */
  freshLevel(hz: number): Promise<number>;
  close(): void;
}

export async function customerEar(): Promise<CustomerEar> {
  let socket: UdpSocket | undefined;
  let ports: { signalling: number; media: number } | undefined;
  for (let attempt = 0; attempt < 20 && !socket; attempt++) {
    ports = await sippPorts();
    socket = (await bindUdp(ports.media + MEDIA_PORT_OFFSET).catch(() => null)) ?? undefined;
  }
  if (!socket || !ports) throw new Error('no free UDP ports for the customer');
  const heard: CustomerEar['heard'] = [];
  socket.on('message', (packet) => {
    if (isPcmuRtp(packet)) heard.push({ at: Date.now(), samples: pcmuSamples(packet) });
  });
  const hears = (hz: number) => {
    const recent = heard.slice(-HALF_SECOND);
    if (recent.length < HALF_SECOND) return -Infinity;
    return toneLevelDb(
      recent.flatMap((packet) => packet.samples),
      hz,
    );
  };
  const bound = socket;
  return {
    sipp: ports,
    heard,
    hears,
    async freshLevel(hz) {
      const since = Date.now();
      await until(() => heard.filter((p) => p.at > since).length >= HALF_SECOND, WAIT, 'customer audio');
      return hears(hz);
    },
    close: () => bound.close(),
  };
}

/** The supervisor picks this agent in floor control and waits until it shows them on their call. */
export async function pickAgent(supervisor: Page, username: string): Promise<void> {
  await supervisor.getByTestId('floor-agent').click();
  await supervisor
    .getByRole('option', { name: new RegExp(`\\(${username}\\)`) })
    .first()
    .click();
  await expectText(supervisor, 'floor-agent-status', 'On call', WAIT);
}

/**
 * Switches the supervisor's monitoring to this mode (Listen also starts it): listening or whispering waits until the
 * page shows it; a barge is each test's to check where it is heard. Resolves with the click's time.
 */
export async function monitor(supervisor: Page, mode: 'Listen' | 'Whisper' | 'Barge in'): Promise<number> {
  const asked = Date.now();
  await supervisor.getByTestId('monitor-mode').getByText(mode, { exact: true }).click();
  if (mode === 'Listen') await supervisor.getByTestId('monitoring').waitFor({ timeout: WAIT });
  if (mode === 'Whisper')
    await expect.poll(() => supervisor.getByTestId('monitoring').getAttribute('data-mode')).toBe('whisper');
  return asked;
}

/**
 * Packets from both parties (one m= line each) reach the supervisor's page and keep coming; logs how long after
 * `asked` (the click) and after the offer reached the page each party's first packet came.
 */
export async function expectBothPartiesHeard(supervisor: Page, label: string, asked: number): Promise<void> {
  const sup = spy(supervisor);
  await until(
    async () => {
      const lines = Object.values(await sup.inbound());
      return lines.length === 2 && lines.every((n) => n > 0);
    },
    WAIT,
    'packets from both parties at the supervisor',
  );
  // the lines of the connections open now (an earlier listening's closed ones keep their first packets too)
  const open = Object.keys(await sup.inbound());
  const firstAt = await sup.firstPacketAt();
  const first = open.map((line) => firstAt[line] ?? NaN);
  const offered = (await sup.createdAt()).at(-1) ?? asked;
  console.info(
    `${label}: first packet from each party ${first.map((at) => at - asked).join(' / ')} ms after the click, ${first.map((at) => at - offered).join(' / ')} ms after the offer reached the page`,
  );
  const before = await sup.inbound();
  await until(
    async () => {
      const now = await sup.inbound();
      return Object.keys(before).every((k) => (now[k] ?? 0) > (before[k] ?? 0) + HALF_SECOND);
    },
    WAIT,
    'both parties keep flowing',
  );
}

/** The supervisor actions of this kind recorded in the audit log, oldest first. */
export const monitorAudits = (db: RingsideDb, action: string) =>
  db.select().from(auditLog).where(eq(auditLog.action, action)).all();

/**
 * The supervisor picks the agent and listens, saying why: both parties reach their page, the agent is told
 * (policy `always`), the start is audited with the reason.
 */
export async function listenIn(
  db: RingsideDb,
  pages: { supervisor: Page; agent: Page },
  options: { agent: string; reason: string; label: string },
): Promise<void> {
  const { supervisor, agent } = pages;
  await pickAgent(supervisor, options.agent);
  await supervisor.getByTestId('force-reason').fill(options.reason);
  const asked = await monitor(supervisor, 'Listen');
  await expectBothPartiesHeard(supervisor, options.label, asked);
  await expect.poll(() => agent.getByTestId('monitored-notice').getAttribute('data-mode')).toBe('listen');
  expect(monitorAudits(db, 'supervisor.monitor-started').at(-1)?.details).toMatchObject({
    reason: options.reason,
    mode: 'listen',
  });
}

/**
 * The supervisor whispers: their tone is heard at the agent's page (20 dB above what it played before) and the
 * agent is told. What the customer hears is each test's to check (it is measured where that party is).
 */
export async function whisper(
  pages: { supervisor: Page; agent: Page },
  label: string,
): Promise<{ atAgent: number; heardAfterMs: number }> {
  const agentSpy = spy(pages.agent);
  const quietAtAgent = await agentSpy.playing(SUPERVISOR_HZ);
  await agentSpy.watch(SUPERVISOR_HZ, -60);
  const asked = await monitor(pages.supervisor, 'Whisper');
  await until(async () => (await agentSpy.playing(SUPERVISOR_HZ)) > -60, WAIT, 'the supervisor at the agent');
  const atAgent = await agentSpy.playing(SUPERVISOR_HZ);
  const heardAfterMs = ((await agentSpy.heardAt()) ?? NaN) - asked;
  console.info(
    `${label}: supervisor tone at the agent ${atAgent.toFixed(1)} dB (before ${quietAtAgent.toFixed(1)}), ${heardAfterMs} ms after the click`,
  );
  expect(atAgent).toBeGreaterThan(quietAtAgent + 20);
  await expect
    .poll(() => pages.agent.getByTestId('monitored-notice').getAttribute('data-mode'))
    .toBe('whisper');
  return { atAgent, heardAfterMs };
}

/** The call-id of the one media session rtpengine carries now. */
export async function mediaSessionId(ng: RtpengineNg): Promise<string> {
  const calls = (await ng.command({ command: 'list' }))['calls'];
  const callId = Array.isArray(calls) ? String(calls[0]) : '';
  expect(callId).not.toBe('');
  return callId;
}

/** rtpengine no longer knows this media session (a query of it fails). */
export const mediaSessionDeleted = (ng: RtpengineNg, callId: string) =>
  until(
    () =>
      ng.command({ command: 'query', 'call-id': callId }).then(
        () => false,
        () => true,
      ),
    WAIT,
    "rtpengine's media session deleted",
  );

/** The supervisor's page has no open connection left (its listening ended). */
export const supervisorConnectionsClosed = (supervisor: Page) =>
  until(async () => (await spy(supervisor).open()) === 0, WAIT, 'supervisor connections closed');

/**
 * The call just ended: listening ends with it — the supervisor's page is told, rtpengine's media session is deleted,
 * the supervisor's connections close, the end is audited as the call's.
 */
export async function expectListeningEndedWithCall(
  db: RingsideDb,
  supervisor: Page,
  ng: RtpengineNg,
  callId: string,
): Promise<void> {
  await expectText(supervisor, 'monitor-ended', 'The call ended.', WAIT);
  await mediaSessionDeleted(ng, callId);
  await supervisorConnectionsClosed(supervisor);
  expect(monitorAudits(db, 'supervisor.monitor-ended').at(-1)?.details).toMatchObject({
    reason: 'call-ended',
  });
}
