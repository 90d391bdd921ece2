/**
 * Server-placed calls to a carrier that sends reliable provisional responses (RFC 3262, 100rel): the dialer's
 * delayed-offer INVITE says `Supported: 100rel`; SIPp as the carrier answers with a reliable 183 carrying the offer
 * (early media) and expects the PRACK with rtpengine's answer, then sends the 200 OK (with the same SDP, or none).
 * Early media is not an answer: the customer is connected to an auto-answering sip.js agent in Chromium after the
 * 200 OK, with audio both ways, and the attempt is answered once (or, nobody free, hears the message and is
 * abandoned). A reliable 180 without SDP is PRACKed and the call goes on as usual. A reliable 183 then 486 is
 * busy; a carrier that refuses the INVITE for an extension (420, 421) fails the attempt with the reason in the
 * log, never hangs.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../cti-bridge/src/logger';
import { isCarrierClean } from '../../cti-bridge/src/pbx/kamailio/carrier-sdp';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { openAgentPage, serveAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { startCarrierLab } from '../support/carrier-lab';
import { logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import type { SippRun } from '../support/sipp';
import { stopInOrder, until } from '../support/until';
import { wavFile } from '../support/wav';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-prack.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-prack', domain: DOMAIN };
const AGENTS = ['agent-a', 'agent-b'];
/** Nobody of this campaign is ever free: its answered customers hear the message. */
const LONELY_CAMPAIGN = 42;

let dataDir: string;
let abandonWav: string;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let pbx: KamailioPbx | undefined;
let browser: Browser | undefined;
let pageServer: Server | undefined;
let ng: RtpengineNg | undefined;
const agents: Page[] = [];
const logLines: { message: string; fields: Record<string, unknown> }[] = [];
const progress = new Map<string, string[]>();
const busy = new Map<number, string>();
/** Calls an agent was asked for (the customer was answered), in order. */
const asked: string[] = [];

const outcomeOf = (callId: string) => progress.get(callId)?.find((p) => p !== 'ringing');
const free = (callId: string) => {
  for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
};

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: free,
  agentHungUp: free,
  answered: () => undefined,
  callInProgress: () => undefined,
  ringFailed: () => undefined,
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => {
    progress.set(callId, [...(progress.get(callId) ?? []), what]);
    if (what !== 'ringing' && what !== 'answered') free(callId);
  },
  agentForAnswered: (callId, campaignId, tried) => {
    if (!asked.includes(callId)) asked.push(callId);
    if (campaignId === LONELY_CAMPAIGN) return null;
    const agentId = [1, 2].find((id) => !busy.has(id) && !tried.includes(id));
    if (agentId === undefined) return null;
    busy.set(agentId, callId);
    return agentId;
  },
};

const capture: Logger = {
  debug: () => undefined,
  info: (message, fields = {}) => logLines.push({ message, fields }),
  warn: (message, fields = {}) => logLines.push({ message, fields }),
  error: (message, fields = {}) => logLines.push({ message, fields }),
};

let seq = 0;
function place(to: string, campaignId = 7): string {
  seq++;
  const request: OriginateRequest = {
    callId: `prack-${seq}`,
    campaignId,
    leadId: 300 + seq,
    attemptId: 3000 + seq,
    to,
    callerId: '+15550100999',
    ringTimeoutMs: 30_000,
    agentId: null,
  };
  expect(pbx?.originate(request)).toBe(true);
  return request.callId;
}

/** What SIPp (the carrier) received, one message each, for the SIP Call-ID of a call. */
function carrierMessages(sipCallId: string): string[] {
  const file = readdirSync(dataDir).find((name) => name.endsWith('_messages.log'));
  const all = file ? readFileSync(join(dataDir, file), 'utf8').split(/\n(?=-{5,})/) : [];
  return all.filter((m) => /message received/i.test(m) && m.includes(`Call-ID: ${sipCallId}`));
}
const requestsOf = (messages: string[], method: string) =>
  messages.filter((m) => new RegExp(`^${method} sip:`, 'm').test(m));
const bodyOf = (message: string) =>
  message
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');

async function whoHas(callId: string): Promise<Page | undefined> {
  for (const page of agents) {
    const calls = await page.evaluate(() => window.agent.calls());
    if (calls.some((c) => c.ringsideCall === callId)) return page;
  }
  return undefined;
}

/** Packets rtpengine received from the customer's side and from everyone else (the agent). */
async function rtpengineCounts(callId: string): Promise<{ customer: number; agent: number }> {
  const media = pbx?.serverCallMedia(callId);
  if (!media || !ng) return { customer: 0, agent: 0 };
  const reply = await ng.command({ command: 'query', 'call-id': media.callId });
  const tags = (reply['tags'] ?? {}) as Record<
    string,
    { medias?: { streams?: { stats?: { packets?: number } }[] }[] }
  >;
  const count = (tag: string) =>
    (tags[tag]?.medias ?? [])
      .flatMap((m) => m.streams ?? [])
      .reduce((n, s) => n + (s.stats?.packets ?? 0), 0);
  const others = Object.keys(tags).filter((tag) => tag !== media.customerTag);
  return { customer: count(media.customerTag), agent: others.reduce((n, tag) => n + count(tag), 0) };
}

