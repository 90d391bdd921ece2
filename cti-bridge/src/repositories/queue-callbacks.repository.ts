/**
 * A queue callback's life after it was requested: offered to an agent, dialled (its outbound interaction and
 * attempt linked to the request and so to the original call), and its outcome: completed, blocked by the gate,
 * tried again later, or closed. Plain domain types out.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, customers, queueCallbacks, queues } from '../../../db/schema';

export type QueueCallbackState = (typeof queueCallbacks.$inferSelect)['state'];

/** A callback as dispatch needs it: its number, place, queue and business type, and how it went so far. */
export interface QueueCallbackRecord {
  id: number;
  queueId: number;
  e164: string;
  source: 'caller' | 'web' | 'sip' | 'after-hours';
  arrivedAt: number;
  requestedAt: number;
  state: QueueCallbackState;
  customerId: number | null;
  originalInteractionId: number | null;
  callbackInteractionId: number | null;
  attempts: number;
  outcome: string | null;
  nextAttemptAt: number | null;
  queue: { id: number; code: string; name: string; nameZh: string | null };
  businessType: { id: number; code: string; name: string; nameZh: string };
}

/** A callback waiting for its turn, as the queueing engine takes it. */
export interface WaitingCallback {
  id: number;
  queueId: number;
  arrivedAt: number;
  tier: string | null;
  nextAttemptAt: number | null;
  declinedBy?: readonly number[];
}

export function createQueueCallbacksRepository(db: RingsideDb) {
  const set = (id: number, values: Partial<typeof queueCallbacks.$inferInsert> & { updatedAt: number }) =>
    db.update(queueCallbacks).set(values).where(eq(queueCallbacks.id, id)).run();
  return {
    find(id: number): QueueCallbackRecord | null {
      const row = db
        .select({ callback: queueCallbacks, queue: queues, type: businessTypes })
        .from(queueCallbacks)
        .innerJoin(queues, eq(queues.id, queueCallbacks.queueId))
        .innerJoin(businessTypes, eq(businessTypes.id, queues.businessTypeId))
        .where(eq(queueCallbacks.id, id))
        .get();
      if (!row) return null;
      const { callback: c, queue: q, type: b } = row;
      return {
        id: c.id,
        queueId: c.queueId,
        e164: c.e164,
        source: c.source,
        arrivedAt: c.arrivedAt,
        requestedAt: c.requestedAt,
        state: c.state,
        customerId: c.customerId,
        originalInteractionId: c.originalInteractionId,
        callbackInteractionId: c.callbackInteractionId,
        attempts: c.attempts,
        outcome: c.outcome,
        nextAttemptAt: c.nextAttemptAt,
        queue: { id: q.id, code: q.code, name: q.name, nameZh: q.nameZh },
        businessType: { id: b.id, code: b.code, name: b.nameEn, nameZh: b.nameZh },
      };
    },
    /** Callbacks waiting their turn (in arrival order), with the customer's tier for the call order. */
    waiting(): WaitingCallback[] {
      return db
        .select({
          id: queueCallbacks.id,
          queueId: queueCallbacks.queueId,
          arrivedAt: queueCallbacks.arrivedAt,
          tier: customers.tier,
          nextAttemptAt: queueCallbacks.nextAttemptAt,
        })
        .from(queueCallbacks)
        .leftJoin(customers, eq(customers.id, queueCallbacks.customerId))
        .where(eq(queueCallbacks.state, 'waiting'))
        .orderBy(asc(queueCallbacks.arrivedAt))
        .all();
    },
    /** An earlier run stopped while these were offered: they wait again (nothing was dialled). */
    releaseOffered(at: number): void {
      db.update(queueCallbacks)
        .set({ state: 'waiting', agentId: null, updatedAt: at })
        .where(inArray(queueCallbacks.state, ['offered']))
        .run();
    },
    offered(id: number, agentId: number, at: number): boolean {
      const result = db
        .update(queueCallbacks)
        .set({ state: 'offered', agentId, updatedAt: at })
        .where(and(eq(queueCallbacks.id, id), eq(queueCallbacks.state, 'waiting')))
        .run();
      return result.changes === 1;
    },
    /** Not taken (declined, not accepted in time, the agent left): back to its place. */
    backToWaiting(id: number, at: number): void {
      set(id, { state: 'waiting', agentId: null, updatedAt: at });
    },
    dialling(
      id: number,
      call: { agentId: number; interactionId: number; attemptId: number; attempts: number; at: number },
    ): void {
      set(id, {
        state: 'dialling',
        agentId: call.agentId,
        callbackInteractionId: call.interactionId,
        callAttemptId: call.attemptId,
        attempts: call.attempts,
        nextAttemptAt: null,
        updatedAt: call.at,
      });
    },
    /** Unanswered: waits until `nextAttemptAt`, keeping its place. */
    retryLater(id: number, outcome: string, nextAttemptAt: number, at: number): void {
      set(id, { state: 'waiting', agentId: null, outcome, nextAttemptAt, updatedAt: at });
    },
    /** Over: completed (answered), blocked by the gate (its codes), failed (tries used up). */
    closed(id: number, state: 'completed' | 'blocked' | 'failed', outcome: string, at: number): void {
      set(id, { state, outcome, nextAttemptAt: null, updatedAt: at });
    },
  };
}

export type QueueCallbacksRepository = ReturnType<typeof createQueueCallbacksRepository>;
