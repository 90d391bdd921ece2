/**
 * Server-placed calls over real SIP: the Kamailio adapter's dialer (sip.js in Node, authenticated as the dialer)
 * places customer legs through the project's Kamailio with rtpengine in the media path; SIPp is the carrier and
 * the customers behind it (delayed offer; answer after 1 s or 4 s; busy; no answer; failure; the customer hangs
 * up first); two auto-answering sip.js agents in Chromium take the answered customers with real WebRTC media.
 * The PBX events are recorded here (the hub's side of the seam has its own tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { Inviter, UserAgent } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../cti-bridge/src/logger';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { DialRequest, OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { openAgentPage, serveAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { startCarrierLab } from '../support/carrier-lab';
import { logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { type SippRun } from '../support/sipp';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-tests', domain: DOMAIN };
const AGENTS = ['agent-a', 'agent-b'];
const CALLER_ID = '+15550100999';
const DNC = '+15550100771';

let dataDir: string;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let pbx: KamailioPbx | undefined;
let successor: KamailioPbx | undefined;
let browser: Browser | undefined;
let pageServer: Server | undefined;
let ng: RtpengineNg | undefined;
const agents: Page[] = [];
const phones: TestPhone[] = [];
const logLines: { message: string; fields: Record<string, unknown> }[] = [];

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

const capture: Logger = {
  debug: () => undefined,
  info: (message, fields = {}) => logLines.push({ message, fields }),
  warn: (message, fields = {}) => logLines.push({ message, fields }),
  error: (message, fields = {}) => logLines.push({ message, fields }),
};

let seq = 0;
function place(to: string, overrides: Partial<OriginateRequest> = {}): { callId: string; at: number } {
  seq++;
  const request: OriginateRequest = {
    callId: `out-test-${seq}`,
    campaignId: 7,
    leadId: 100 + seq,
    attemptId: 1000 + seq,
    to,
    callerId: CALLER_ID,
    ringTimeoutMs: 15_000,
    agentId: null,
    ...overrides,
  };
  const at = performance.now();
  expect(pbx?.originate(request)).toBe(true);
  return { callId: request.callId, at };
}

/** Calls of the carrier's message trace (SIPp -trace_msg): the requests the carrier received. */
function carrierTrace(): string {
  const file = readdirSync(dataDir).find((name) => name.endsWith('_messages.log'));
  return file ? readFileSync(join(dataDir, file), 'utf8') : '';
}

async function agentCall(page: Page, callId: string) {
  return (await page.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === callId);
}

async function whoHas(callId: string): Promise<Page | undefined> {
  for (const page of agents) if (await agentCall(page, callId)) return page;
  return undefined;
}

/** Packets rtpengine received from each side of the call (customer tag first). */
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

logKamailioOnFailure(() => kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]), 'hung up', JSON.stringify([...hungUp]));
  console.error('bridge log', JSON.stringify(logLines.slice(-30)));
  console.error('sipp errors', sipp?.errors());
  for (const page of agents)
    void page
      .evaluate(() => window.agent.calls())
      .then((c) => console.error('agent calls', JSON.stringify(c)))
      .catch(() => undefined);
});