/** Audio both ways: the agent's browser receives the customer's and rtpengine relays packets from both sides. */
async function expectTalking(callId: string): Promise<Page> {
  const page = await whoHas(callId);
  if (!page) throw new Error(`no agent took ${callId}`);
  await expect
    .poll(async () => (await page.evaluate((id) => window.agent.packets(id), callId)).received, {
      timeout: 15_000,
    })
    .toBeGreaterThan(20);
  await expect
    .poll(async () => (await rtpengineCounts(callId)).agent, { timeout: 15_000 })
    .toBeGreaterThan(20);
  expect((await rtpengineCounts(callId)).customer).toBeGreaterThan(20);
  return page;
}

logKamailioOnFailure(() => kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]));
  console.error('bridge log', JSON.stringify(logLines.slice(-30)));
  console.error('sipp errors', sipp?.errors());
});

beforeAll(async () => {
  const lab = await startCarrierLab({
    name: 'ringside-prack-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
  });
  ({ dataDir, kam, sipp } = lab);
  ng = new RtpengineNg(lab.ngAddress);
  // a short message (8 kHz mono, 1.5 s): the abandoned call's own length is not what is tested here
  abandonWav = join(dataDir, 'abandon.wav');
  writeFileSync(abandonWav, wavFile({ seconds: 1.5, toneHz: 523 }));
  pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: lab.kam.evapiPort },
    log: capture,
    dialer: {
      ...DIALER,
      wsUri: lab.kam.wsUri,
      rtpengineNg: lab.ngAddress,
      messageFile: () => abandonWav,
      // a loaded 2-core CI box can take longer than the law's 2 s to get a browser to answer
      connectWindowMs: 5000,
    },
  });
  await pbx.start(events, {
    agentIdOf: (user) => AGENTS.indexOf(user) + 1 || null,
    sipUsernameOf: (agentId) => AGENTS[agentId - 1] ?? null,
  });
  await until(() => Boolean(pbx?.isConnected() && pbx.dialerConnected()), 15_000, 'the dialer connected');
  browser = await launchChromium();
  const served = await serveAgentPage();
  pageServer = served.server;
  for (const user of AGENTS) {
    const sip = { wsUri: lab.kam.wsUri, aor: `sip:${user}@${DOMAIN}`, user, password: 'pw' };
    agents.push(await openAgentPage(browser, served.url, sip));
  }
}, 90_000);

afterAll(async () => {
  await stopInOrder(
    () => pbx?.stop(),
    () => ng?.close(),
    () => browser?.close(),
    () => pageServer?.close(),
    () => sipp?.kill(),
    () => kam?.stop(),
    () => rm(dataDir, { recursive: true, force: true }),
  );
});

