/**
 * No server-placed call left half set up after any failure: each party leaves at each step — the customer (SIPp)
 * declines while ringing, hangs up the instant they are connected, hangs up while talking; the agent's phone
 * rejects while ringing, dies while ringing, answers and hangs up at once, hangs up while talking, dies while
 * talking (no BYE: the bridge's keepalive finds it); the carrier itself vanishes (SIPp killed -9, no BYE) with a
 * customer ringing, one talking and one whose agent's leg is being set up (the customer leg's keepalive finds the
 * connected ones, the ring time ends the ringing one); and the bridge itself is killed (kill -9) while talking.
 * Each time both legs end, rtpengine no longer lists the call, and the attempt's outcome is reported once.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Invitation } from 'sip.js';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../cti-bridge/src/logger';
import { toneWav } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startCarrierLab } from '../support/carrier-lab';
import type { DialerChildMessage, DialerChildOptions } from '../support/dialer-bridge-child';
import { logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { type SippRun } from '../support/sipp';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-failures.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-failures', domain: DOMAIN };
const AGENTS = Array.from({ length: 12 }, (_, i) => `fail-agent-${i + 1}`);
const CHILD = join(import.meta.dirname, '../support/dialer-bridge-child.ts');

let dataDir: string;
let messageFile: string;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let restartSipp: (() => SippRun) | undefined;
let pbx: KamailioPbx | undefined;
let successor: KamailioPbx | undefined;
let child: ChildProcess | undefined;
let ng: RtpengineNg | undefined;
const phones: TestPhone[] = [];

const progress = new Map<string, string[]>();
const hungUp = new Map<string, string[]>();
const push = (map: Map<string, string[]>, key: string, value: string) =>
  map.set(key, [...(map.get(key) ?? []), value]);
const outcomes = (callId: string) => (progress.get(callId) ?? []).filter((p) => p !== 'ringing');

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: (callId) => push(hungUp, callId, 'caller'),
  agentHungUp: (callId) => push(hungUp, callId, 'agent'),
  answered: () => undefined,
  callInProgress: () => undefined,
  ringFailed: () => undefined,
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => push(progress, callId, what),
  // nobody else is free: an agent who fails their call leaves it to the message
  agentForAnswered: () => null,
};
const directory = {
  agentIdOf: (user: string) => AGENTS.indexOf(user) + 1 || null,
  sipUsernameOf: (agentId: number) => AGENTS[agentId - 1] ?? null,
};
const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The carrier's side of a SIP call, from SIPp's message traces (one per SIPp run): the messages naming that Call-ID. */
function carrierMessages(sipCallId: string): string[] {
  const traces = readdirSync(dataDir).filter((name) => name.endsWith('_messages.log'));
  return traces
    .flatMap((file) => readFileSync(join(dataDir, file), 'utf8').split(/\n(?=-{5,})/))
    .filter((m) => m.includes(`Call-ID: ${sipCallId}`));
}

/** The carrier (SIPp, every customer) vanishes: killed -9, no BYE, no CANCEL answered, nothing more. */
async function carrierDies(): Promise<void> {
  const run = sipp;
  run?.kill();
  await run?.exited;
}

/** The customer's leg is over at the carrier: a BYE either way, or a final failure of the INVITE. */
const customerLegOver = (sipCallId: string) =>
  carrierMessages(sipCallId).some((m) => /^BYE sip:/m.test(m) || /^SIP\/2\.0 [3-6]\d\d /m.test(m));

async function rtpengineCalls(): Promise<string[]> {
  const reply = await ng?.command({ command: 'list', limit: 1000 });
  return ((reply?.['calls'] ?? []) as unknown[]).map(String);
}

