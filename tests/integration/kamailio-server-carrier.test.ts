/**
 * The carrier's side of a server-placed call: its re-INVITEs (a session refresh with the same SDP, its hold, its
 * media moving to another port, a refresh without SDP) are answered 200 by the bridge's user agent through
 * rtpengine — never 488 — and the agent's softphone is not disturbed. Real Kamailio + rtpengine, SIPp as the
 * carrier (uas-carrier-reinvite.xml) with the customer's RTP sent and received by the test, a sip.js agent in
 * Chromium.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCarrierClean } from '../../cti-bridge/src/pbx/kamailio/carrier-sdp';
import { directionOf } from '../../cti-bridge/src/pbx/kamailio/sdp-direction';
import type { DialRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { agentReceived, carrierMessages, customerPortOf as portOf } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { startRtpCustomer, type RtpCustomer } from '../support/rtp-customer';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-reinvite.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-carrier', domain: DOMAIN };
const AGENTS = ['agent-c1'];

let lab: ServerCallLab | undefined;
let customer: RtpCustomer | undefined;
let moved: RtpCustomer | undefined;
const reported: string[] = [];
const busy = new Set<number>();
const dials: DialRequest[] = [];
/** The number the test's compliance gate refuses (as on the company's do-not-call list). */
const DNC_NUMBER = '+15550100866';

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: (callId) => reported.push(`${callId} caller-hung-up`),
  agentHungUp: (callId) => {
    reported.push(`${callId} agent-hung-up`);
    busy.delete(1);
  },
  answered: (callId, agentId) => reported.push(`${callId} answered-by ${agentId}`),
  callInProgress: () => undefined,
  ringFailed: (callId, _agentId, reason) => reported.push(`${callId} ring-failed ${reason}`),
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => {
    dials.push(request);
    return request.to === DNC_NUMBER
      ? { allowed: false, code: 'DNC_GLOBAL', reason: "The number is on the company's do-not-call list." }
      : { allowed: true, e164: request.to };
  },
  outboundProgress: (callId, what) => reported.push(`${callId} ${what}`),
  callHeld: (callId, held) => reported.push(`${callId} ${held ? 'held' : 'resumed'}`),
  agentForAnswered: (_callId, _campaignId, tried) => {
    if (busy.has(1) || tried.includes(1)) return null;
    busy.add(1);
    return 1;
  },
};

const place = (to: string): string => lab?.place(to) ?? '';

/** The port of the first m=audio line of an SDP. */
const audioPort = (sdp: string) => Number(/^m=audio (\d+)/m.exec(sdp)?.[1] ?? NaN);

interface TracedMessage {
  received: boolean;
  firstLine: string;
  callId: string;
  cseq: string;
  body: string;
}

/** SIPp's message trace (-trace_msg): every message the carrier sent and received, in order. */
function carrierTrace(): TracedMessage[] {
  if (!lab) return [];
  const blocks = carrierMessages(lab.dataDir);
  return blocks.flatMap((block) => {
    const match = /(received|sent) \[\d+\] bytes :\s*\n+([\s\S]*)$/.exec(block);
    if (!match?.[2]) return [];
    const text = match[2].replace(/\r/g, '');
    const [head = '', ...rest] = text.split('\n\n');
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
    return [
      {
        received: match[1] === 'received',
        firstLine: head.split('\n')[0] ?? '',
        callId: header('Call-ID'),
        cseq: header('CSeq'),
        body: rest.join('\n\n').trim(),
      },
    ];
  });
}

/** The bridge's 200 OK answers to the carrier's re-INVITEs of one SIP call, by CSeq. */
function reinviteAnswers(sipCallId: string): Map<number, string> {
  const answers = new Map<number, string>();
  for (const m of carrierTrace()) {
    const cseq = /^(\d+) INVITE$/.exec(m.cseq);
    if (m.received && m.callId === sipCallId && cseq && m.firstLine.startsWith('SIP/2.0 200'))
      answers.set(Number(cseq[1]), m.body);
  }
  return answers;
}

/** rtpengine's port facing the customer of a call (where the customer's RTP goes). */
const customerPortOf = (callId: string) =>
  lab ? portOf(lab.pbx, lab.ng, callId) : Promise.reject(new Error('no lab'));

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('reported', JSON.stringify(reported));
  lab?.report();
});

beforeAll(async () => {
  customer = await startRtpCustomer();
  moved = await startRtpCustomer();
  lab = await startServerCallLab({
    name: 'ringside-server-carrier-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    sippArgs: ['-set', 'mport', String(customer.port), '-set', 'mport2', String(moved.port)],
    events,
    dialerOptions: () => ({ connectWindowMs: 6000 }),
    calls: { callPrefix: 'carrier-test', attemptBase: 3000 },
  });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  customer?.stop();
  moved?.stop();
});

