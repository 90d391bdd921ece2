/**
 * A bridge restart loses no caller: a real Kamailio keeps the suspended INVITE (the caller hears ringing) while the
 * bridge is gone and offers it again to the bridge that connects next (kamailio.cfg htable `waiting`); a call whose
 * agent's phone was ringing comes back with its offer when that ring fails. The new bridge runs on the same SQLite
 * file, takes the call on with its original arrival time and interaction, and routes it to an agent who answers.
 * A call already connected is told to the new bridge too (htable `talking`): its end is recorded with the whole
 * talk time, and its agent, once back, is on that call rather than offered another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions, queues, users } from '../../db/schema';
import {
  kamailioPorts,
  startKamailio,
  startKamailioBridge,
  logKamailioOnFailure,
  type RunningKamailio,
  type KamailioPorts,
} from '../support/kamailio';
import { hangUp, type TestPhone } from '../support/kamailio-phone';
import { sipAgent, sipCaller } from '../support/sip-agent';
import { command, next, type TestRingside } from '../support/test-ringside';
import { until } from '../support/until';

const BILLING = '+18005550103';
const DOMAIN = 'ringside.local';

let ports: KamailioPorts;
let kam: RunningKamailio;
let dataDir: string;
/** The bridge running now; the ones before it were stopped by `restartBridge`. */
let bridge: TestRingside | null = null;
const phones: TestPhone[] = [];

/** A bridge on the shared data directory (kept when it stops: every bridge and Kamailio's auth db use it). */
async function startBridge(kamailioRunning = true): Promise<TestRingside> {
  const t = await startKamailioBridge(ports, { dataDir });
  if (kamailioRunning) await t.connected();
  return t;
}

/** The bridge goes away (a crash or a deploy) and a new one starts on the same data. */
async function restartBridge(): Promise<TestRingside> {
  await bridgeGoesAway();
  bridge = await startBridge();
  return bridge;
}

/** The bridge stops, and Kamailio knows it is alone. */
async function bridgeGoesAway(): Promise<void> {
  const log = kam.log().length;
  await bridge?.stop();
  bridge = null;
  await until(() => /bridge disconnected \(conns=0\)/.test(kam.log().slice(log)), 5000, 'Kamailio saw it go');
}

beforeAll(async () => {
  ports = await kamailioPorts();
  dataDir = mkdtempSync(join(tmpdir(), 'ringside-restart-'));
  bridge = await startBridge(false);
  kam = await startKamailio({ ports, dataDir, pstnGateway: 'sip:127.0.0.2:5190' });
  await until(() => /bridge connected/.test(kam.log()), 5000, 'the first bridge connected');
}, 60_000);

logKamailioOnFailure(() => kam);

