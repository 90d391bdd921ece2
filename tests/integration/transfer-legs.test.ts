/**
 * The bridge follows transfers: a real Ringside (SQLite, socket.io, KamailioPbx) against an evapi listener that
 * speaks for Kamailio (netstrings, the events kamailio.cfg sends). The full SIP path — REFER, the caller's INVITE
 * with Referred-By/Replaces, real phones — is the softphone e2e test; this one covers the decisions at the edges:
 * a busy target, a target that does not answer, one still wrapping up, and a call the bridge never saw.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { createLogger } from '../../cti-bridge/src/logger';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { encodeNetstring, NetstringDecoder } from '../../cti-bridge/src/pbx/kamailio/netstring';
import { knownCustomer } from '../support/known-customer';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';

let t: TestRingside;
let evapi: Server;
let kamailio: Socket | null = null;
let decisions: Record<string, unknown>[] = [];
let tx = 0;

beforeAll(async () => {
  evapi = createServer((socket) => {
    kamailio = socket;
    const decoder = new NetstringDecoder();
    socket.on('data', (chunk) => {
      for (const item of decoder.push(chunk)) if (item.ok) decisions.push(JSON.parse(item.payload));
    });
  });
  await new Promise<void>((done) => evapi.listen(0, '127.0.0.1', () => done()));
  const address = evapi.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const pbx = new KamailioPbx({ evapi: { host: '127.0.0.1', port }, log: createLogger('silent') });
  t = await startTestRingside(
    {
      RINGSIDE_PBX: 'kamailio',
      RINGSIDE_SIP_WS_URI: 'ws://127.0.0.1:1',
      RINGSIDE_KAMAILIO_EVAPI: `127.0.0.1:${port}`,
    },
    { pbx },
  );
  await until(() => kamailio !== null && pbx.isConnected());
});

afterAll(async () => {
  await t?.stop();
  kamailio?.destroy();
  await new Promise<void>((done) => evapi.close(() => done()));
});

afterEach(() => {
  decisions = [];
});

function send(event: Record<string, unknown>): void {
  kamailio?.write(encodeNetstring(JSON.stringify(event)));
}

/** Waits for the bridge's decision on the transaction Kamailio suspended as `tindex`. */
async function decisionFor(tindex: number): Promise<Record<string, unknown>> {
  await until(() => decisions.some((d) => d['tindex'] === tindex));
  return decisions.find((d) => d['tindex'] === tindex) ?? {};
}

async function agent(username: string, ready: boolean): Promise<AgentSocket> {
  const socket = await t.connect(await t.login(username));
  if (ready) expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}

/** A known customer's call routed to and answered by `username`, as Kamailio reports it. */
async function connectedCall(callid: string, socket: AgentSocket, username: string, offset: number) {
  const customer = knownCustomer(t.ringside.db, offset);
  const offered = next(socket, 'call:offered', (offer) => offer.callId === callid);
  const tindex = ++tx;
  send({
    event: 'offer',
    callid,
    tindex,
    tlabel: 1,
    service: COMPLAINTS,
    from: `sip:${customer.e164.slice(2)}@customers.example`,
  });
  const offer = await offered;
  expect(await decisionFor(tindex)).toMatchObject({ action: 'route', target: username });
  const answered = next(socket, 'call:answered');
  send({ event: 'answered', callid, kind: 'inbound', agent: username });
  await answered;
  return { customer, interactionId: offer.interactionId };
}

function transfer(callid: string, fromCallid: string, agent: string, kind = 'blind') {
  const tindex = ++tx;
  send({ event: 'transfer', callid, tindex, tlabel: 1, agent, from_callid: fromCallid, kind });
  return tindex;
}

const legOf = (pbxCallId: string) =>
  t.ringside.db.select().from(interactions).where(eq(interactions.pbxCallId, pbxCallId)).get();