beforeAll(async () => {
  const lab = await startCarrierLab({
    name: 'ringside-server-calls-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
  });
  ({ dataDir, kam, sipp } = lab);
  const { ngAddress } = lab;
  ng = new RtpengineNg(ngAddress);
  const messageFile = ensureDefaultAbandonMessage(join(dataDir, 'messages', 'abandon.wav'));
  pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: lab.kam.evapiPort },
    log: capture,
    // the law's 2 s window is the default; a loaded 2-core CI box can take longer to get a browser to answer,
    // and the abandoned call here is the one that finds both agents talking, whatever the window
    dialer: {
      ...DIALER,
      wsUri: lab.kam.wsUri,
      rtpengineNg: ngAddress,
      messageFile: () => messageFile,
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
  await pbx?.stop();
  await successor?.stop();
  ng?.close();
  for (const phone of phones) await phone.stop();
  await browser?.close();
  pageServer?.close();
  sipp?.kill();
  await kam?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('server-placed calls through Kamailio and rtpengine', () => {
  it('a predictive burst: every attempt ends with its outcome, the answered ones talk both ways, the third is abandoned with the message', async () => {
    expect(pbx?.capabilities()).toMatchObject({ originate: true, playMessage: true });
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
      const page = await whoHas(call.callId);
      expect(page, `an agent took ${call.callId}`).toBeDefined();
      await expect
        .poll(
          async () => (await page?.evaluate((id) => window.agent.packets(id), call.callId))?.received ?? 0,
          { timeout: 15_000 },
        )
        .toBeGreaterThan(20);
      await expect
        .poll(async () => (await rtpengineCounts(call.callId)).agent, { timeout: 15_000 })
        .toBeGreaterThan(20);
      expect((await rtpengineCounts(call.callId)).customer).toBeGreaterThan(20);
    }

    // nobody was free for the late one: abandoned, and rtpengine played it the message before the hang-up
    await until(() => outcomeOf(late.callId) === 'abandoned', 20_000, 'the late customer abandoned');
    await until(
      () =>
        logLines.some((l) => l.message === 'dialer: message played' && l.fields['callId'] === late.callId),
      10_000,
      'the message played',
    );
    const played = logLines.find(
      (l) => l.message === 'dialer: message played' && l.fields['callId'] === late.callId,
    );
    expect(Number(played?.fields['durationMs'])).toBeGreaterThan(1000);
    await until(() => !pbx?.serverCallMedia(late.callId), 15_000, 'the abandoned call hung up');
    expect(hungUp.has(late.callId)).toBe(false);

    // the agent hangs up first: the customer is hung up too
    const firstAgent = await whoHas(first.callId);
    await firstAgent?.evaluate((id) => window.agent.hangUp(id), first.callId);
    await until(() => hungUp.get(first.callId) === 'agent', 10_000, 'the agent hung up');
    await until(() => !pbx?.serverCallMedia(first.callId), 10_000, 'both legs of the first call ended');

    // a customer who hangs up first (3 s after the answer) reaches the agent that just became free
    const leaves = place('+15550100074');
    await until(() => outcomeOf(leaves.callId) === 'answered', 20_000, 'the leaving customer connected');
    await until(() => hungUp.get(leaves.callId) === 'caller', 15_000, 'the customer hung up');
    const leavingAgent = await whoHas(leaves.callId);
    await expect
      .poll(async () => (await agentCall(leavingAgent as Page, leaves.callId))?.state, { timeout: 10_000 })
      .toBe('Terminated');

    // rung for the campaign's ring time (never less than 15 s), then given up as unanswered
    await until(() => outcomeOf(rings.callId) !== undefined, 25_000, 'the unanswered call given up');
    expect(outcomeOf(rings.callId)).toBe('no-answer');
    expect(progress.get(rings.callId)?.[0]?.progress).toBe('ringing');
    const rang = (progress.get(rings.callId)?.at(-1)?.at ?? 0) - rings.at;
    expect(rang).toBeGreaterThanOrEqual(14_900);

    const secondAgent = await whoHas(second.callId);
    await secondAgent?.evaluate((id) => window.agent.hangUp(id), second.callId);
    await until(() => hungUp.get(second.callId) === 'agent', 10_000, 'the second call ended');

    // what the carrier got: the campaign's caller ID, no Ringside headers, and plain SDP in every ACK
    const trace = carrierTrace();
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
    expect(carrierTrace()).not.toContain(DNC.slice(1));
  });

  it('no one else passes for the dialer: a stranger without its secret and an agent with their own credentials are refused', async () => {
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
    if (!kam || !pbx) throw new Error('not started');
    const ringing = place('+15550100093', { attemptId: 8102 });
    await until(() => progress.get(ringing.callId)?.[0]?.progress === 'ringing', 10_000, 'the call ringing');
    await pbx.stop('crashed');
    pbx = undefined;
    await expect
      .poll(() => /^CANCEL sip:\+15550100093@/m.test(carrierTrace()), { timeout: 15_000 })
      .toBe(true);
    expect(outcomeOf(ringing.callId)).toBeUndefined();

    const closed: { attemptId: number; answeredAt: number | null; endedAt: number }[] = [];
    successor = new KamailioPbx({ evapi: { host: '127.0.0.1', port: kam.evapiPort }, log: capture });
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