afterAll(async () => {
  for (const phone of phones) await phone.stop();
  await kam?.stop();
  await bridge?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const legsOf = (t: TestRingside, callId: string) =>
  t.ringside.db.select().from(interactions).where(eq(interactions.pbxCallId, callId)).all();

/** The call the bridge follows at this agent's phone, if any. */
function followed(t: TestRingside, username: string): string | undefined {
  const agent = t.ringside.db.select().from(users).where(eq(users.username, username)).get();
  return agent ? t.ringside.callCenter.snapshot(agent.id).activeCall?.callId : undefined;
}

/** The agent's console comes back (a new login, the same phone, which stayed registered through the restart). */
async function consoleBack(t: TestRingside, username: string) {
  const login = await t.api<{ token: string }>('POST', '/api/auth/login', undefined, {
    username,
    password: 'ringside',
  });
  return t.connect(login.body.token);
}

/**
 * A second after what happened while no bridge ran, the next bridge starts and is told of it: the call's one leg
 * must carry the time it happened, before `toldAfter`, not the time it was told.
 */
async function nextBridgeTold(callId: string) {
  await new Promise((done) => setTimeout(done, 1000));
  const toldAfter = Date.now();
  const t = (bridge = await startBridge());
  const [leg] = legsOf(t, callId);
  return { t, leg, toldAfter };
}

/** The agent takes a billing call from this number. */
async function billingCallAnswered(username: string, number: string) {
  const agent = await sipAgent(bridge as TestRingside, phones, username);
  const answered = next(agent.socket, 'call:answered', () => true, 10_000);
  const call = (await sipCaller(kam.wsUri, phones, number)).call(`sip:${BILLING}@${DOMAIN}`);
  const { answeredAt } = await answered;
  await call.established;
  return { call, answeredAt };
}

/** The agent takes a billing call from this number, then the bridge restarts and the new one takes the call on. */
async function restartDuringCall(username: string, number: string) {
  const { call, answeredAt } = await billingCallAnswered(username, number);
  const t = await restartBridge();
  await until(() => followed(t, username) === call.callId, 5000, 'the new bridge took the call on');
  return { call, answeredAt, t };
}

/** agent4 (billing) logs in to the new bridge and goes ready; resolves with the offer and the answer. */
async function answerOn(t: TestRingside, callId: string) {
  const agent = await sipAgent(t, phones, 'agent4', false);
  const offered = next(agent.socket, 'call:offered', (offer) => offer.callId === callId, 15_000);
  const answered = next(agent.socket, 'call:answered', (fact) => fact.callId === callId, 15_000);
  expect((await command(agent.socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return { offer: await offered, answered: await answered, agent };
}

describe('a bridge restart with callers in the building', () => {
  it('offers a waiting call to the next bridge, which routes it with its original arrival time', async () => {
    const t0 = bridge as TestRingside;
    const call = (await sipCaller(kam.wsUri, phones, '2125550177')).call(`sip:${BILLING}@${DOMAIN}`);
    await until(() => legsOf(t0, call.callId)[0]?.outcome === 'queued', 5000, 'the call queued');
    const [before] = legsOf(t0, call.callId);

    const t = await restartBridge();
    expect(await Promise.race([call.result.then(() => 'ended'), Promise.resolve('still ringing')])).toBe(
      'still ringing',
    );
    await until(() => t.ringside.callCenter.waitingCount() === 1, 5000, 'the call queued again');
    expect(kam.log()).toMatch(/waiting call offered again/);

    const { offer, answered, agent } = await answerOn(t, call.callId);
    expect(offer.interactionId).toBe(before?.id);
    expect(offer.queuedAt).toBe(before?.queuedAt);
    await call.established;
    const legs = legsOf(t, call.callId);
    expect(legs).toHaveLength(1);
    expect(legs[0]).toMatchObject({
      outcome: 'answered',
      queuedAt: before?.queuedAt,
      answeredAt: answered.answeredAt,
    });
    expect(legs[0]?.waitMs).toBe(answered.answeredAt - (before?.queuedAt ?? 0));
    const ended = next(agent.socket, 'call:ended');
    await hangUp(call.inviter);
    await ended;
    agent.socket.disconnect();
  }, 60_000);

  it('takes on a call whose agent phone was ringing when the bridge went away, once that ring fails', async () => {
    const t0 = bridge as TestRingside;
    t0.ringside.db.update(queues).set({ ringTimeoutSec: 3 }).run();
    const ringing = await sipAgent(t0, phones, 'agent3');
    ringing.phone.mode = 'ignore';
    const call = (await sipCaller(kam.wsUri, phones, '2125550178')).call(`sip:${BILLING}@${DOMAIN}`);
    await until(() => ringing.phone.invites.some((i) => i.callId === call.callId), 5000, 'agent3 rang');

    const t = await restartBridge();
    // the new bridge never saw this call: it learns of it from the failed ring (Kamailio sends the offer along)
    const { offer } = await answerOn(t, call.callId);
    expect(offer.interactionId).toBe(legsOf(t, call.callId)[0]?.id);
    await call.established;
    expect(legsOf(t, call.callId)).toHaveLength(1);
    await hangUp(call.inviter);
  }, 60_000);

  it('lets a caller go whose ring fails while no bridge runs; the next bridge records them abandoned', async () => {
    const t0 = bridge as TestRingside;
    const ringing = await sipAgent(t0, phones, 'agent3');
    ringing.phone.mode = 'ignore'; // agent3's phone from the test before ignores calls too
    const call = (await sipCaller(kam.wsUri, phones, '2125550183')).call(`sip:${BILLING}@${DOMAIN}`);
    await until(() => ringing.phone.invites.some((i) => i.callId === call.callId), 5000, 'agent3 rang');
    await bridgeGoesAway();
    // the ring times out with nobody to ask for the next agent: the caller is let go
    expect((await call.result).status).toBe(503);
    const { leg, toldAfter } = await nextBridgeTold(call.callId);
    expect(leg).toMatchObject({ outcome: 'abandoned', answeredAt: null });
    expect(leg?.endedAt).toBeLessThan(toldAfter - 500);
  }, 60_000);

  it('follows a call connected when the bridge went away to its end, with its agent back on it', async () => {
    const { call, answeredAt, t } = await restartDuringCall('agent3', '2125550179');
    const socket = await consoleBack(t, 'agent3');
    const sync = await command(socket, 'session:sync', {});
    expect(sync.ok && sync.data.state).toMatchObject({ status: 'on-call', callId: call.callId });
    expect(sync.ok && sync.data.activeCall).toMatchObject({ callId: call.callId, answeredAt });

    await new Promise((done) => setTimeout(done, 300));
    const ended = next(socket, 'call:ended', (fact) => fact.callId === call.callId, 5000);
    const wrapUp = next(socket, 'agent:state-changed', (state) => state.status === 'wrap-up', 5000);
    await hangUp(call.inviter);
    const fact = await ended;
    await wrapUp;
    expect(fact.endedBy).toBe('caller');
    expect(fact.talkMs).toBe(fact.endedAt - answeredAt);
    expect(legsOf(t, call.callId)).toEqual([
      expect.objectContaining({
        outcome: 'answered',
        answeredAt,
        endedAt: fact.endedAt,
        talkMs: fact.talkMs,
      }),
    ]);
  }, 60_000);

  it('records the end of a call that ends before its agent is back, who then comes back free of it', async () => {
    const { call, answeredAt, t } = await restartDuringCall('agent4', '2125550180');
    await hangUp(call.inviter);
    await until(() => legsOf(t, call.callId)[0]?.endedAt != null, 5000, 'the end recorded');
    const [leg] = legsOf(t, call.callId);
    expect(leg?.talkMs).toBe((leg?.endedAt ?? 0) - answeredAt);

    const socket = await consoleBack(t, 'agent4');
    const sync = await command(socket, 'session:sync', {});
    expect(sync.ok && sync.data).toMatchObject({ state: { status: 'not-ready' }, activeCall: null });
  }, 60_000);

  it('keeps agents on a call with each other busy across the restart, and forgets a call that failed', async () => {
    const t0 = bridge as TestRingside;
    const calling = await sipAgent(t0, phones, 'agent2');
    const consulted = await sipAgent(t0, phones, 'agent1');
    const consult = calling.phone.call(`sip:agent1@${DOMAIN}`);
    await consult.established;
    expect((await calling.phone.call(`sip:nobody@${DOMAIN}`).result).status).toBe(404);

    const t = await restartBridge();
    const back = await Promise.all(['agent2', 'agent1'].map((username) => consoleBack(t, username)));
    for (const socket of back) {
      const sync = await command(socket, 'session:sync', {});
      expect(sync.ok && sync.data.state).toMatchObject({ status: 'not-ready', phoneBusy: true });
    }
    const freed = back.map((socket) =>
      next(socket, 'agent:state-changed', (state) => !state.phoneBusy, 5000),
    );
    await hangUp(consult.inviter);
    await Promise.all(freed);
    expect(consulted.phone.invites.some((invite) => invite.callId === consult.callId)).toBe(true);
  }, 60_000);

  it('records a caller who hangs up while no bridge runs as abandoned, when they hung up', async () => {
    const t0 = bridge as TestRingside;
    const call = (await sipCaller(kam.wsUri, phones, '2125550181')).call(`sip:${BILLING}@${DOMAIN}`);
    await until(() => legsOf(t0, call.callId)[0]?.outcome === 'queued', 5000, 'the call queued');
    await bridgeGoesAway();
    await call.inviter.cancel();
    expect((await call.result).status).toBe(487);
    const { t, leg, toldAfter } = await nextBridgeTold(call.callId);
    expect(leg).toMatchObject({ outcome: 'abandoned', answeredAt: null });
    expect(leg?.endedAt).toBeLessThan(toldAfter - 500);
    expect(leg?.waitMs).toBe((leg?.endedAt ?? 0) - (leg?.queuedAt ?? 0));
    expect(t.ringside.callCenter.waitingCount()).toBe(0);
  }, 60_000);

  it('records the end of a call that ends while no bridge runs, with its talk time', async () => {
    const { call, answeredAt } = await billingCallAnswered('agent4', '2125550182');
    await bridgeGoesAway();
    await hangUp(call.inviter);
    const { leg, toldAfter } = await nextBridgeTold(call.callId);
    expect(leg).toMatchObject({ outcome: 'answered', answeredAt });
    expect(leg?.endedAt).toBeLessThan(toldAfter - 500);
    expect(leg?.talkMs).toBe((leg?.endedAt ?? 0) - answeredAt);
  }, 60_000);

  it('lets one bridge in: a second is refused while the first runs, and takes over once it is gone', async () => {
    const first = bridge as TestRingside;
    const log = kam.log().length;
    const second = await startKamailioBridge(ports, { dataDir });
    try {
      await until(
        () => /a second bridge refused/.test(kam.log().slice(log)),
        5000,
        'the second bridge refused',
      );
      const call = (await sipCaller(kam.wsUri, phones, '2125550184')).call(`sip:${BILLING}@${DOMAIN}`);
      await until(() => first.ringside.callCenter.waitingCount() === 1, 5000, 'the first bridge queued it');
      await new Promise((done) => setTimeout(done, 300));
      expect(second.ringside.callCenter.waitingCount()).toBe(0); // told nothing: no second decision

      await bridgeGoesAway();
      bridge = second;
      await until(() => second.pbx.isConnected(), 10_000, 'the second bridge let in');
      await until(
        () => second.ringside.callCenter.waitingCount() === 1,
        5000,
        'the waiting caller handed over',
      );
      await call.inviter.cancel();
      await until(
        () => legsOf(second, call.callId)[0]?.outcome === 'abandoned',
        5000,
        'the hang-up recorded',
      );
    } finally {
      if (bridge !== second) await second.stop();
    }
  }, 60_000);
});
