/**
 * Server-placed calls over real SIP: the Kamailio adapter's dialer (sip.js in Node, authenticated as the dialer)
 * places customer legs through the project's Kamailio with rtpengine in the media path; SIPp is the carrier and
 * the customers behind it (delayed offer; answer after 1 s or 4 s; busy; no answer; failure; the customer hangs
 * up first); two auto-answering sip.js agents in Chromium take the answered customers with real WebRTC media.
 * The PBX events are recorded here (the hub's side of the seam has its own tests).
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { Inviter, UserAgent } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import type { DialRequest, OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { carrierTrace, rtpengineCounts } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-tests', domain: DOMAIN };
const AGENTS = ['agent-a', 'agent-b'];
const CALLER_ID = '+15550100999';
const DNC = '+15550100771';

let lab: ServerCallLab | undefined;
let successor: KamailioPbx | undefined;
const phones: TestPhone[] = [];

/** What the adapter reported, per bridge call id. */
const progress = new Map<string, { progress: string; at: number }[]>();
const hungUp = new Map<string, 'caller' | 'agent'>();
const edgeChecks: DialRequest[] = [];
/** The fake hub's floor: which agent a predictive call got, and who is busy. */
const busy = new Map<number, string>();

const record = (callId: string, what: string) => {
  const list = progress.get(callId) ?? [];
  list.push({ progress: what, at: performance.now() });
  progress.set(callId, list);
};
const free = (callId: string) => {
  for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
};
const outcomeOf = (callId: string) => progress.get(callId)?.find((p) => p.progress !== 'ringing')?.progress;

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: (callId) => {
    hungUp.set(callId, 'caller');
    free(callId);
  },
  agentHungUp: (callId) => {
    hungUp.set(callId, 'agent');
    free(callId);
  },
  answered: () => undefined,
  callInProgress: () => undefined,
  ringFailed: () => undefined,
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => {
    edgeChecks.push(request);
    if (request.to === DNC) return { allowed: false, code: 'DNC_GLOBAL', reason: 'on the do-not-call list' };
    return { allowed: true, e164: request.to };
  },
  outboundProgress: (callId, what) => {
    record(callId, what);
    if (what !== 'ringing' && what !== 'answered') free(callId);
  },
  agentForAnswered: (callId, _campaignId, tried) => {
    const agentId = [1, 2].find((id) => !busy.has(id) && !tried.includes(id));
    if (agentId === undefined) return null;
    busy.set(agentId, callId);
    return agentId;
  },
};

function place(to: string, overrides: Partial<OriginateRequest> = {}): { callId: string; at: number } {
  const at = performance.now();
  return { callId: lab?.place(to, overrides) ?? '', at };
}

const logLines = () => lab?.logLines ?? [];
const carrierSaw = () => (lab ? carrierTrace(lab.dataDir) : '');
const counts = (callId: string) =>
  lab ? rtpengineCounts(lab.pbx, lab.ng, callId) : Promise.resolve({ customer: 0, agent: 0 });

async function agentCall(page: Page, callId: string) {
  return (await page.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === callId);
}

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]), 'hung up', JSON.stringify([...hungUp]));
  lab?.report();
  for (const page of lab?.pages ?? [])
    void page
      .evaluate(() => window.agent.calls())
      .then((c) => console.error('agent calls', JSON.stringify(c)))
      .catch(() => undefined);
});

beforeAll(async () => {
  lab = await startServerCallLab({
    name: 'ringside-server-calls-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    events,
    // the law's 2 s window is the default; a loaded 2-core CI box can take longer to get a browser to answer,
    // and the abandoned call here is the one that finds both agents talking, whatever the window
    dialerOptions: () => ({ connectWindowMs: 5000 }),
    calls: { callPrefix: 'out-test', attemptBase: 1000 },
  });
}, 90_000);

afterAll(async () => {
  await successor?.stop();
  for (const phone of phones) await phone.stop();
  await lab?.stop();
});

