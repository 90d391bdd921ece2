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
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCarrierClean } from '../../cti-bridge/src/pbx/kamailio/carrier-sdp';
import type { PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { carrierMessages as messagesIn, rtpengineCounts as countsOf } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { until } from '../support/until';
import { wavFile } from '../support/wav';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-prack.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-prack', domain: DOMAIN };
const AGENTS = ['agent-a', 'agent-b'];
/** Nobody of this campaign is ever free: its answered customers hear the message. */
const LONELY_CAMPAIGN = 42;

let lab: ServerCallLab | undefined;
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

const place = (to: string, campaignId = 7): string => lab?.place(to, { campaignId }) ?? '';
const sipCallIdOf = (callId: string) => lab?.pbx?.serverCallMedia(callId)?.callId ?? '';
const ended = (callId: string) => !lab?.pbx?.serverCallMedia(callId);
const logLines = () => lab?.logLines ?? [];
const rtpengineCounts = (callId: string) =>
  lab ? countsOf(lab.pbx, lab.ng, callId) : Promise.resolve({ customer: 0, agent: 0 });

/** What SIPp (the carrier) received, one message each, for the SIP Call-ID of a call. */
const carrierMessages = (sipCallId: string): string[] =>
  (lab ? messagesIn(lab.dataDir) : []).filter(
    (m) => /message received/i.test(m) && m.includes(`Call-ID: ${sipCallId}`),
  );
const requestsOf = (messages: string[], method: string) =>
  messages.filter((m) => new RegExp(`^${method} sip:`, 'm').test(m));
const bodyOf = (message: string) =>
  message
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');

/** Audio both ways: the agent's browser receives the customer's and rtpengine relays packets from both sides. */
async function expectTalking(callId: string): Promise<Page> {
  const page = await lab?.whoHas(callId);
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

async function hangUp(page: Page, callId: string): Promise<void> {
  await page.evaluate((id) => window.agent.hangUp(id), callId);
  await until(() => ended(callId), 10_000, `${callId} ended`);
}

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]));
  lab?.report();
});

beforeAll(async () => {
  lab = await startServerCallLab({
    name: 'ringside-prack-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    events,
    dialerOptions: (dir) => {
      // a short message (8 kHz mono, 1.5 s): the abandoned call's own length is not what is tested here
      const abandonWav = join(dir, 'abandon.wav');
      writeFileSync(abandonWav, wavFile({ seconds: 1.5, toneHz: 523 }));
      // a loaded 2-core CI box can take longer than the law's 2 s to get a browser to answer
      return { messageFile: () => abandonWav, connectWindowMs: 5000 };
    },
    calls: { callPrefix: 'prack', attemptBase: 3000, leadBase: 300, ringTimeoutMs: 30_000 },
  });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

describe('server-placed calls to a carrier that requires 100rel (reliable 183, PRACK)', () => {
  it('PRACKs the reliable 183 with the answer (early media, not answered), connects at the 200 OK (same SDP, or none) with audio both ways, answered once', async () => {
    const same = place('+15550100311');
    const bare = place('+15550100315');
    const sipIds = [same, bare].map((id) => sipCallIdOf(id));

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

    await hangUp(pages[0] as Page, same);
    await hangUp(pages[1] as Page, bare);
    // answered exactly once, and nothing after it from the bridge's side
    expect(progress.get(same)).toEqual(['ringing', 'answered']);
    expect(progress.get(bare)).toEqual(['ringing', 'answered']);
  }, 60_000);

  it('a reliable 180 without SDP is PRACKed without SDP; the 200 OK brings the offer, answered in the ACK as usual', async () => {
    const ringing = place('+15550100316');
    const sipCallId = sipCallIdOf(ringing);
    await until(() => outcomeOf(ringing) === 'answered', 20_000, 'the customer connected');
    const page = await expectTalking(ringing);
    const got = carrierMessages(sipCallId);
    const pracks = requestsOf(got, 'PRACK');
    expect(pracks.length).toBeGreaterThanOrEqual(1);
    for (const prack of pracks) expect(bodyOf(prack)).not.toMatch(/m=audio/);
    const [ack] = requestsOf(got, 'ACK');
    expect(bodyOf(ack ?? '')).toMatch(/^m=audio \d+ RTP\/AVP 8\b/m);
    await hangUp(page, ringing);
    expect(progress.get(ringing)).toEqual(['ringing', 'answered']);
  }, 40_000);

  it('a customer answered after early media whom nobody can take hears the message (rtpengine plays it), then is hung up as abandoned', async () => {
    const lonely = place('+15550100351', LONELY_CAMPAIGN);
    const sipCallId = sipCallIdOf(lonely);
    await until(() => outcomeOf(lonely) === 'abandoned', 20_000, 'the customer abandoned');
    expect(progress.get(lonely)).toEqual(['ringing', 'abandoned']);
    const played = () =>
      logLines().find((l) => l.message === 'dialer: message played' && l.fields['callId'] === lonely);
    await until(() => played() !== undefined, 15_000, 'the message played');
    expect(Math.abs(Number(played()?.fields['durationMs']) - 1500)).toBeLessThan(100);
    await until(() => ended(lonely), 30_000, 'the abandoned call hung up');
    await expect
      .poll(() => requestsOf(carrierMessages(sipCallId), 'BYE').length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(progress.get(lonely)).toEqual(['ringing', 'abandoned']);
  }, 60_000);

  it('a reliable 183 then 486 is busy; a carrier refusing the INVITE for an extension (420, 421) fails it, with the reason logged', async () => {
    const busyCall = place('+15550100322');
    const badExtension = place('+15550100333');
    const required = place('+15550100344');
    const busySip = sipCallIdOf(busyCall);
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
      logLines().find(
        (l) => l.message === 'dialer: customer leg not answered' && l.fields['callId'] === callId,
      )?.fields['reason'];
    expect(reasonOf(badExtension)).toBe('carrier does not support: timer');
    expect(reasonOf(required)).toBe('carrier requires an extension the dialer lacks: precondition');
    expect(reasonOf(busyCall)).toBeUndefined();
    // nothing left half set up
    for (const callId of [busyCall, badExtension, required])
      await until(() => ended(callId), 10_000, `${callId} released`);
    expect(asked).not.toContain(busyCall);
  }, 40_000);
});
