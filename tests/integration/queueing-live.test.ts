import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, interactions, queueCallbacks, queues, userSkills, users } from '../../db/schema';
import { placeSimCall, readyAgent, useTestRingside } from '../support/ringside-file';
import { next, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
const BILLING = '+18005550103';
let t: TestRingside;
let admin: string;

useTestRingside((file) => ({ t, admin } = file), { endCallsAfterEach: true });

const userId = (username: string) =>
  t.ringside.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id ?? 0;
const queueOf = (code: string) => t.ringside.db.select().from(queues).where(eq(queues.code, code)).get();

const placeCall = (from: string, to: string) => placeSimCall(t, admin, { from, to });

function setLevel(username: string, queueCode: string, level: number) {
  const id = userId(username);
  const businessTypeId = queueOf(queueCode)?.businessTypeId ?? 0;
  t.ringside.db
    .update(userSkills)
    .set({ level })
    .where(and(eq(userSkills.userId, id), eq(userSkills.businessTypeId, businessTypeId)))
    .run();
  t.ringside.queues.agentChanged(id);
}

describe('queueing in the live call flow', () => {
  it('offers the call to the higher skill level, records why on the interaction and in the pop', async () => {
    // agent4 goes ready first (idle longest), but a supervisor just made agent2 the support expert
    const low = await readyAgent(t, 'agent4');
    const high = await readyAgent(t, 'agent2');
    setLevel('agent4', 'support', 3);
    setLevel('agent2', 'support', 9);
    const offered = next(high, 'call:offered', undefined, 10_000);
    const { callId, interactionId } = await placeCall('+12125550111', SUPPORT);
    const offer = await offered;
    expect(offer.callId).toBe(callId);
    expect(offer.routingRule).toMatch(/^queue support, .*agent level 9 of 10/);
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    expect(row?.routingRule).toBe(offer.routingRule);
    expect(row?.routingDecision).toMatchObject({ queue: 'support', agentLevel: 9, maxLevel: 10 });
    const snapshot = t.ringside.queues.queueSnapshot(queueOf('support')?.id ?? 0);
    expect(snapshot?.today.offered).toBeGreaterThanOrEqual(1);
    expect(snapshot?.staffed).toBeGreaterThanOrEqual(2);
    low.disconnect();
    high.disconnect();
  });

  it('refuses a call to a closed queue with its reason, recorded on the interaction', async () => {
    const billing = queueOf('billing');
    t.ringside.db
      .update(queues)
      .set({ openingHours: [], afterHoursReason: 'closed for the test' })
      .where(eq(queues.code, 'billing'))
      .run();
    t.ringside.queues.reload();
    try {
      const { interactionId } = await placeCall('+12125550112', BILLING);
      const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
      expect(row?.outcome).toBe('abandoned');
      expect(row?.routingRule).toBe('queue billing, closed: refused (closed for the test)');
    } finally {
      t.ringside.db
        .update(queues)
        .set({ openingHours: billing?.openingHours ?? null, afterHoursReason: null })
        .where(eq(queues.code, 'billing'))
        .run();
      t.ringside.queues.reload();
    }
  });

  it('takes a website’s callback request into the queue, validated and throttled per number', async () => {
    const supervisor = await t.connect(await t.login('supervisor'));
    const updated = next(
      supervisor,
      'queue:updated',
      (u) => u.queues.some((q) => q.code === 'sales' && q.callbacksWaiting > 0),
      15_000,
    );
    const ok = await t.api<{ callbackId: number; position: number; alreadyQueued: boolean }>(
      'POST',
      '/api/queue-callbacks',
      undefined,
      {
        number: '+1 212 555 0113',
        queue: 'sales',
      },
    );
    expect(ok.status).toBe(201);
    expect(ok.body.position).toBeGreaterThanOrEqual(1);
    expect(ok.body.alreadyQueued).toBe(false);
    // the same number again (written another way): merged into the open request, told so, audited
    const again = await t.api<{ callbackId: number; alreadyQueued: boolean }>(
      'POST',
      '/api/queue-callbacks',
      undefined,
      { number: '(212) 555-0113', queue: 'sales' },
    );
    expect(again.body).toMatchObject({ callbackId: ok.body.callbackId, alreadyQueued: true });
    const merged = t.ringside.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `queue-callback:${ok.body.callbackId}`))
      .all();
    expect(merged).toMatchObject([
      {
        action: 'queue-callback.merged',
        reason: 'already queued',
        details: { source: 'web', number: '•••••••0113' },
      },
    ]);
    expect(
      t.ringside.db.select().from(queueCallbacks).where(eq(queueCallbacks.e164, '+12125550113')).all(),
    ).toHaveLength(1);
    expect((await updated).queues.find((q) => q.code === 'sales')?.callbacksWaiting).toBe(1);
    expect(
      (await t.api('POST', '/api/queue-callbacks', undefined, { number: '12', queue: 'sales' })).status,
    ).toBe(400);
    expect(
      (await t.api('POST', '/api/queue-callbacks', undefined, { number: '+12125550114', queue: 'nope' }))
        .status,
    ).toBe(404);
    await t.api('POST', '/api/queue-callbacks', undefined, { number: '+12125550113', queue: 'sales' });
    const limited = await t.api('POST', '/api/queue-callbacks', undefined, {
      number: '+12125550113',
      queue: 'sales',
    });
    expect(limited.status).toBe(429);
    supervisor.disconnect();
  });
});
