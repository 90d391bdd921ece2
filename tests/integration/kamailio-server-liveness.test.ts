/**
 * An agent's machine that vanishes mid-call (power cut, network gone): no BYE, no WebSocket close — the agent's
 * phone (sip.js in Node) reaches Kamailio through a TCP relay that stops carrying bytes without closing anything.
 * The bridge's in-dialog INFO on the agent leg gets no reply and finds it within its period plus its reply wait
 * (not Kamailio's own timers); the hub is told the agent hung up, once; the customer hears the campaign's message
 * and is hung up; rtpengine no longer lists the call. The customer keepalive runs with its default (30 s): the
 * carrier answers INFO. Real Kamailio + rtpengine, SIPp as the carrier.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { SessionState } from 'sip.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { carrierMessages } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-failures.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-liveness', domain: DOMAIN };
const AGENTS = ['live-agent-1'];
/** The agent leg's check: an INFO every 2 s, gone after 2 s without a reply (production: 5 s and 4 s). */
const KEEPALIVE_MS = 2000;
const REPLY_MS = 2000;

let lab: ServerCallLab | undefined;
let relay: TcpRelay | undefined;
const phones: TestPhone[] = [];
const progress = new Map<string, string[]>();
const hungUp = new Map<string, string[]>();
const reportedAt = new Map<string, number>();
const push = (map: Map<string, string[]>, key: string, value: string) =>
  map.set(key, [...(map.get(key) ?? []), value]);

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: (callId) => push(hungUp, callId, 'caller'),
  agentHungUp: (callId) => {
    reportedAt.set(callId, performance.now());
    push(hungUp, callId, 'agent');
  },
  answered: () => undefined,
  callInProgress: () => undefined,
  ringFailed: () => undefined,
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => push(progress, callId, what),
  agentForAnswered: () => null,
};

async function rtpengineLists(sipCallId: string): Promise<boolean> {
  const reply = await lab?.ng.command({ command: 'list', limit: 1000 });
  return ((reply?.['calls'] ?? []) as unknown[]).map(String).includes(sipCallId);
}

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('progress', JSON.stringify([...progress]), 'hung up', JSON.stringify([...hungUp]));
  lab?.report();
});

beforeAll(async () => {
  lab = await startServerCallLab({
    name: 'ringside-server-liveness-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    events,
    browserAgents: false,
    // the customer keepalive is left at its default (on, 30 s)
    dialerOptions: () => ({
      connectWindowMs: 5000,
      keepaliveMs: KEEPALIVE_MS,
      agentKeepaliveReplyMs: REPLY_MS,
    }),
    calls: { callPrefix: 'live', attemptBase: 5000 },
  });
}, 60_000);

afterAll(async () => {
  // the relay first: the phone's connection then closes and its stop does not wait on a vanished network
  await relay?.stop();
  for (const phone of phones) await phone.stop().catch(() => undefined);
  await lab?.stop();
});

describe("an agent's machine that vanishes without closing its connection", () => {
  it('is found by the agent leg keepalive within its period plus its reply wait; the customer hears the message and is hung up; reported once', async () => {
    if (!lab) throw new Error('no lab');
    const wsPort = Number(new URL(lab.kam.wsUri).port);
    relay = await startTcpRelay({ host: '127.0.0.1', port: wsPort });
    const user = AGENTS[0] ?? '';
    const phone = createTestPhone({
      wsUri: `ws://127.0.0.1:${relay.port}`,
      aor: `sip:${user}@${DOMAIN}`,
      authorizationUsername: user,
      password: 'pw',
    });
    phones.push(phone);
    await phone.register();

    const callId = lab.place('+15550100191', { agentId: 1 });
    const sipCallId = lab.pbx?.serverCallMedia(callId)?.callId ?? '';
    await until(() => progress.get(callId)?.includes('answered') === true, 20_000, 'the customer connected');
    await until(
      () => [...phone.sessions.values()].some((s) => s.state === SessionState.Established),
      10_000,
      "the agent's leg established",
    );
    const vanishedAt = performance.now();
    relay.vanish();

    await until(() => reportedAt.has(callId), 20_000, 'the vanished agent found');
    const foundMs = (reportedAt.get(callId) ?? 0) - vanishedAt;
    const gone = lab.logLines.find(
      (l) => l.message === 'dialer: agent phone gone' && l.fields['callId'] === callId,
    );
    // found by the bridge's own reply wait, not a reply from Kamailio's transaction timer (408 after 30 s)
    expect(gone?.fields['why']).toBe('no reply');
    // within one period plus the reply wait (measured: the report in the README)
    console.info(
      `vanished agent found after ${Math.round(foundMs)} ms (period ${KEEPALIVE_MS}, wait ${REPLY_MS})`,
    );
    expect(foundMs / (KEEPALIVE_MS + REPLY_MS)).toBeLessThan(1.5);

    // the customer hears the campaign's message, then the bridge hangs up
    await until(
      () =>
        lab?.logLines.some((l) => l.message === 'dialer: message played' && l.fields['callId'] === callId) ===
        true,
      15_000,
      'the message played',
    );
    await until(() => !lab?.pbx?.serverCallMedia(callId), 20_000, 'the bridge done with the call');
    await until(
      () =>
        carrierMessages(lab?.dataDir ?? '').some(
          (m) => /^BYE sip:/m.test(m) && m.includes(`Call-ID: ${sipCallId}`),
        ),
      10_000,
      "the customer's BYE",
    );
    await until(async () => !(await rtpengineLists(sipCallId)), 15_000, 'rtpengine done with the call');

    // told once: the agent's side ended; the customer did not hang up; the attempt answered
    expect(hungUp.get(callId)).toEqual(['agent']);
    expect((progress.get(callId) ?? []).filter((p) => p !== 'ringing')).toEqual(['answered']);
  }, 60_000);
});
