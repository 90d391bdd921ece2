/**
 * The agent side of queueing with real socket.io clients: "my queues" (only the queues an agent serves, live),
 * the pop of an overflowed call, and queue callbacks dispatched (offered with the pop, accepted, dialled through
 * the compliance gate as an outbound call linked to the original; blocked, declined, retried and closed).
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, interactions, queueCallbacks, queues } from '../../db/schema';
import { knownCustomer } from '../support/known-customer';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';
import { until } from '../support/until';

const SALES = '+18005550100';
const SUPPORT = '+18005550101';
let t: TestRingside;
let admin: string;
const open: AgentSocket[] = [];

beforeAll(async () => {
  t = await startTestRingside({}, { queueCallbacks: { acceptTimeoutMs: 60_000, retryDelayMs: 300 } });
  admin = await t.login('admin');
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
  for (const socket of open.splice(0)) socket.disconnect();
});

/** Outbound customers of calls placed without a campaign (callbacks): quick, and all one outcome. */
function customersWill(outcome: 'answer' | 'busy') {
  t.sim.setOutboundProfile(0, {
    answerRate: outcome === 'answer' ? 1 : 0,
    busyRate: outcome === 'busy' ? 1 : 0,
    failRate: 0,
    machineShare: 0,
    pickUpMs: [100, 200],
    setupMs: [50, 100],
    talkMs: null,
  });
}

const queueOf = (code: string) => t.ringside.db.select().from(queues).where(eq(queues.code, code)).get();
const callbackRow = (id: number) =>
  t.ringside.db.select().from(queueCallbacks).where(eq(queueCallbacks.id, id)).get();

async function agent(username: string, ready = false): Promise<AgentSocket> {
  const socket = await t.connect(await t.login(username));
  open.push(socket);
  if (ready) expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}

async function simCall(body: Record<string, unknown>) {
  const { status, body: res } = await t.api<{ callId: string; interactionId: number }>(
    'POST',
    '/api/sim/calls',
    admin,
    body,
  );
  expect(status).toBe(201);
  return res;
}

describe('my queues', () => {
  it('gives each agent the queues they serve only, updated live as calls wait', async () => {
    const alice = await agent('agent1'); // sales + support
    const carmen = await agent('agent3'); // complaints + billing
    const supervisor = await agent('supervisor');
    const mine = await command(alice, 'queues:mine', {});
    expect(mine.ok && mine.data.queues.map((q) => q.code).sort()).toEqual(['sales', 'support']);
    const hers = await command(carmen, 'queues:mine', {});
    expect(hers.ok && hers.data.queues.map((q) => q.code).sort()).toEqual(['billing', 'complaints']);

    const aliceSees = next(alice, 'queue:updated', (u) =>
      u.queues.some((q) => q.code === 'support' && q.waiting === 1 && q.longestWaitMs >= 0),
    );
    const supervisorSees = next(supervisor, 'queue:updated', (u) =>
      u.queues.some((q) => q.code === 'support' && q.waiting === 1),
    );
    const carmenUpdates: string[][] = [];
    carmen.on('queue:updated', (u) => carmenUpdates.push(u.queues.map((q) => q.code)));
    const { callId } = await simCall({ from: '+12125550140', to: SUPPORT });
    const update = await aliceSees;
    expect(update.queues.map((q) => q.code).sort()).toEqual(['sales', 'support']);
    const support = update.queues.find((q) => q.code === 'support');
    expect(support).toMatchObject({ waiting: 1, callbacksWaiting: 0 });
    expect(support?.today.offered).toBeGreaterThanOrEqual(1);
    // the waiting call's place, for the panel
    expect(update.calls).toContainEqual(expect.objectContaining({ callId, position: 1, kind: 'call' }));
    expect((await supervisorSees).queues.length).toBe(t.ringside.db.select().from(queues).all().length);
    await until(() => carmenUpdates.length > 0, 15_000, 'an update for agent3');
    // agent3 serves neither queue: none of their updates names support or sales, nor carries that call
    for (const codes of carmenUpdates) expect(codes.sort()).toEqual(['billing', 'complaints']);
    t.sim.callerHangsUp(callId);
  });

  it('pops an overflowed call from the queue that serves it, naming the original queue and the wait', async () => {
    const support = queueOf('support');
    const complaints = queueOf('complaints');
    t.ringside.db
      .update(queues)
      .set({ overflowAfterSec: 1, overflowQueueId: complaints?.id ?? null })
      .where(eq(queues.code, 'support'))
      .run();
    t.ringside.queues.reload();
    try {
      const carmen = await agent('agent3', true); // complaints only
      const offered = next(carmen, 'call:offered');
      const { callId } = await simCall({ from: '+12125550141', to: SUPPORT });
      const offer = await offered;
      expect(offer.callId).toBe(callId);
      expect(offer.queue.code).toBe('complaints');
      expect(offer.overflowedFrom?.map((q) => q.code)).toEqual(['support']);
      expect(offer.businessType).toMatchObject({
        code: 'support',
        name: 'Customer service',
        nameZh: '客户服务',
      });
      expect(offer.offeredAt - offer.queuedAt).toBeGreaterThanOrEqual(1000);
      expect(offer.routingRule).toMatch(/overflowed from support/);
      await command(carmen, 'call:reject', { callId });
    } finally {
      t.ringside.db
        .update(queues)
        .set({
          overflowAfterSec: support?.overflowAfterSec ?? null,
          overflowQueueId: support?.overflowQueueId ?? null,
        })
        .where(eq(queues.code, 'support'))
        .run();
      t.ringside.queues.reload();
    }
  });
});

