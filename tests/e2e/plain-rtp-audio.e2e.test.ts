/**
 * A plain-RTP trunk caller reaching a WebRTC agent, with audio both ways: SIPp (plain SIP/UDP, RTP/AVP PCMU
 * offer) calls the complaints number at the real Kamailio edge started with rtpengine, the built console in
 * Debian's Chromium is offered the call and answers on its softphone, and rtpengine bridges the caller's plain
 * RTP to the browser's DTLS-SRTP. "Audio flows" is measured at both real endpoints:
 * - caller → agent: the agent page's RTCPeerConnection counts inbound-rtp audio packets. SIPp plays a PCMU
 *   tone the test writes as a pcap (play_pcap_audio) rather than rtp_stream, whose socket SIPp binds itself:
 *   the caller's audio must leave from the port the test listens on, see below;
 * - agent → caller: a UDP socket of the test, on the port of the caller's m= line, counts PCMU RTP packets.
 *   SIPp writes its audio with that port as source port (see the scenario), so rtpengine's latching on the
 *   caller's source address keeps sending to it; echoing (-rtp_echo) would instead mix the two directions.
 * The agent then hangs up; the caller sees the BYE and the interaction is recorded answered and ended.
 */
import type { Socket as UdpSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { expectText, goReady, launchChromium, openConsole } from '../support/browser';
import { startTelephony, type RunningKamailio } from '../support/kamailio';
import { stopInOrder } from '../support/until';
import { knownCustomer } from '../support/known-customer';
import { bindUdp } from '../support/ports';
import { sippPorts, startSipp, type SippRun } from '../support/sipp';
import { type TestRingside } from '../support/test-ringside';
import { installPeerConnectionSpy } from '../support/peer-connection-spy';
import { isPcmuRtp, pcmuTonePcap } from '../support/pcmu-audio';

const COMPLAINTS = '+18005550102';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uac-plain-rtp-audio.xml');
/** The scenario's m= line is [media_port+4]: SIPp's own sockets are -mp and -mp+2. */
const MEDIA_PORT_OFFSET = 4;
/** Longer than the call can last here, so the caller is still talking whenever the test looks. */
const CALLER_AUDIO_SECONDS = 60;

let t: TestRingside;
let kam: RunningKamailio;
let browser: Browser;
let page: Page | undefined;
let sipp: SippRun | undefined;
let callerMedia: UdpSocket | undefined;

beforeAll(async () => {
  ({ t, kam } = await startTelephony({ pstnGateway: 'sip:127.0.0.2:5999', rtpengine: true }));
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  sipp?.kill();
  callerMedia?.close();
  // each stop runs even when one before it throws
  await stopInOrder(
    () => browser?.close(),
    () => kam?.stop(),
    () => t?.stop(),
  );
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error(kam.log().split('\n').slice(-40).join('\n'));
  console.error(sipp?.errors());
  await page?.screenshot({ path: 'test-results/plain-rtp-audio.png' }).catch(() => undefined);
});

describe('plain-RTP caller to a WebRTC agent through rtpengine', () => {
  it('the agent answers in the console and audio flows both ways until the agent hangs up', async () => {
    const customer = knownCustomer(t.ringside.db);
    const agent = await openConsole(browser, t.url, 'agent2');
    page = agent;
    await expectText(agent, 'sip-registration', 'registered');
    await installPeerConnectionSpy(agent);
    await goReady(agent);

    const media = await bindCallerMedia();
    callerMedia = media.socket;
    let fromAgent = 0;
    media.socket.on('message', (packet) => {
      if (isPcmuRtp(packet)) fromAgent += 1;
    });
    // a 440 Hz tone in PCMU, the only codec the caller offers (the Debian pcap, g711a.pcap, is PCMA)
    writeFileSync(join(t.dataDir, 'caller-audio.pcap'), pcmuTonePcap(CALLER_AUDIO_SECONDS, 440));

    const since = Date.now();
    sipp = startSipp(
      [
        `127.0.0.1:${kam.sipPort}`,
        ...['-sf', SCENARIO, '-s', COMPLAINTS, '-key', 'caller', customer.e164.slice(2)],
        ...['-m', '1', '-i', '127.0.0.1', '-p', String(media.sipp.signalling)],
        ...['-mp', String(media.sipp.media)],
        ...['-nostdin', '-timeout', '80s', '-timeout_error'],
      ],
      { cwd: t.dataDir, errorFile: join(t.dataDir, 'sipp.errors'), patienceMs: 85_000 },
    );

    await agent.getByTestId('incoming-call').waitFor({ timeout: 20_000 });
    await expectText(agent, 'pop-customer-name', customer.name);
    await agent.getByTestId('btn-answer').click();
    await agent.getByTestId('active-call').waitFor({ timeout: 20_000 });
    await expectText(agent, 'agent-status', 'on-call');

    // caller → agent: SIPp's RTP, through rtpengine, decrypted and counted by the agent's peer connection
    await expect
      .poll(() => agent.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 20_000 })
      .toBeGreaterThan(0);
    // agent → caller: the browser's audio, through rtpengine as plain RTP, at the caller's m= port
    await expect.poll(() => fromAgent, { timeout: 20_000 }).toBeGreaterThan(0);
    // and both keep flowing while the call is up
    const [agentHeard, callerHeard] = [await agent.evaluate(() => window.pcSpy.packetsReceived()), fromAgent];
    await expect
      .poll(() => agent.evaluate(() => window.pcSpy.packetsReceived()), { timeout: 10_000 })
      .toBeGreaterThan(agentHeard);
    await expect.poll(() => fromAgent, { timeout: 10_000 }).toBeGreaterThan(callerHeard);

    await agent.getByTestId('btn-hangup').click();
    await agent.getByTestId('ended-call').waitFor({ timeout: 10_000 });
    // SIPp ends with 0 only if it got the BYE and answered it, its scenario complete
    expect(await sipp.exited, sipp.errors()).toBe(0);

    const ours = () =>
      t.ringside.db
        .select()
        .from(interactions)
        .where(eq(interactions.serviceNumber, COMPLAINTS))
        .all()
        .filter((row) => row.queuedAt >= since);
    await expect.poll(() => ours()[0]?.endedAt ?? null, { timeout: 10_000 }).not.toBeNull();
    const rows = ours();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.callerE164).toBe(customer.e164);
    expect(row?.answeredAt).not.toBeNull();
    expect(row?.endedAt ?? 0).toBeGreaterThanOrEqual(row?.answeredAt ?? Infinity);
  }, 90_000);
});

/**
 * The caller's media socket, on the port of the scenario's m= line (SIPp's -mp + 4): beside the ports SIPp binds
 * itself, so SIPp's audio leaves from the port the test listens on.
 */
async function bindCallerMedia(): Promise<{
  socket: UdpSocket;
  sipp: { signalling: number; media: number };
}> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const sippAt = await sippPorts();
    const socket = await bindUdp(sippAt.media + MEDIA_PORT_OFFSET).catch(() => null);
    if (socket) return { socket, sipp: sippAt };
  }
  throw new Error('no free UDP ports for the caller media');
}