describe('server-placed calls to a carrier that requires 100rel (reliable 183, PRACK)', () => {
  it('PRACKs the reliable 183 with the answer (early media, not answered), connects at the 200 OK (same SDP, or none) with audio both ways, answered once', async () => {
    const same = place('+15550100311');
    const bare = place('+15550100315');
    const sipIds = [same, bare].map((id) => pbx?.serverCallMedia(id)?.callId ?? '');

    // the 183 is ringing; its early media reaches rtpengine through the PRACK's answer, and nobody is asked for
    // an agent before the 200 OK
    await until(() => progress.get(same)?.[0] === 'ringing', 15_000, 'the reliable 183 mapped to ringing');
    await expect
      .poll(async () => outcomeOf(same) !== undefined || (await rtpengineCounts(same)).customer > 0, {
        timeout: 15_000,
      })
      .toBe(true);
    expect(outcomeOf(same)).toBeUndefined();
    expect(asked).not.toContain(same);

    await until(
      () => outcomeOf(same) === 'answered' && outcomeOf(bare) === 'answered',
      25_000,
      'both customers connected',
    );
    const pages = [await expectTalking(same), await expectTalking(bare)];
    expect(new Set(pages).size).toBe(2);

    // what the carrier got: an INVITE without SDP that supports 100rel, one PRACK with a carrier-clean answer,
    // an ACK without SDP (the PRACK settled the media)
    for (const sipCallId of sipIds) {
      const got = carrierMessages(sipCallId);
      const [invite] = requestsOf(got, 'INVITE');
      expect(invite).toMatch(/^Supported:.*\b100rel\b/im);
      expect(bodyOf(invite ?? '')).not.toMatch(/m=audio/);
      const pracks = requestsOf(got, 'PRACK');
      expect(pracks.length).toBeGreaterThanOrEqual(1);
      expect(pracks[0]).toMatch(/^RAck: 1 \d+ INVITE/im);
      const answer = bodyOf(pracks[0] ?? '');
      expect(answer).toMatch(/^m=audio \d+ RTP\/AVP 8\b/m);
      expect(isCarrierClean(answer)).toBe(true);
      const acks = requestsOf(got, 'ACK');
      expect(acks.length).toBeGreaterThanOrEqual(1);
      for (const ack of acks) expect(bodyOf(ack)).not.toMatch(/m=audio/);
    }

    for (const [index, callId] of [same, bare].entries()) {
      await (pages[index] as Page).evaluate((id) => window.agent.hangUp(id), callId);
      await until(() => !pbx?.serverCallMedia(callId), 10_000, `${callId} ended`);
    }
    // answered exactly once, and nothing after it from the bridge's side
    expect(progress.get(same)).toEqual(['ringing', 'answered']);
    expect(progress.get(bare)).toEqual(['ringing', 'answered']);
  }, 60_000);

  it('a reliable 180 without SDP is PRACKed without SDP; the 200 OK brings the offer, answered in the ACK as usual', async () => {
    const ringing = place('+15550100316');
    const sipCallId = pbx?.serverCallMedia(ringing)?.callId ?? '';
    await until(() => outcomeOf(ringing) === 'answered', 20_000, 'the customer connected');
    const page = await expectTalking(ringing);
    const got = carrierMessages(sipCallId);
    const pracks = requestsOf(got, 'PRACK');
    expect(pracks.length).toBeGreaterThanOrEqual(1);
    for (const prack of pracks) expect(bodyOf(prack)).not.toMatch(/m=audio/);
    const [ack] = requestsOf(got, 'ACK');
    expect(bodyOf(ack ?? '')).toMatch(/^m=audio \d+ RTP\/AVP 8\b/m);
    await page.evaluate((id) => window.agent.hangUp(id), ringing);
    await until(() => !pbx?.serverCallMedia(ringing), 10_000, `${ringing} ended`);
    expect(progress.get(ringing)).toEqual(['ringing', 'answered']);
  }, 40_000);

  it('a customer answered after early media whom nobody can take hears the message (rtpengine plays it), then is hung up as abandoned', async () => {
    const lonely = place('+15550100351', LONELY_CAMPAIGN);
    const sipCallId = pbx?.serverCallMedia(lonely)?.callId ?? '';
    await until(() => outcomeOf(lonely) === 'abandoned', 20_000, 'the customer abandoned');
    expect(progress.get(lonely)).toEqual(['ringing', 'abandoned']);
    const played = () =>
      logLines.find((l) => l.message === 'dialer: message played' && l.fields['callId'] === lonely);
    await until(() => played() !== undefined, 15_000, 'the message played');
    expect(Math.abs(Number(played()?.fields['durationMs']) - 1500)).toBeLessThan(100);
    await until(() => !pbx?.serverCallMedia(lonely), 30_000, 'the abandoned call hung up');
    await expect
      .poll(() => requestsOf(carrierMessages(sipCallId), 'BYE').length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(progress.get(lonely)).toEqual(['ringing', 'abandoned']);
  }, 60_000);

  it('a reliable 183 then 486 is busy; a carrier refusing the INVITE for an extension (420, 421) fails it, with the reason logged', async () => {
    const busyCall = place('+15550100322');
    const badExtension = place('+15550100333');
    const required = place('+15550100344');
    const busySip = pbx?.serverCallMedia(busyCall)?.callId ?? '';
    await until(
      () => [busyCall, badExtension, required].every((id) => outcomeOf(id) !== undefined),
      20_000,
      'every outcome',
    );
    expect(progress.get(busyCall)).toEqual(['ringing', 'busy']);
    expect(requestsOf(carrierMessages(busySip), 'PRACK').length).toBeGreaterThanOrEqual(1);
    expect(progress.get(badExtension)).toEqual(['failed']);
    expect(progress.get(required)).toEqual(['failed']);
    const reasonOf = (callId: string) =>
      logLines.find((l) => l.message === 'dialer: customer leg not answered' && l.fields['callId'] === callId)
        ?.fields['reason'];
    expect(reasonOf(badExtension)).toBe('carrier does not support: timer');
    expect(reasonOf(required)).toBe('carrier requires an extension the dialer lacks: precondition');
    expect(reasonOf(busyCall)).toBeUndefined();
    // nothing left half set up
    for (const callId of [busyCall, badExtension, required])
      await until(() => !pbx?.serverCallMedia(callId), 10_000, `${callId} released`);
    expect(asked).not.toContain(busyCall);
  }, 40_000);
});