describe('the bridge follows transferred callers', () => {
  it('refuses a transfer to an agent busy on a call of their own (486) and records no leg', async () => {
    const first = await agent('agent2', true);
    await connectedCall('busy-leg1', first, 'agent2', 3);
    const second = await agent('agent3', true);
    await connectedCall('busy-other', second, 'agent3', 4);

    const tindex = transfer('busy-leg2', 'busy-leg1', 'agent3');
    expect(await decisionFor(tindex)).toMatchObject({ action: 'reject', code: 486 });
    expect(legOf('busy-leg2')).toBeUndefined();

    for (const callid of ['busy-leg1', 'busy-other'])
      send({ event: 'ended', callid, kind: 'inbound', agent: '', by: 'caller' });
    await until(() => legOf('busy-other')?.endedAt != null && legOf('busy-leg1')?.endedAt != null);
    first.disconnect();
    second.disconnect();
  });

  it('pops a not-ready target with the caller and who transferred; a ring-out ends the leg as missed', async () => {
    const first = await agent('agent2', true);
    const { customer, interactionId } = await connectedCall('miss-leg1', first, 'agent2', 5);
    const second = await agent('agent3', false);

    const offered = next(second, 'call:offered');
    const tindex = transfer('miss-leg2', 'miss-leg1', 'agent3', 'attended');
    const offer = await offered;
    expect(offer.card?.name).toBe(customer.name);
    expect(offer.lookup.match).toBe('unique');
    expect(offer.transferredFrom).toEqual({ interactionId, agent: 'Bo Li', kind: 'attended' });
    // the pop's history already shows the leg the caller comes from
    expect(offer.card?.recentInteractions.map((row) => row.id)).toContain(interactionId);
    expect(await decisionFor(tindex)).toMatchObject({ action: 'connect', target: 'agent3' });

    const withdrawn = next(second, 'call:offer-withdrawn');
    const missedState = next(second, 'agent:state-changed', (state) => state.status === 'not-ready');
    send({ event: 'transfer-failed', callid: 'miss-leg2', agent: 'agent3', reason: 'no-answer', code: 408 });
    expect(await withdrawn).toEqual({ callId: 'miss-leg2', reason: 'ring-timeout' });
    expect((await missedState).reason).toBe('missed');
    expect(legOf('miss-leg2')).toMatchObject({
      outcome: 'missed',
      transferredFromId: interactionId,
      transferKind: 'attended',
      answeredAt: null,
    });
    expect(legOf('miss-leg2')?.endedAt).toBeGreaterThan(0);

    send({ event: 'ended', callid: 'miss-leg1', kind: 'inbound', agent: 'agent2', by: 'callee' });
    await until(() => legOf('miss-leg1')?.endedAt != null);
    first.disconnect();
    second.disconnect();
  });

  it('puts a target who was not ready and declines the transfer back to their not-ready reason', async () => {
    const first = await agent('agent2', true);
    await connectedCall('decline-leg1', first, 'agent2', 9);
    const second = await agent('agent3', false);
    expect((await command(second, 'agent:set-state', { status: 'not-ready', reason: 'lunch' })).ok).toBe(
      true,
    );

    const offered = next(second, 'call:offered');
    transfer('decline-leg2', 'decline-leg1', 'agent3');
    await offered;
    const back = next(second, 'agent:state-changed', (state) => state.status === 'not-ready');
    send({
      event: 'transfer-failed',
      callid: 'decline-leg2',
      agent: 'agent3',
      reason: 'rejected',
      code: 486,
    });
    expect((await back).reason).toBe('lunch');
    expect(legOf('decline-leg2')?.outcome).toBe('missed');

    send({ event: 'ended', callid: 'decline-leg1', kind: 'inbound', agent: 'agent2', by: 'callee' });
    await until(() => legOf('decline-leg1')?.endedAt != null);
    first.disconnect();
    second.disconnect();
  });

  it('reaches an agent still wrapping up, and follows the new leg to its end', async () => {
    const first = await agent('agent2', true);
    const { interactionId } = await connectedCall('wrap-leg1', first, 'agent2', 6);
    const second = await agent('agent3', true);
    await connectedCall('wrap-previous', second, 'agent3', 7);
    const wrapping = next(second, 'agent:state-changed', (state) => state.status === 'wrap-up');
    send({ event: 'ended', callid: 'wrap-previous', kind: 'inbound', agent: 'agent3', by: 'caller' });
    await wrapping;

    const ringing = next(second, 'agent:state-changed', (state) => state.status === 'ringing');
    const tindex = transfer('wrap-leg2', 'wrap-leg1', 'agent3');
    expect((await ringing).callId).toBe('wrap-leg2');
    expect(await decisionFor(tindex)).toMatchObject({ action: 'connect', target: 'agent3' });
    // the transferring agent drops out: their leg ends and they wrap up
    const firstWrap = next(first, 'agent:state-changed', (state) => state.status === 'wrap-up');
    send({ event: 'ended', callid: 'wrap-leg1', kind: 'inbound', agent: 'agent2', by: 'callee' });
    expect((await firstWrap).interactionId).toBe(interactionId);

    const onCall = next(second, 'agent:state-changed', (state) => state.status === 'on-call');
    send({ event: 'answered', callid: 'wrap-leg2', kind: 'transfer', agent: 'agent3' });
    await onCall;
    const ended = next(second, 'call:ended');
    send({ event: 'ended', callid: 'wrap-leg2', kind: 'transfer', agent: 'agent3', by: 'caller' });
    expect(await ended).toMatchObject({ callId: 'wrap-leg2', endedBy: 'caller' });
    const leg2 = legOf('wrap-leg2');
    expect(leg2).toMatchObject({
      transferredFromId: interactionId,
      transferKind: 'blind',
      outcome: 'answered',
    });
    expect(leg2?.talkMs).toBe((leg2?.endedAt ?? 0) - (leg2?.answeredAt ?? 0));
    // the previous call's wrap-up is still open for its disposition
    expect(legOf('wrap-previous')?.wrappedAt).toBeNull();
    first.disconnect();
    second.disconnect();
  });

  it('connects a transfer of a call the bridge never recorded, without a leg', async () => {
    const tindex = transfer('stray-leg2', 'not-a-known-call', 'agent4');
    expect(await decisionFor(tindex)).toMatchObject({ action: 'connect', target: 'agent4' });
    expect(legOf('stray-leg2')).toBeUndefined();
  });
});
