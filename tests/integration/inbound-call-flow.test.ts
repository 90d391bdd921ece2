import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, dncEntries, followUps, interactions } from '../../db/schema';
import { command, next, type AgentSocket, type TestRingside } from '../support/test-ringside';
import { placeSimCall, readyAgent, useTestRingside } from '../support/ringside-file';
import { knownCustomer } from '../support/known-customer';

const SUPPORT = '+18005550101';
const COMPLAINTS = '+18005550102';
let t: TestRingside;
let admin: string;

// Every test starts with no call in the building: callers still waiting hang up.
useTestRingside((file) => ({ t, admin } = file), { endCallsAfterEach: true });

const placeCall = (from: string, to: string, patienceSec?: number) =>
  placeSimCall(t, admin, { from, to, ...(patienceSec ? { patienceSec } : {}) });

async function finishCall(socket: AgentSocket, callId: string, interactionId: number) {
  expect((await command(socket, 'call:answer', { callId })).ok).toBe(true);
  expect((await command(socket, 'call:hangup', { callId })).ok).toBe(true);
  const done = await command(socket, 'interaction:wrap-up', {
    interactionId,
    idempotencyKey: `key-${interactionId}-${callId}`,
    dispositionCode: 'resolved',
    notes: '',
  });
  expect(done.ok).toBe(true);
}