describe('queue callbacks', () => {
  it('a caller who chose a callback keeps their place: offered with the pop, dialled through the gate, linked', async () => {
    customersWill('answer');
    const customer = knownCustomer(t.ringside.db, 3);
    const alice = await agent('agent1');
    const counted = next(alice, 'queue:updated', (u) =>
      u.queues.some((q) => q.code === 'sales' && q.callbacksWaiting === 1),
    );
    const { interactionId: original } = await simCall({
      from: customer.otherFormat,
      to: SALES,
      callbackAfterSec: 1,
    });
    const update = await counted;
    expect(update.calls).toContainEqual(expect.objectContaining({ kind: 'callback', position: 1 }));
    const request = t.ringside.db
      .select()
      .from(queueCallbacks)
      .where(eq(queueCallbacks.originalInteractionId, original))
      .get();
    expect(request).toMatchObject({ source: 'caller', state: 'waiting', e164: customer.e164 });
    const originalRow = t.ringside.db.select().from(interactions).where(eq(interactions.id, original)).get();
    expect(originalRow?.routingRule).toBe('queue sales, caller chose: callback requested');

    const offered = next(alice, 'queue-callback:offered');
    await command(alice, 'agent:set-state', { status: 'ready' });
    const offer = await offered;
    expect(offer).toMatchObject({
      callbackId: request?.id,
      callerE164: customer.e164,
      source: 'caller',
      originalInteractionId: original,
      businessType: { code: 'sales', name: 'Sales', nameZh: '销售' },
      queue: { code: 'sales' },
    });
    expect(offer.arrivedAt).toBe(originalRow?.queuedAt);
    expect(offer.card?.id).toBe(customer.customerId);
    expect(offer.routingRule).toMatch(/callback in the caller’s place/);
    expect(callbackRow(offer.callbackId)?.state).toBe('offered');

    const answered = next(alice, 'call:answered');
    const accepted = await command(alice, 'queue-callback:accept', { callbackId: offer.callbackId });
    expect(accepted.ok && accepted.data.placed).toBe(true);
    if (!accepted.ok || !accepted.data.placed) return;
    const { callId, interactionId } = accepted.data;
    expect((await answered).callId).toBe(callId);
    expect(callbackRow(offer.callbackId)).toMatchObject({
      state: 'dialling',
      callbackInteractionId: interactionId,
      agentId: offer.card ? expect.any(Number) : null,
      attempts: 1,
    });
    const outbound = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.id, interactionId))
      .get();
    expect(outbound).toMatchObject({ direction: 'outbound', customerId: customer.customerId });
    const gate = t.ringside.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'dial.check'), eq(auditLog.decision, 'allowed')))
      .orderBy(desc(auditLog.id))
      .get();
    expect(gate?.details).toMatchObject({ path: 'callback' });

    expect((await command(alice, 'outbound:hangup', { callId })).ok).toBe(true);
    await until(() => callbackRow(offer.callbackId)?.state === 'completed', 15_000, 'the callback completed');
    expect(callbackRow(offer.callbackId)?.outcome).toBe('answered');
  });

  it('a number on the do-not-call list is not dialled: blocked with its reason code, audited', async () => {
    const number = '+12125550142';
    t.ringside.dnc.add({
      e164: number,
      campaignId: null,
      source: 'test',
      reason: 'asked',
      addedBy: null,
      at: Date.now(),
    });
    const posted = await t.api<{ callbackId: number }>('POST', '/api/queue-callbacks', undefined, {
      number,
      queue: 'sales',
    });
    expect(posted.status).toBe(201);
    const alice = await agent('agent1');
    const offered = next(alice, 'queue-callback:offered', (o) => o.callbackId === posted.body.callbackId);
    await command(alice, 'agent:set-state', { status: 'ready' });
    const offer = await offered;
    expect(offer.source).toBe('web');
    const accepted = await command(alice, 'queue-callback:accept', { callbackId: offer.callbackId });
    expect(accepted.ok && !accepted.data.placed && accepted.data.reasons.map((r) => r.code)).toEqual([
      'DNC_GLOBAL',
    ]);
    expect(callbackRow(offer.callbackId)).toMatchObject({
      state: 'blocked',
      outcome: 'DNC_GLOBAL',
      attempts: 0,
    });
    const audit = t.ringside.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `queue-callback:${offer.callbackId}`))
      .get();
    expect(audit).toMatchObject({
      action: 'queue-callback.blocked',
      decision: 'blocked',
      reason: 'DNC_GLOBAL',
    });
    // the agent is free again and the callback gone from the queue
    await until(() => t.ringside.callCenter.snapshot(audit?.actorUserId ?? 0).state.status === 'ready');
    expect(t.ringside.queues.queueSnapshot(queueOf('sales')?.id ?? 0)?.callbacksWaiting).toBe(0);
  });

  it('declined goes to another agent; unanswered is tried again keeping its place, then closed after 3 dials', async () => {
    customersWill('busy');
    const posted = await t.api<{ callbackId: number }>('POST', '/api/queue-callbacks', undefined, {
      number: '+12125550143',
      queue: 'sales',
    });
    const callbackId = posted.body.callbackId;
    const alice = await agent('agent1');
    const offered = next(alice, 'queue-callback:offered', (o) => o.callbackId === callbackId);
    await command(alice, 'agent:set-state', { status: 'ready' });
    const first = await offered;
    const dev = await agent('agent4');
    const toDev = next(dev, 'queue-callback:offered', (o) => o.callbackId === callbackId);
    await command(dev, 'agent:set-state', { status: 'ready' });
    expect((await command(alice, 'queue-callback:decline', { callbackId: first.callbackId })).ok).toBe(true);
    await command(alice, 'agent:set-state', { status: 'not-ready', reason: 'break' });
    let offer = await toDev;
    for (let dial = 1; dial <= 3; dial++) {
      expect(offer.attempts).toBe(dial - 1);
      const ended = next(dev, 'outbound:ended');
      // listening before the dial: the retry may be offered as soon as the busy tone is in
      const again = dial < 3 ? next(dev, 'queue-callback:offered', (o) => o.callbackId === callbackId) : null;
      const accepted = await command(dev, 'queue-callback:accept', { callbackId });
      expect(accepted.ok && accepted.data.placed).toBe(true);
      expect((await ended).outcome).toBe('busy');
      if (!again) break;
      offer = await again;
      expect(offer.lastOutcome).toBe('busy');
      expect(callbackRow(callbackId)).toMatchObject({ attempts: dial, outcome: 'busy', state: 'offered' });
      expect(callbackRow(callbackId)?.nextAttemptAt).not.toBeNull();
      // its place is the request's time, kept through the retries
      expect(offer.arrivedAt).toBe(first.arrivedAt);
    }
    await until(() => callbackRow(callbackId)?.state === 'failed', 15_000, 'the callback closed');
    expect(callbackRow(callbackId)).toMatchObject({ attempts: 3, outcome: 'busy' });
  });
});