describe('server-placed calls through Kamailio and rtpengine', () => {
  it('a predictive burst: every attempt ends with its outcome, the answered ones talk both ways, the third is abandoned with the message', async () => {
    expect(lab?.pbx?.capabilities()).toMatchObject({ originate: true, playMessage: true });
    const first = place('+15550100011');
    const second = place('+15550100021');
    const late = place('+15550100036'); // answers after 4 s, when both agents talk
    const isBusy = place('+15550100042');
    const fails = place('+15550100055');
    const rings = place('+15550100063');

    await until(
      () => outcomeOf(first.callId) === 'answered' && outcomeOf(second.callId) === 'answered',
      20_000,
      'two customers connected',
    );
    expect(new Set([...busy.keys()])).toEqual(new Set([1, 2]));
    await until(
      () => outcomeOf(isBusy.callId) !== undefined && outcomeOf(fails.callId) !== undefined,
      10_000,
      'busy and failed',
    );
    expect(outcomeOf(isBusy.callId)).toBe('busy');
    expect(outcomeOf(fails.callId)).toBe('failed');

    // audio both ways on each connected call: the agent's browser receives the customer and sends its own,
    // and rtpengine relays packets from both sides
    for (const call of [first, second]) {
      const page = await lab?.whoHas(call.callId);
      expect(page, `an agent took ${call.callId}`).toBeDefined();
      await expect
        .poll(
          async () => (await page?.evaluate((id) => window.agent.packets(id), call.callId))?.received ?? 0,
          { timeout: 15_000 },
        )
        .toBeGreaterThan(20);
      await expect
        .poll(async () => (await counts(call.callId)).agent, { timeout: 15_000 })
        .toBeGreaterThan(20);
      expect((await counts(call.callId)).customer).toBeGreaterThan(20);
    }

    // nobody was free for the late one: abandoned, and rtpengine played it the message before the hang-up
    await until(() => outcomeOf(late.callId) === 'abandoned', 20_000, 'the late customer abandoned');
    await until(
      () =>
        logLines().some((l) => l.message === 'dialer: message played' && l.fields['callId'] === late.callId),
      10_000,
      'the message played',
    );
    const played = logLines().find(
      (l) => l.message === 'dialer: message played' && l.fields['callId'] === late.callId,
    );
    expect(Number(played?.fields['durationMs'])).toBeGreaterThan(1000);
    await until(() => !lab?.pbx?.serverCallMedia(late.callId), 15_000, 'the abandoned call hung up');
    expect(hungUp.has(late.callId)).toBe(false);

    // the agent hangs up first: the customer is hung up too
    const firstAgent = await lab?.whoHas(first.callId);
    await firstAgent?.evaluate((id) => window.agent.hangUp(id), first.callId);
    await until(() => hungUp.get(first.callId) === 'agent', 10_000, 'the agent hung up');
    await until(() => !lab?.pbx?.serverCallMedia(first.callId), 10_000, 'both legs of the first call ended');

    // a customer who hangs up first (3 s after the answer) reaches the agent that just became free
    const leaves = place('+15550100074');
    await until(() => outcomeOf(leaves.callId) === 'answered', 20_000, 'the leaving customer connected');
    await until(() => hungUp.get(leaves.callId) === 'caller', 15_000, 'the customer hung up');
    const leavingAgent = await lab?.whoHas(leaves.callId);
    await expect
      .poll(async () => (await agentCall(leavingAgent as Page, leaves.callId))?.state, { timeout: 10_000 })
      .toBe('Terminated');

    // rung for the campaign's ring time (never less than 15 s), then given up as unanswered
    await until(() => outcomeOf(rings.callId) !== undefined, 25_000, 'the unanswered call given up');
    expect(outcomeOf(rings.callId)).toBe('no-answer');
    expect(progress.get(rings.callId)?.[0]?.progress).toBe('ringing');
    const rang = (progress.get(rings.callId)?.at(-1)?.at ?? 0) - rings.at;
    expect(rang).toBeGreaterThanOrEqual(14_900);

    const secondAgent = await lab?.whoHas(second.callId);
    await secondAgent?.evaluate((id) => window.agent.hangUp(id), second.callId);
    await until(() => hungUp.get(second.callId) === 'agent', 10_000, 'the second call ended');

    // what the carrier got: the campaign's caller ID, no Ringside headers, and plain SDP in every ACK
    const trace = carrierSaw();
    const invites = trace.split(/\n(?=-{5,})/).filter((m) => /^INVITE sip:/m.test(m));
    expect(invites.length).toBeGreaterThanOrEqual(7);
    for (const invite of invites) {
      expect(invite).toMatch(new RegExp(`^From: .*sip:\\${CALLER_ID}@`, 'mi'));
      expect(invite).not.toMatch(/^X-Ringside-/im);
    }
    const acks = trace.split(/\n(?=-{5,})/).filter((m) => /^ACK sip:/m.test(m) && /m=audio/.test(m));
    expect(acks.length).toBeGreaterThanOrEqual(4);
    for (const ack of acks)
      expect(ack).not.toMatch(/^a=(msid|ssrc|fingerprint|ice-ufrag|candidate|extmap|setup|mid)/m);
  }, 75_000);

  it('the edge refuses a do-not-call number even when the bridge itself asks, and tells the gate which attempt it is', async () => {
    const blocked = place(DNC, { agentId: 2, campaignId: 9, leadId: 55, attemptId: 555 });
    await until(() => outcomeOf(blocked.callId) !== undefined, 10_000, 'the refused call');
    expect(outcomeOf(blocked.callId)).toBe('failed');
    expect(edgeChecks.find((c) => c.callId === blocked.callId)).toMatchObject({
      byServer: true,
      agentId: 2,
      attempt: { campaignId: 9, leadId: 55, attemptId: 555 },
    });
    expect(carrierSaw()).not.toContain(DNC.slice(1));
  });

  it('no one else passes for the dialer: a stranger without its secret and an agent with their own credentials are refused', async () => {
    const kam = lab?.kam;
    if (!kam) throw new Error('no Kamailio');
    const stranger = createTestPhone({ wsUri: kam.wsUri, aor: `sip:+15550100888@${DOMAIN}` });
    const agent = createTestPhone({
      wsUri: kam.wsUri,
      aor: `sip:${AGENTS[0]}@${DOMAIN}`,
      authorizationUsername: AGENTS[0],
      password: 'pw',
    });
    phones.push(stranger, agent);
    for (const phone of [stranger, agent]) {
      await phone.ua.start();
      const status = await new Promise<number>((done) => {
        const inviter = new Inviter(phone.ua, pbxUri('+15550100011'), {
          extraHeaders: ['X-Ringside-Dialer: 1', 'X-Ringside-Leg: customer', 'X-Ringside-Attempt: 7;1;1'],
        });
        void inviter
          .invite({
            requestDelegate: { onReject: (r) => done(r.message.statusCode ?? 0), onAccept: () => done(200) },
          })
          .catch(() => done(-1));
      });
      expect([401, 403, 407]).toContain(status);
    }
    expect(kam.log()).toMatch(/DIALER: credentials of agent-a are not the dialer's/);
  });

  it('a bridge that dies: Kamailio cancels the customer leg still ringing, and the next bridge closes that attempt once', async () => {
    const kam = lab?.kam;
    const pbx = lab?.pbx;
    if (!kam || !pbx || !lab) throw new Error('not started');
    const ringing = place('+15550100093', { attemptId: 8102 });
    await until(() => progress.get(ringing.callId)?.[0]?.progress === 'ringing', 10_000, 'the call ringing');
    await pbx.stop('crashed');
    lab.pbx = undefined;
    await expect.poll(() => /^CANCEL sip:\+15550100093@/m.test(carrierSaw()), { timeout: 15_000 }).toBe(true);
    expect(outcomeOf(ringing.callId)).toBeUndefined();

    const closed: { attemptId: number; answeredAt: number | null; endedAt: number }[] = [];
    successor = new KamailioPbx({ evapi: { host: '127.0.0.1', port: kam.evapiPort }, log: lab.log });
    await successor.start(
      { ...events, placedCallEnded: (ended) => closed.push(ended) },
      {
        agentIdOf: (user) => AGENTS.indexOf(user) + 1 || null,
        sipUsernameOf: (agentId) => AGENTS[agentId - 1] ?? null,
      },
    );
    await until(() => closed.some((c) => c.attemptId === 8102), 15_000, 'the end told to the next bridge');
    expect(closed.filter((c) => c.attemptId === 8102)).toHaveLength(1);
    expect(closed.find((c) => c.attemptId === 8102)?.answeredAt).toBeNull();
  }, 45_000);
});

function pbxUri(user: string) {
  const uri = UserAgent.makeURI(`sip:${user}@${DOMAIN}`);
  if (!uri) throw new Error(user);
  return uri;
}