async function waitMediaGone(sipCallId: string): Promise<void> {
  const end = Date.now() + 15_000;
  while ((await rtpengineCalls()).includes(sipCallId)) {
    if (Date.now() > end) throw new Error(`rtpengine still lists ${sipCallId}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

type AgentMove = 'answer' | 'reject' | 'die-ringing' | 'answer-and-hang-up' | 'answer-once-carrier-died';

/** A registered Node sip.js phone for agent `n` (1-based) that does `move` with the call it gets. */
async function agentPhone(n: number, move: AgentMove): Promise<{ phone: TestPhone; calls: Invitation[] }> {
  if (!kam) throw new Error('no Kamailio');
  const user = AGENTS[n - 1] ?? '';
  const phone = createTestPhone({
    wsUri: kam.wsUri,
    aor: `sip:${user}@${DOMAIN}`,
    authorizationUsername: user,
    password: 'pw',
  });
  phones.push(phone);
  await phone.register();
  phone.mode = 'ignore';
  const calls: Invitation[] = [];
  const recordInvite = phone.ua.delegate?.onInvite;
  phone.ua.delegate = {
    onInvite: (invitation) => {
      recordInvite?.(invitation);
      calls.push(invitation);
      if (move === 'reject') void invitation.reject({ statusCode: 486 }).catch(() => undefined);
      if (move === 'die-ringing') void phone.ua.transport.disconnect().catch(() => undefined);
      if (move === 'answer') void invitation.accept().catch(() => undefined);
      // the customer vanishes while their agent's leg is being set up (answered, not yet ACKed)
      if (move === 'answer-once-carrier-died')
        void carrierDies()
          .then(() => invitation.accept())
          .catch(() => undefined);
      if (move === 'answer-and-hang-up') {
        invitation.stateChange.addListener((state) => {
          if (state === SessionState.Established) void invitation.bye().catch(() => undefined);
        });
        void invitation.accept().catch(() => undefined);
      }
    },
  };
  return { phone, calls };
}

let seq = 0;
function request(agentId: number, to: string): OriginateRequest {
  seq++;
  return {
    callId: `fail-${seq}`,
    campaignId: 3,
    leadId: 300 + seq,
    attemptId: 3000 + seq,
    to,
    callerId: '+15550100999',
    ringTimeoutMs: 15_000,
    agentId,
  };
}

logKamailioOnFailure(() => kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]), 'hung up', JSON.stringify([...hungUp]));
  console.error('sipp errors', sipp?.errors());
});

beforeAll(async () => {
  const lab = await startCarrierLab({
    name: 'ringside-server-failures-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
  });
  ({ dataDir, kam, sipp, restartSipp } = lab);
  const { ngAddress } = lab;
  ng = new RtpengineNg(ngAddress);
  messageFile = join(dataDir, 'abandon.wav');
  writeFileSync(messageFile, toneWav());
  pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: lab.kam.evapiPort },
    log: quiet,
    dialer: {
      ...DIALER,
      wsUri: lab.kam.wsUri,
      rtpengineNg: ngAddress,
      messageFile: () => messageFile,
      // a loaded CI box may take a while to answer; the abandon rows wait the whole window anyway
      connectWindowMs: 3000,
      keepaliveMs: 1000,
      // the customer's keepalive: every second, gone after 4 s without a reply (production: 30 s and 8 s)
      customerKeepaliveMs: 1000,
      keepaliveReplyMs: 4000,
    },
  });
  await pbx.start(events, directory);
  await until(() => Boolean(pbx?.isConnected() && pbx.dialerConnected()), 15_000, 'the dialer connected');
}, 60_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  await pbx?.stop();
  await successor?.stop();
  ng?.close();
  for (const phone of phones) await phone.stop();
  sipp?.kill();
  await kam?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Row {
  step: string;
  /** The customer's number: its last digit is what SIPp's customer does (uas-carrier-failures.xml). */
  to: string;
  agent: AgentMove | 'die-talking' | 'hang-up-talking';
  outcome: string;
  /** Who the bridge reports hung up (the PBX event), or none. */
  hungUpBy: 'caller' | 'agent' | null;
  /** The agent's phone rang. */
  rang: boolean;
}

const rows: Row[] = [
  {
    step: 'customer declines while ringing',
    to: '+15550100117',
    agent: 'answer',
    outcome: 'failed',
    hungUpBy: null,
    rang: false,
  },
  {
    step: 'customer hangs up the instant they are connected',
    to: '+15550100128',
    agent: 'answer',
    outcome: 'answered',
    hungUpBy: 'caller',
    rang: true,
  },
  {
    step: 'customer hangs up while talking',
    to: '+15550100134',
    agent: 'answer',
    outcome: 'answered',
    hungUpBy: 'caller',
    rang: true,
  },
  {
    step: 'agent rejects while ringing',
    to: '+15550100141',
    agent: 'reject',
    outcome: 'abandoned',
    hungUpBy: null,
    rang: true,
  },
  {
    step: 'agent phone dies while ringing',
    to: '+15550100151',
    agent: 'die-ringing',
    outcome: 'abandoned',
    hungUpBy: null,
    rang: true,
  },
  {
    step: 'agent answers and hangs up at once',
    to: '+15550100161',
    agent: 'answer-and-hang-up',
    outcome: 'answered',
    hungUpBy: 'agent',
    rang: true,
  },
  {
    step: 'agent hangs up while talking',
    to: '+15550100171',
    agent: 'hang-up-talking',
    outcome: 'answered',
    hungUpBy: 'agent',
    rang: true,
  },
  {
    step: 'agent phone dies while talking (no BYE)',
    to: '+15550100181',
    agent: 'die-talking',
    outcome: 'answered',
    hungUpBy: 'agent',
    rang: true,
  },
];

describe('server-placed calls: no call left half set up when a party leaves at any step', () => {
  it.each(rows.map((row, i) => ({ ...row, n: i + 1 })))(
    '$step',
    async (row) => {
      const move: AgentMove =
        row.agent === 'die-talking' || row.agent === 'hang-up-talking' ? 'answer' : row.agent;
      const { phone, calls } = await agentPhone(row.n, move);
      const placed = request(row.n, row.to);
      expect(pbx?.originate(placed)).toBe(true);
      const sipCallId = pbx?.serverCallMedia(placed.callId)?.callId ?? '';
      expect(sipCallId).not.toBe('');

      if (row.agent === 'die-talking' || row.agent === 'hang-up-talking') {
        await until(() => outcomes(placed.callId).length > 0, 15_000, 'the customer connected');
        await until(
          () => calls[0]?.state === SessionState.Established,
          10_000,
          "the agent's leg established",
        );
        if (row.agent === 'hang-up-talking') await calls[0]?.bye();
        else await phone.ua.transport.disconnect();
      }

      await until(() => outcomes(placed.callId).length > 0, 20_000, 'the outcome');
      await until(() => !pbx?.serverCallMedia(placed.callId), 20_000, 'the bridge done with the call');
      await until(() => customerLegOver(sipCallId), 10_000, "the customer's leg over at the carrier");
      await waitMediaGone(sipCallId);
      expect(calls.length > 0).toBe(row.rang);
      if (row.agent !== 'die-ringing' && row.agent !== 'die-talking' && calls[0])
        await until(() => calls[0]?.state === SessionState.Terminated, 10_000, "the agent's leg over");

      // reported once, and only what happened
      expect(outcomes(placed.callId)).toEqual([row.outcome]);
      expect(hungUp.get(placed.callId) ?? []).toEqual(row.hungUpBy ? [row.hungUpBy] : []);
    },
    40_000,
  );

  it('the customer vanishes without a BYE (SIPp killed -9) while ringing, during the agent leg setup and while talking: each call ends once with its outcome', async () => {
    const { calls: talkingLeg } = await agentPhone(10, 'answer');
    const { calls: setupLeg } = await agentPhone(11, 'answer-once-carrier-died');
    const ringing = request(9, '+15550100193');
    const talking = request(10, '+15550100201');
    const setup = request(11, '+15550100211');
    try {
      expect(pbx?.originate(ringing)).toBe(true);
      expect(pbx?.originate(talking)).toBe(true);
      const ids = new Map(
        [ringing, talking].map((r) => [r.callId, pbx?.serverCallMedia(r.callId)?.callId ?? '']),
      );
      await until(() => outcomes(talking.callId).length > 0, 15_000, 'the talking customer connected');
      await until(() => talkingLeg[0]?.state === SessionState.Established, 10_000, "the talking agent's leg");
      await until(
        () => (progress.get(ringing.callId) ?? []).includes('ringing'),
        10_000,
        'the other one ringing',
      );
      // the third customer answers; their agent's phone kills the carrier when it rings, then answers
      expect(pbx?.originate(setup)).toBe(true);
      ids.set(setup.callId, pbx?.serverCallMedia(setup.callId)?.callId ?? '');
      await until(
        () => sipp?.exited !== undefined && setupLeg.length > 0,
        15_000,
        "the setup agent's phone rang",
      );
      await sipp?.exited;

      for (const [placed, outcome, hungUpBy] of [
        [talking, 'answered', 'caller'],
        [setup, 'answered', 'caller'],
        [ringing, 'no-answer', null],
      ] as const) {
        await until(() => outcomes(placed.callId).length > 0, 25_000, `the outcome of ${placed.callId}`);
        await until(
          () => !pbx?.serverCallMedia(placed.callId),
          25_000,
          `the bridge done with ${placed.callId}`,
        );
        await waitMediaGone(ids.get(placed.callId) ?? '');
        // reported once, and only what happened
        expect(outcomes(placed.callId)).toEqual([outcome]);
        expect(hungUp.get(placed.callId) ?? []).toEqual(hungUpBy ? [hungUpBy] : []);
      }
      // both agents' legs were ended by the bridge
      await until(
        () => talkingLeg[0]?.state === SessionState.Terminated,
        10_000,
        "the talking agent's leg over",
      );
      await until(() => setupLeg[0]?.state === SessionState.Terminated, 10_000, "the setup agent's leg over");
    } finally {
      await carrierDies();
      sipp = restartSipp?.();
    }
  }, 60_000);

  it('the bridge is killed (kill -9) while talking: Kamailio ends both legs, the next bridge closes the attempt once and frees the media', async () => {
    if (!kam?.rtpengineNg) throw new Error('not started');
    // one bridge per Kamailio: this file's own steps aside for the one that will die
    await pbx?.stop();
    pbx = undefined;
    const n = AGENTS.length;
    const { calls } = await agentPhone(n, 'answer');
    const options: DialerChildOptions = {
      evapiPort: kam.evapiPort,
      dialer: {
        ...DIALER,
        wsUri: kam.wsUri,
        rtpengineNg: kam.rtpengineNg,
        messageFile,
        connectWindowMs: 3000,
      },
      agents: AGENTS,
    };
    const said: DialerChildMessage[] = [];
    child = fork(CHILD, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const forked = child;
    forked.on('message', (message: DialerChildMessage) => said.push(message));
    await until(() => said.some((m) => m.type === 'ready'), 30_000, 'the child bridge ready');
    const placed = request(n, '+15550100191');
    forked.send({ type: 'originate', request: placed });
    await until(() => said.some((m) => m.type === 'media'), 20_000, 'the call answered by the child bridge');
    await until(() => calls[0]?.state === SessionState.Established, 10_000, "the agent's leg established");
    const media = said.find((m) => m.type === 'media');
    const sipCallId = media?.type === 'media' ? media.sipCallId : '';
    expect((await rtpengineCalls()).includes(sipCallId)).toBe(true);

    process.kill(forked.pid ?? 0, 'SIGKILL');
    await until(
      () => forked.exitCode !== null || forked.signalCode !== null,
      10_000,
      'the child bridge dead',
    );
    await until(() => customerLegOver(sipCallId), 15_000, 'Kamailio ended the customer leg');
    expect(carrierMessages(sipCallId).some((m) => /^BYE sip:/m.test(m))).toBe(true);
    await until(() => calls[0]?.state === SessionState.Terminated, 15_000, "Kamailio ended the agent's leg");

    const closed: { attemptId: number; answeredAt: number | null }[] = [];
    successor = new KamailioPbx({
      evapi: { host: '127.0.0.1', port: kam.evapiPort },
      log: quiet,
      dialer: { ...DIALER, wsUri: kam.wsUri, rtpengineNg: kam.rtpengineNg, messageFile: () => messageFile },
    });
    await successor.start({ ...events, placedCallEnded: (ended) => closed.push(ended) }, directory);
    await until(
      () => closed.some((c) => c.attemptId === placed.attemptId),
      15_000,
      'the end told to the next bridge',
    );
    expect(closed.find((c) => c.attemptId === placed.attemptId)?.answeredAt).not.toBeNull();
    await waitMediaGone(sipCallId);
    expect(closed.filter((c) => c.attemptId === placed.attemptId)).toHaveLength(1);
  }, 60_000);
});