describe("the carrier's re-INVITEs on a server-placed call", () => {
  it('a refresh, its hold, its media moved and an offer-less refresh: each answered 200 through rtpengine, audio both ways after', async () => {
    if (!customer || !moved) throw new Error('no customer');
    const page = lab?.pages[0] as Page;
    const callId = place('+15550100017');
    await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
    const sipCallId = lab?.pbx?.serverCallMedia(callId)?.callId ?? '';
    // the customer does not talk from their first port: rtpengine sends where the SDP says, learning nothing
    const port = await customerPortOf(callId);

    await until(() => reinviteAnswers(sipCallId).size === 4, 40_000, 'four re-INVITEs answered');
    const answers = reinviteAnswers(sipCallId);
    const trace = carrierTrace().filter((m) => m.callId === sipCallId);
    expect(trace.filter((m) => m.received && /^SIP\/2\.0 [3-6]\d\d/.test(m.firstLine))).toEqual([]);
    // the refresh gets the very SDP the carrier has (the ACK's answer), unchanged
    const ack = trace.find((m) => m.received && m.firstLine.startsWith('ACK') && m.body !== '');
    expect(answers.get(1)).toBe(ack?.body);
    // the carrier's hold (sendonly) is answered recvonly, its resume sendrecv; the offer-less refresh offers ours
    expect([1, 2, 3, 4].map((n) => directionOf(answers.get(n) ?? ''))).toEqual([
      'sendrecv',
      'recvonly',
      'sendrecv',
      'sendrecv',
    ]);
    for (const answer of answers.values()) expect(isCarrierClean(answer)).toBe(true);
    // rtpengine keeps its port toward the customer; nothing was sent to the agent's phone
    expect(await customerPortOf(callId)).toBe(port);
    expect(reported.filter((r) => r.endsWith('held') || r.endsWith('resumed'))).toEqual([]);

    expect(
      (lab?.logLines ?? [])
        .filter((l) => l.message === 'dialer: carrier re-offer')
        .map((l) => l.fields['change']),
    ).toEqual(['refresh', 'direction', 'media']);

    // the agent's audio went to the first port, and now goes to the new one the carrier's SDP named (before the
    // customer sends anything from it); the customer's audio from there reaches the agent
    expect(customer.received.filter((p) => p.fromPort === port).length).toBeGreaterThanOrEqual(10);
    await until(
      () => (moved?.received ?? []).filter((p) => p.fromPort === port).length >= 25,
      15_000,
      "the agent's audio at the customer's new port",
    );
    const before = await agentReceived(page, callId);
    moved.talkTo(port);
    await expect.poll(() => agentReceived(page, callId), { timeout: 15_000 }).toBeGreaterThan(before + 20);
    expect(page.isClosed()).toBe(false);

    await page.evaluate((id) => window.agent.hangUp(id), callId);
    await until(() => reported.includes(`${callId} agent-hung-up`), 10_000, 'the agent hung up');
    await until(() => !lab?.pbx?.serverCallMedia(callId), 10_000, 'both legs ended');
  }, 60_000);

  it('a transfer to an outside number: refused by the gate (the agent keeps the call and the reason), then allowed (the customer talks with the number)', async () => {
    if (!customer) throw new Error('no customer');
    const page = lab?.pages[0] as Page;
    const callId = place('+15550100011');
    await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
    const p1 = await customerPortOf(callId);
    customer.talkTo(p1);

    // blocked: REFER refused 403 with the gate's reason, the agent's call goes on, nothing dialled
    const refuse = await page.evaluate(
      (a) =>
        new Promise<{ status: number; reason: string | undefined }>((done) => {
          const c = window.agent.calls().find((x) => x.ringsideCall === a.callId);
          if (!c) return done({ status: 0, reason: undefined });
          void window.agent.referRaw(a.callId, a.to).then(done);
        }),
      { callId, to: `sip:${DNC_NUMBER}@${DOMAIN}` },
    );
    expect(refuse).toEqual({
      status: 403,
      reason: "DNC_GLOBAL: The number is on the company's do-not-call list.",
    });
    expect(dials.filter((d) => d.to === DNC_NUMBER)).toMatchObject([{ agentId: 1 }]);
    expect(reported.filter((r) => r.startsWith(callId) && r.endsWith('hung-up'))).toEqual([]);
    const stillUp = await page.evaluate(() => window.agent.calls());
    expect(stillUp.find((c) => c.ringsideCall === callId)?.state).toBe('Established');

    // allowed: the gate and then the edge decide it as the agent's own dial; the customer hears the number
    const outside = '+15550100018';
    expect(
      await page.evaluate((a) => window.agent.transfer(a.callId, a.to), {
        callId,
        to: `sip:${outside}@${DOMAIN}`,
      }),
    ).toBe(true);
    expect(reported).toContain(`${callId} agent-hung-up`);
    await until(
      () => carrierTrace().some((m) => m.received && m.firstLine.startsWith(`INVITE sip:${outside}@`)),
      15_000,
      'the outside number INVITEd',
    );
    const invite = carrierTrace().find((m) => m.received && m.firstLine.startsWith(`INVITE sip:${outside}@`));
    expect(isCarrierClean(invite?.body ?? '')).toBe(true);
    const p2 = audioPort(invite?.body ?? '');
    expect(dials.filter((d) => d.to === outside).map((d) => [d.agentId, d.attempt ?? null])).toEqual([
      [1, null],
      [1, null],
    ]);
    await until(
      () => (lab?.logLines ?? []).some((l) => l.message === 'dialer: transferred to an outside number'),
      15_000,
      'the outside number answered',
    );
    // the test's socket is both the customer and the number: the customer's voice arrives from rtpengine's port
    // toward the number, the number's voice (sent to that port) from the port toward the customer
    const answeredAt = Date.now();
    const talking = customer;
    talking.talkTo(p2);
    await until(
      () => talking.received.filter((p) => p.fromPort === p2 && p.at > answeredAt).length >= 25,
      15_000,
      "the customer's voice at the number",
    );
    await until(
      () =>
        talking.received.filter((p) => p.fromPort === p1 && p.at > answeredAt && p.ssrc === 0x43555354)
          .length >= 25,
      15_000,
      "the number's voice at the customer",
    );
    await expect
      .poll(
        async () =>
          (await page.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === callId)?.state,
        { timeout: 10_000 },
      )
      .toBe('Terminated');
    expect(reported.filter((r) => r.startsWith(`${callId} `) && r.endsWith('hung-up'))).toEqual([
      `${callId} agent-hung-up`,
    ]);
  }, 60_000);
});
