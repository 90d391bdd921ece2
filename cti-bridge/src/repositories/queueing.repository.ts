/**
 * What the queueing engine reads and writes: queue policies (with their holidays), agents' skill levels and
 * languages, the routing decision on an interaction, and queue callbacks. Plain domain types out.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { queueCallbacks, queueHolidays, queues, userSkills, users } from '../../../db/schema';
import { queuePolicy, type QueuePolicy } from '../domain/queueing/queue-policy';

export interface QueueNames {
  queueId: number;
  code: string;
  name: string;
  nameZh: string | null;
}

export interface AgentProfile {
  skills: Map<number, number>;
  languages: Set<string>;
}

export interface NewQueueCallback {
  queueId: number;
  e164: string;
  raw: string;
  source: 'caller' | 'web' | 'sip' | 'after-hours';
  arrivedAt: number;
  requestedAt: number;
  customerId: number | null;
  originalInteractionId: number | null;
}

/** A request not over yet (waiting its turn, offered to an agent, or being dialled): a repeat merges into it. */
export interface OpenQueueCallback {
  id: number;
  arrivedAt: number;
  state: 'waiting' | 'offered' | 'dialling';
}

export interface WaitingQueueCallback {
  id: number;
  queueId: number;
  e164: string;
  arrivedAt: number;
  customerId: number | null;
}

/** One routing decision's record, as written on its interaction. */
export interface DecisionRecord {
  interactionId: number;
  queueId: number;
  rule: string;
  detail: Record<string, unknown>;
}

export function createQueueingRepository(db: RingsideDb) {
  // the decision is written on every offer: one prepared statement (drizzle would rebuild the query each time)
  const setDecision = db.$client.prepare(
    'UPDATE interactions SET queue_id = ?, routing_rule = ?, routing_decision = ? WHERE id = ?',
  );
  const write = (r: DecisionRecord) =>
    setDecision.run(r.queueId, r.rule, JSON.stringify(r.detail), r.interactionId);
  // the commit costs several times the statement: decisions made in the same round share one
  const writeAll = db.$client.transaction((records: readonly DecisionRecord[]) => {
    for (const record of records) write(record);
  });
  return {
    policies(): QueuePolicy[] {
      const holidays = new Map<number, Set<string>>();
      for (const h of db.select().from(queueHolidays).all()) {
        const set = holidays.get(h.queueId) ?? new Set<string>();
        set.add(h.date);
        holidays.set(h.queueId, set);
      }
      return db
        .select()
        .from(queues)
        .all()
        .map((q) =>
          queuePolicy({
            queueId: q.id,
            code: q.code,
            businessTypeId: q.businessTypeId,
            priority: q.priority,
            tierOrder: q.tierOrder,
            slaTargetSec: q.slaTargetSec,
            slaTargetPercent: q.slaTargetPercent,
            maxWaitSec: q.maxWaitSec,
            maxWaitAction: q.maxWaitAction,
            maxWaitQueueId: q.maxWaitQueueId,
            overflowAfterSec: q.overflowAfterSec,
            overflowQueueId: q.overflowQueueId,
            timeZone: q.timeZone,
            openingHours: q.openingHours,
            holidays: holidays.get(q.id) ?? new Set(),
            afterHoursAction: q.afterHoursAction,
            afterHoursReason: q.afterHoursReason,
            callbacksEnabled: q.callbacksEnabled,
          }),
        );
    },
    queueNames(): QueueNames[] {
      return db
        .select({ queueId: queues.id, code: queues.code, name: queues.name, nameZh: queues.nameZh })
        .from(queues)
        .orderBy(asc(queues.id))
        .all();
    },
    /** Skill levels and languages, read fresh (a supervisor's change applies to the next decision). */
    agentProfile(agentId: number): AgentProfile {
      const skills = new Map(
        db
          .select({ type: userSkills.businessTypeId, level: userSkills.level })
          .from(userSkills)
          .where(eq(userSkills.userId, agentId))
          .all()
          .map((s) => [s.type, s.level]),
      );
      const row = db.select({ languages: users.languages }).from(users).where(eq(users.id, agentId)).get();
      return { skills, languages: new Set(row?.languages ?? ['en']) };
    },
    /** The decision that routed the call: the queue it was answered from, the rule in words and as data. */
    routed(interactionId: number, queueId: number, rule: string, detail: Record<string, unknown>): void {
      write({ interactionId, queueId, rule, detail });
    },
    /**
     * The decisions of one dispatch round, committed together before any of their calls is offered (a group
     * commit: one commit instead of one per decision, each record durable before its offer).
     */
    routedAll(records: readonly DecisionRecord[]): void {
      if (records.length === 1) write(records[0] as DecisionRecord);
      else if (records.length > 1) writeAll(records);
    },
    createCallback(callback: NewQueueCallback): number {
      return db
        .insert(queueCallbacks)
        .values({ ...callback, state: 'waiting', updatedAt: callback.requestedAt })
        .returning({ id: queueCallbacks.id })
        .get().id;
    },
    waitingCallbacks(): WaitingQueueCallback[] {
      return db
        .select({
          id: queueCallbacks.id,
          queueId: queueCallbacks.queueId,
          e164: queueCallbacks.e164,
          arrivedAt: queueCallbacks.arrivedAt,
          customerId: queueCallbacks.customerId,
        })
        .from(queueCallbacks)
        .where(inArray(queueCallbacks.state, ['waiting']))
        .orderBy(asc(queueCallbacks.arrivedAt))
        .all();
    },
    /** The open request for this number in this queue, if any (a repeated "call me back" is the same request). */
    openCallbackFor(queueId: number, e164: string): OpenQueueCallback | null {
      const row = db
        .select({ id: queueCallbacks.id, arrivedAt: queueCallbacks.arrivedAt, state: queueCallbacks.state })
        .from(queueCallbacks)
        .where(
          and(
            eq(queueCallbacks.queueId, queueId),
            eq(queueCallbacks.e164, e164),
            inArray(queueCallbacks.state, ['waiting', 'offered', 'dialling']),
          ),
        )
        .orderBy(asc(queueCallbacks.arrivedAt))
        .get();
      if (!row) return null;
      return { id: row.id, arrivedAt: row.arrivedAt, state: row.state as OpenQueueCallback['state'] };
    },
    /** A repeated request arrived earlier than the open one's place (a caller who had waited): it takes that place. */
    callbackArrivedEarlier(id: number, arrivedAt: number, at: number): void {
      db.update(queueCallbacks)
        .set({ arrivedAt, updatedAt: at })
        .where(and(eq(queueCallbacks.id, id), gt(queueCallbacks.arrivedAt, arrivedAt)))
        .run();
    },
  };
}

export type QueueingRepository = ReturnType<typeof createQueueingRepository>;
