import { createServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../cti-bridge/src/logger';
import type { DialDecision, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { encodeNetstring, NetstringDecoder } from '../../cti-bridge/src/pbx/kamailio/netstring';
import { until } from '../support/until';

/** The adapter against a fake evapi listener: what Kamailio would send in, which decisions come out. */
let server: ReturnType<typeof createServer>;
let kamailio: Socket | null;
let decisions: Record<string, unknown>[];
let calls: string[];
let arrivals: number[];
let pbx: KamailioPbx;
let onInbound: (callId: string) => void;
let onTransfer: (callId: string, agentId: number) => void;
let dialDecision: DialDecision;

const agents: Record<string, number> = { agent1: 1, agent2: 2 };

beforeEach(async () => {
  decisions = [];
  calls = [];
  arrivals = [];
  kamailio = null;
  onInbound = () => undefined;
  onTransfer = () => undefined;
  dialDecision = { allowed: true, e164: '+13104567891' };
  server = createServer((socket) => {
    kamailio = socket;
    // as kamailio.cfg does after telling a new bridge what it holds (here: nothing)
    socket.write(encodeNetstring(JSON.stringify({ event: 'synced' })));
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) if (item.ok) decisions.push(JSON.parse(item.payload));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  pbx = new KamailioPbx({ evapi: { host: '127.0.0.1', port }, log: createLogger('silent'), now: () => 1000 });
  const events: PbxEvents = {
    inboundCall: (call) => {
      arrivals.push(call.at);
      calls.push(`inbound ${call.callId} from=${call.from} to=${call.to}`);
      onInbound(call.callId);
    },
    transferredCall: (call) => {
      calls.push(`transfer ${call.callId} of ${call.fromCallId} to ${call.agentId} ${call.kind}`);
      onTransfer(call.callId, call.agentId);
    },
    callInProgress: (call) => calls.push(`inProgress ${call.callId} ${call.agentId} at=${call.answeredAt}`),
    phoneBusy: (agentId, callId) => calls.push(`busy ${agentId} ${callId}`),
    phoneFree: (agentId, callId) => calls.push(`free ${agentId} ${callId}`),
    callerHungUp: (callId, at) => calls.push(`callerHungUp ${callId} at=${at}`),
    agentHungUp: (callId, at) => calls.push(`agentHungUp ${callId} at=${at}`),
    answered: (callId, agentId) => calls.push(`answered ${callId} ${agentId}`),
    ringFailed: (callId, agentId, reason) => calls.push(`ringFailed ${callId} ${agentId} ${reason}`),
    outboundProgress: (callId, progress) => calls.push(`progress ${callId} ${progress}`),
    dialRequested: (request) => {
      calls.push(`dial ${request.agentId} ${request.to}`);
      return dialDecision;
    },
  };
  await pbx.start(events, {
    agentIdOf: (user) => agents[user] ?? null,
    sipUsernameOf: (id) => Object.keys(agents).find((user) => agents[user] === id) ?? null,
  });
  await until(() => kamailio !== null && pbx.isConnected());
});

afterEach(async () => {
  await pbx.stop();
  kamailio?.destroy();
  await new Promise<void>((done) => server.close(() => done()));
});

function send(event: Record<string, unknown>): void {
  kamailio?.write(encodeNetstring(JSON.stringify(event)));
}

const offer = (callid: string, extra: Record<string, unknown> = {}) => ({
  event: 'offer',
  callid,
  tindex: 1,
  tlabel: 100,
  service: '+18005550101',
  from: 'sip:2125550123@trunk.example',
  ...extra,
});

describe('KamailioPbx', () => {
  it('reports an offer (PAI before From) and routes the ring to the agent with the ring timeout', async () => {
    send(offer('c1', { pai: '<sip:+12125550123@trunk.example>' }));
    await until(() => calls.length === 1);
    expect(calls[0]).toBe('inbound c1 from=<sip:+12125550123@trunk.example> to=+18005550101');
    pbx.ringAgent('c1', 1, 15_000);
    await until(() => decisions.length === 1);
    expect(decisions[0]).toEqual({
      action: 'route',
      tindex: 1,
      tlabel: 100,
      target: 'agent1',
      ring_ms: 15_000,
    });
  });

  it('rejects with 404 a call the bridge refuses while taking the offer (unknown service number)', async () => {
    onInbound = (callId) => pbx.hangup(callId);
    send(offer('c2'));
    await until(() => decisions.length === 1);
    expect(decisions[0]).toMatchObject({ action: 'reject', code: 404, tindex: 1, tlabel: 100 });
  });

  it('reports ring-no-answer, and sends a ring decided meanwhile once Kamailio re-suspends the call', async () => {
    send(offer('c3'));
    await until(() => calls.length === 1);
    pbx.ringAgent('c3', 1, 5000);
    send({
      event: 'ring-failed',
      callid: 'c3',
      tindex: 7,
      tlabel: 700,
      agent: 'agent1',
      reason: 'no-answer',
      code: 408,
    });
    await until(() => calls.length === 2);
    expect(calls[1]).toBe('ringFailed c3 1 no-answer');

    pbx.ringAgent('c3', 2, 5000);
    pbx.stopRinging('c3', 2); // the console took the offer back while agent2's phone still rang
    pbx.ringAgent('c3', 1, 5000); // not sent yet: the transaction is not suspended
    await new Promise((done) => setTimeout(done, 30));
    expect(decisions.map((d) => d['target'])).toEqual(['agent1', 'agent2']);
    send({ event: 'ring-failed', callid: 'c3', tindex: 8, tlabel: 800, agent: 'agent2', reason: 'rejected' });
    await until(() => decisions.length === 3);
    expect(decisions[2]).toMatchObject({ action: 'route', target: 'agent1', tindex: 8, tlabel: 800 });
    expect(calls).toHaveLength(2); // agent2's end is not reported: the bridge had already withdrawn it
  });

  it('follows answer and hang-up, a CANCEL while waiting, and the end of a call it does not follow', async () => {
    send(offer('c4'));
    send(offer('c5'));
    await until(() => calls.length === 2);
    pbx.ringAgent('c4', 2, 5000);
    send({ event: 'answered', callid: 'c4', kind: 'inbound', agent: 'agent2' });
    send({ event: 'ended', callid: 'c4', kind: 'inbound', agent: 'agent2', by: 'callee' });
    send({ event: 'cancel', callid: 'c5' });
    // one that ended while no bridge ran, told later with the time it happened: the call center checks its record
    send({ event: 'cancel', callid: 'unknown', ts_s: 0, ts_us: 400_000 });
    await until(() => calls.length === 6);
    expect(calls.slice(2)).toEqual([
      'answered c4 2',
      'agentHungUp c4 at=1000',
      'callerHungUp c5 at=1000',
      'callerHungUp unknown at=400',
    ]);
  });

  it.each([
    [{ allowed: true, e164: '+13104567891' } as DialDecision, { action: 'allow' }, ['busy 1 d1']],
    [
      { allowed: false, code: 'DNC', reason: 'on the "do-not-call" list\r\nX-Evil: 1' } as DialDecision,
      { action: 'block', reason: 'DNC: on the  do-not-call  list  X-Evil: 1' },
      [],
    ],
  ])('answers a dial with the gate decision (%o)', async (decision, expected, busy) => {
    dialDecision = decision;
    send({ event: 'dial', callid: 'd1', tindex: 3, tlabel: 300, agent: 'agent1', to: '+13104567891' });
    await until(() => decisions.length === 1);
    expect(calls).toEqual(['dial 1 +13104567891', ...busy]);
    expect(decisions[0]).toMatchObject({ ...expected, tindex: 3, tlabel: 300 });
  });

  it('blocks a dial from a phone that belongs to no agent without asking the gate', async () => {
    send({ event: 'dial', callid: 'd2', tindex: 4, tlabel: 400, agent: 'intruder', to: '+13104567891' });
    await until(() => decisions.length === 1);
    expect(calls).toEqual([]);
    expect(decisions[0]).toMatchObject({ action: 'block', reason: expect.stringMatching(/^UNKNOWN_AGENT/) });
  });

  const transfer = (callid: string, agent: string) => ({
    event: 'transfer',
    callid,
    tindex: 9,
    tlabel: 900,
    agent,
    from_callid: 'c-first-leg',
    kind: 'blind',
  });

  it('reports a transfer leg, connects it to its target and follows it to its end', async () => {
    onTransfer = (callId, agentId) => pbx.ringAgent(callId, agentId, 12_000);
    send(transfer('x1', 'agent2'));
    await until(() => decisions.length === 1);
    expect(calls).toEqual(['transfer x1 of c-first-leg to 2 blind']);
    expect(decisions[0]).toEqual({
      action: 'connect',
      tindex: 9,
      tlabel: 900,
      target: 'agent2',
      ring_ms: 12_000,
    });
    send({ event: 'answered', callid: 'x1', kind: 'transfer', agent: 'agent2' });
    send({ event: 'ended', callid: 'x1', kind: 'transfer', agent: 'agent2', by: 'caller' });
    await until(() => calls.length === 3);
    expect(calls.slice(1)).toEqual(['answered x1 2', 'callerHungUp x1 at=1000']);
  });

  it('refuses a transfer to a busy agent with 486 and reports a target that did not answer', async () => {
    onTransfer = (callId) => pbx.hangup(callId);
    send(transfer('x2', 'agent1'));
    await until(() => decisions.length === 1);
    expect(decisions[0]).toMatchObject({ action: 'reject', code: 486, tindex: 9, tlabel: 900 });

    onTransfer = (callId, agentId) => pbx.ringAgent(callId, agentId, 5000);
    send(transfer('x3', 'agent2'));
    await until(() => decisions.length === 2);
    send({ event: 'transfer-failed', callid: 'x3', agent: 'agent2', reason: 'no-answer', code: 408 });
    send({ event: 'transfer-failed', callid: 'x3', agent: 'agent2', reason: 'no-answer', code: 408 });
    await until(() => calls.length === 3);
    await new Promise((done) => setTimeout(done, 30));
    expect(calls.slice(2)).toEqual(['ringFailed x3 2 no-answer']);
  });

  it('connects a transfer to a phone that is no agent without asking the bridge', async () => {
    send(transfer('x4', 'supervisor-desk'));
    await until(() => decisions.length === 1);
    expect(calls).toEqual([]);
    expect(decisions[0]).toMatchObject({ action: 'connect', target: 'supervisor-desk' });
  });

  it('takes on a call another bridge rang (its ring-failed carries the offer) and keeps its arrival time', async () => {
    const arrival = { ts_s: 0, ts_us: 400_000 }; // 400 ms after the epoch, before this test's clock (1000)
    send({
      event: 'ring-failed',
      callid: 'r1',
      tindex: 5,
      tlabel: 500,
      agent: 'agent1',
      reason: 'no-answer',
      offer: { service: '+18005550101', from: 'sip:2125550123@trunk.example', ...arrival },
    });
    await until(() => calls.length === 1);
    expect(calls[0]).toBe('inbound r1 from=sip:2125550123@trunk.example to=+18005550101');
    expect(arrivals).toEqual([400]);
    pbx.ringAgent('r1', 2, 5000);
    await until(() => decisions.length === 1);
    expect(decisions[0]).toMatchObject({ action: 'route', target: 'agent2', tindex: 5, tlabel: 500 });
  });

  it('sends a decision again when Kamailio offers a call it still holds after a reconnect (decision lost)', async () => {
    send(offer('c8'));
    await until(() => calls.length === 1);
    pbx.ringAgent('c8', 2, 7000);
    await until(() => decisions.length === 1);
    send(offer('c8', { replayed: 1 }));
    await until(() => decisions.length === 2);
    expect(decisions[1]).toEqual(decisions[0]);
    expect(calls).toHaveLength(1); // the bridge is not told of the same call twice
  });

  it('reports agents busy on calls outside the queues (manual dials, colleagues) until those calls end', async () => {
    send({ event: 'dial', callid: 'm1', tindex: 3, tlabel: 300, agent: 'agent1', to: '+13104567891' });
    send({ event: 'internal', callid: 'i1', from: 'agent1', to: 'agent2' });
    send({ event: 'answered', callid: 'i1', kind: 'internal', agent: 'agent2' });
    send({ event: 'ended', callid: 'i1', kind: 'internal', agent: 'agent2', by: 'callee' });
    send({ event: 'failed', callid: 'm1', kind: 'outbound' });
    send({ event: 'failed', callid: 'm1', kind: 'outbound' });
    send({ event: 'dial-failed', callid: 'm2', code: 486 });
    await until(() => calls.length === 9);
    await new Promise((done) => setTimeout(done, 30));
    expect(calls).toEqual([
      'dial 1 +13104567891',
      'busy 1 m1',
      'busy 1 i1',
      'busy 2 i1',
      'free 1 i1',
      'free 2 i1',
      // the dial's outcome, once, for the dialer (a campaign attempt the softphone placed)
      'progress m1 failed',
      'free 1 m1',
      'progress m2 busy',
    ]);
  });

  it('follows the calls in progress Kamailio tells a new bridge, each once, to their end', async () => {
    const talking = (callid: string, kind: string, agent: string, extra: Record<string, unknown> = {}) =>
      send({ event: 'talking', callid, kind, agent, ts_s: 0, ts_us: 600_000, ...extra });
    talking('t1', 'inbound', 'agent1');
    talking('t1', 'inbound', 'agent1'); // the same call again (a second reconnect): already followed
    talking('t2', 'internal', 'agent2', { peer: 'agent1' });
    talking('t3', 'transfer', 'nobody'); // a phone that is no agent's: nothing to follow
    send({ event: 'ended', callid: 't1', kind: 'inbound', agent: 'agent1', by: 'callee' });
    send({ event: 'ended', callid: 't2', kind: 'internal', agent: 'agent2', by: 'caller' });
    await until(() => calls.length === 6);
    await new Promise((done) => setTimeout(done, 30));
    expect(calls).toEqual([
      'inProgress t1 1 at=600',
      'busy 2 t2',
      'busy 1 t2',
      'agentHungUp t1 at=1000',
      'free 2 t2',
      'free 1 t2',
    ]);
  });

  it('starts once Kamailio has told it the calls it holds, so returning consoles find them known', async () => {
    const held = createServer((socket) => {
      const say = (event: Record<string, unknown>) => socket.write(encodeNetstring(JSON.stringify(event)));
      setTimeout(() => {
        say({ event: 'talking', callid: 'h1', kind: 'inbound', agent: 'agent2', ts_s: 0 });
        say({ event: 'synced' });
      }, 100);
    });
    await new Promise<void>((done) => held.listen(0, '127.0.0.1', () => done()));
    const address = held.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const restarted = new KamailioPbx({ evapi: { host: '127.0.0.1', port }, log: createLogger('silent') });
    const told: string[] = [];
    const events = { callInProgress: (call: { callId: string }) => told.push(call.callId) };
    try {
      await restarted.start(events as unknown as PbxEvents, {
        agentIdOf: () => 2,
        sipUsernameOf: () => 'agent2',
      });
      expect(told).toEqual(['h1']);
    } finally {
      await restarted.stop();
      held.close();
    }
  });

  it('takes a call in progress it knows but whose answer it missed as answered', async () => {
    send(offer('t4'));
    await until(() => calls.length === 1);
    pbx.ringAgent('t4', 2, 5000);
    send({ event: 'talking', callid: 't4', kind: 'inbound', agent: 'agent2', ts_s: 0 });
    await until(() => calls.length === 2);
    expect(calls[1]).toBe('answered t4 2');
  });

  it('frees an agent whose allowed dial came too late for Kamailio (stale decision)', async () => {
    send({ event: 'dial', callid: 'm2', tindex: 6, tlabel: 600, agent: 'agent2', to: '+13104567891' });
    await until(() => calls.includes('busy 2 m2'));
    send({ event: 'stale', tindex: 6, tlabel: 600 });
    await until(() => calls.includes('free 2 m2'));
  });

  it('survives malformed messages', async () => {
    kamailio?.write(Buffer.from('5:{"a":,'));
    send({ event: 'offer', callid: 'x' });
    send(offer('c6'));
    await until(() => calls.length === 1);
    expect(calls[0]).toMatch(/^inbound c6/);
  });
});