describe('inbound screen-pop loop', () => {
  it('pops the known caller while ringing, then records the call and its disposition in the history', async () => {
    const customer = knownCustomer(t.ringside.db);
    const agent = await readyAgent(t, 'agent1');
    const offered = next(agent, 'call:offered');
    const ringing = next(agent, 'agent:state-changed', (state) => state.status === 'ringing');
    const { callId, interactionId } = await placeCall(customer.otherFormat, SUPPORT);
    const offer = await offered;
    expect((await ringing).callId).toBe(callId);
    expect(offer.lookup.match).toBe('unique');
    expect(offer.card?.id).toBe(customer.customerId);
    expect(offer.card?.name).toBe(customer.name);
    expect(offer.callerE164).toBe(customer.e164);
    expect(offer.businessType.code).toBe('support');

    const answered = await command(agent, 'call:answer', { callId });
    expect(answered.ok && answered.data.interactionId).toBe(interactionId);
    const ended = await command(agent, 'call:hangup', { callId });
    expect(ended.ok).toBe(true);
    const wrapState = await command(agent, 'session:sync', {});
    expect(wrapState.ok && wrapState.data.state.status).toBe('wrap-up');

    const wrapUp = await command(agent, 'interaction:wrap-up', {
      interactionId,
      idempotencyKey: 'wrap-first-call',
      dispositionCode: 'resolved',
      notes: 'Explained the invoice',
    });
    expect(wrapUp).toEqual({ ok: true, data: { interactionId, followUpId: null, addedToDnc: false } });
    const history = await t.api<{
      interactions: { id: number; disposition: string; notes: string; agent: string }[];
    }>('GET', `/api/customers/${customer.customerId}/interactions`, admin);
    expect(history.body.interactions[0]).toMatchObject({
      id: interactionId,
      disposition: 'resolved',
      notes: 'Explained the invoice',
      agent: expect.any(String),
    });
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    expect(row).toMatchObject({ outcome: 'completed', customerId: customer.customerId });
    for (const field of ['queuedAt', 'offeredAt', 'answeredAt', 'endedAt', 'wrappedAt'] as const)
      expect(row?.[field]).toEqual(expect.any(Number));
    expect(row?.offeredAt).toBeGreaterThanOrEqual(row?.queuedAt ?? Infinity);
    expect(row?.waitMs).toBe((row?.answeredAt ?? 0) - (row?.queuedAt ?? 0));
    expect(row?.talkMs).toBe((row?.endedAt ?? 0) - (row?.answeredAt ?? 0));
    expect(row?.wrapMs).toBe((row?.wrappedAt ?? 0) - (row?.endedAt ?? 0));
    const after = await command(agent, 'session:sync', {});
    expect(after.ok && after.data.state.status).toBe('ready');
    agent.disconnect();
  });

  it('keeps the third call waiting while two agents are busy and offers it when one frees up', async () => {
    const a = await readyAgent(t, 'agent2');
    const b = await readyAgent(t, 'agent3');
    const offers: string[] = [];
    a.on('call:offered', (offer) => offers.push(`a:${offer.callId}`));
    b.on('call:offered', (offer) => offers.push(`b:${offer.callId}`));
    const first = await placeCall('+12125550101', COMPLAINTS);
    const second = await placeCall('+12125550102', COMPLAINTS);
    const third = await placeCall('+12125550103', COMPLAINTS);
    await expect.poll(() => offers.length).toBe(2);
    expect(offers.some((entry) => entry.endsWith(third.callId))).toBe(false);
    expect(t.ringside.callCenter.waitingCount()).toBe(1);

    const aHas = offers.find((entry) => entry.startsWith('a:'))?.slice(2) ?? '';
    const firstCall = aHas === first.callId ? first : second;
    const thirdOffered = next(a, 'call:offered', (offer) => offer.callId === third.callId);
    await finishCall(a, firstCall.callId, firstCall.interactionId);
    expect((await thirdOffered).callId).toBe(third.callId);
    a.disconnect();
    b.disconnect();
  });

  it('moves an unanswered offer to the next agent and sets the first one not-ready (missed)', async () => {
    t.ringside.reference.updateQueueTimers('billing', { ringTimeoutSec: 1 });
    const first = await readyAgent(t, 'agent3');
    const missed = next(first, 'agent:state-changed', (state) => state.reason === 'missed', 15_000);
    const firstOffer = next(first, 'call:offered');
    const { callId } = await placeCall('+12125550104', '+18005550103');
    expect((await firstOffer).callId).toBe(callId);
    // listen before agent4 is ready: when agent3's ring ran out during agent4's login, the call is offered the
    // moment agent4 turns ready, and that event can arrive before the set-state ack
    const second = await t.connect(await t.login('agent4'));
    const secondOffer = next(second, 'call:offered', (offer) => offer.callId === callId, 15_000);
    expect((await command(second, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    expect((await missed).status).toBe('not-ready');
    expect((await secondOffer).callId).toBe(callId);
    first.disconnect();
    second.disconnect();
    t.ringside.reference.updateQueueTimers('billing', { ringTimeoutSec: 20 });
  });

  it('records a caller who waits past their patience as abandoned', async () => {
    const { interactionId } = await placeCall('+12125550105', '+18005550100', 1);
    await expect
      .poll(
        () =>
          t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get()?.outcome,
        {
          timeout: 15_000,
        },
      )
      .toBe('abandoned');
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    expect(row?.waitMs).toBeGreaterThanOrEqual(900);
    expect(row?.answeredAt).toBeNull();
  });
});

describe('wrap-up dispositions', () => {
  async function endedCall(from: string) {
    const agent = await readyAgent(t, 'agent4');
    const offered = next(agent, 'call:offered');
    await placeCall(from, SUPPORT);
    const offer = await offered;
    await command(agent, 'call:answer', { callId: offer.callId });
    await command(agent, 'call:hangup', { callId: offer.callId });
    return { agent, offer };
  }

  it('is idempotent: a resend replays the result; another submission conflicts', async () => {
    const { agent, offer } = await endedCall('+12125550106');
    const payload = {
      interactionId: offer.interactionId,
      idempotencyKey: 'callback-once',
      dispositionCode: 'callback-requested',
      notes: 'Call back after 5pm',
      callbackAt: Date.now() + 86_400_000,
    };
    const first = await command(agent, 'interaction:wrap-up', payload);
    const again = await command(agent, 'interaction:wrap-up', payload);
    expect(first.ok && first.data.followUpId).toEqual(expect.any(Number));
    expect(again).toEqual(first);
    const rows = t.ringside.db
      .select()
      .from(followUps)
      .where(eq(followUps.interactionId, offer.interactionId))
      .all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'callback', status: 'open', dueAt: payload.callbackAt });
    const other = await command(agent, 'interaction:wrap-up', { ...payload, idempotencyKey: 'another-one' });
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    agent.disconnect();
  });

  it('requires a callback time for callback dispositions', async () => {
    const { agent, offer } = await endedCall('+12125550107');
    const result = await command(agent, 'interaction:wrap-up', {
      interactionId: offer.interactionId,
      idempotencyKey: 'no-callback-time',
      dispositionCode: 'callback-requested',
      notes: '',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    agent.disconnect();
  });

  it('adds the caller to the DNC list at once for "do not call", with an audit record', async () => {
    const { agent, offer } = await endedCall('(212) 555-0108');
    const result = await command(agent, 'interaction:wrap-up', {
      interactionId: offer.interactionId,
      idempotencyKey: 'dnc-right-now',
      dispositionCode: 'do-not-call',
      notes: 'Asked not to be called again',
    });
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, data: { addedToDnc: true } });
    const entry = t.ringside.db.select().from(dncEntries).where(eq(dncEntries.e164, '+12125550108')).get();
    expect(entry).toMatchObject({ scope: 'global', source: 'disposition' });
    const audit = t.ringside.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `interaction:${offer.interactionId}`))
      .all();
    expect(audit.map((row) => row.action)).toContain('dnc.add');
    agent.disconnect();
  });
});
