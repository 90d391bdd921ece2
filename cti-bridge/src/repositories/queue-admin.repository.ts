/**
 * Queues as admins configure them: read every queue with its holidays as the API's settings (queues named by
 * code), write a whole queue (row + holidays in one transaction). Plain domain types out.
 */
import { and, asc, count, desc, eq, isNotNull, isNull, ne, or } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import {
  businessTypes,
  interactions,
  queueCallbacks,
  queueHolidays,
  queues,
  queueThresholds,
  routingRuleSets,
  serviceNumbers,
} from '../../../db/schema';
import type { QueueSettings } from '../../protocol/queue-admin.schema';

export interface StoredQueue {
  id: number;
  settings: QueueSettings;
}

/** What still names a queue (it cannot be deleted while any of these is non-empty). */
export interface QueueReferences {
  /** Rule sets naming it: `draft`, or the version in force as `v<N>`, each with the rule ids. */
  rules: { ruleSet: string; ruleIds: string[] }[];
  /** Interactions (calls, history included) recorded in it. */
  calls: number;
  callbacks: number;
  serviceNumbers: string[];
  /** Queues that overflow or send their max-wait calls to it. */
  queues: string[];
}

/** A queue's row fields with the codes it names resolved to ids (the service checks they exist). */
export interface QueueWrite {
  settings: QueueSettings;
  businessTypeId: number;
  maxWaitQueueId: number | null;
  overflowQueueId: number | null;
}

export function createQueueAdminRepository(db: RingsideDb) {
  const rowOf = ({ settings: s, businessTypeId, maxWaitQueueId, overflowQueueId }: QueueWrite) => ({
    code: s.code,
    name: s.name,
    nameZh: s.nameZh,
    businessTypeId,
    slaTargetSec: s.slaTargetSec,
    slaTargetPercent: s.slaTargetPercent,
    priority: s.priority,
    ringTimeoutSec: s.ringTimeoutSec,
    maxWaitSec: s.maxWaitSec,
    maxWaitAction: s.maxWaitAction,
    maxWaitQueueId,
    overflowQueueId,
    overflowAfterSec: s.overflowAfterSec,
    timeZone: s.timeZone,
    openingHours: s.openingHours,
    afterHoursAction: s.afterHoursAction,
    afterHoursReason: s.afterHoursReason,
    tierOrder: s.tierOrder,
    wrapUpSec: s.wrapUpSec,
    wrapUpMode: s.wrapUpMode,
    callbacksEnabled: s.callbacksEnabled,
  });
  type Tx = Parameters<Parameters<RingsideDb['transaction']>[0]>[0];
  const writeHolidays = (tx: Tx, queueId: number, holidays: QueueSettings['holidays']) => {
    tx.delete(queueHolidays).where(eq(queueHolidays.queueId, queueId)).run();
    if (holidays.length > 0)
      tx.insert(queueHolidays)
        .values(holidays.map((holiday) => ({ queueId, date: holiday.date, name: holiday.name })))
        .run();
  };

  return {
    list(): StoredQueue[] {
      const typeCode = new Map(
        db
          .select({ id: businessTypes.id, code: businessTypes.code })
          .from(businessTypes)
          .all()
          .map((type) => [type.id, type.code]),
      );
      const rows = db.select().from(queues).orderBy(asc(queues.id)).all();
      const codeOf = new Map(rows.map((row) => [row.id, row.code]));
      const holidays = new Map<number, QueueSettings['holidays']>();
      for (const h of db.select().from(queueHolidays).orderBy(asc(queueHolidays.date)).all())
        holidays.set(h.queueId, [...(holidays.get(h.queueId) ?? []), { date: h.date, name: h.name }]);
      const code = (id: number | null) => (id === null ? null : (codeOf.get(id) ?? null));
      return rows.map((row) => ({
        id: row.id,
        settings: {
          code: row.code,
          name: row.name,
          nameZh: row.nameZh,
          businessType: typeCode.get(row.businessTypeId) ?? '',
          slaTargetPercent: row.slaTargetPercent,
          slaTargetSec: row.slaTargetSec,
          priority: row.priority,
          ringTimeoutSec: row.ringTimeoutSec,
          maxWaitSec: row.maxWaitSec,
          maxWaitAction: row.maxWaitAction,
          maxWaitQueue: code(row.maxWaitQueueId),
          overflowQueue: code(row.overflowQueueId),
          overflowAfterSec: row.overflowAfterSec,
          timeZone: row.timeZone,
          openingHours: row.openingHours,
          holidays: holidays.get(row.id) ?? [],
          afterHoursAction: row.afterHoursAction,
          afterHoursReason: row.afterHoursReason,
          tierOrder: row.tierOrder,
          wrapUpSec: row.wrapUpSec,
          wrapUpMode: row.wrapUpMode,
          callbacksEnabled: row.callbacksEnabled,
        },
      }));
    },
    /** The business types a queue may serve: those in service, and `keep` (a queue's own, even if retired). */
    businessTypeIds(keep?: string): Map<string, number> {
      return new Map(
        db
          .select({ id: businessTypes.id, code: businessTypes.code })
          .from(businessTypes)
          .where(or(isNull(businessTypes.retiredAt), eq(businessTypes.code, keep ?? '')))
          .all()
          .map((type) => [type.code, type.id]),
      );
    },
    create(queue: QueueWrite): number {
      return db.transaction((tx) => {
        const id = tx.insert(queues).values(rowOf(queue)).returning({ id: queues.id }).get().id;
        writeHolidays(tx, id, queue.settings.holidays);
        return id;
      });
    },
    references(id: number, code: string): QueueReferences {
      const counted = (n: { n: number } | undefined) => n?.n ?? 0;
      const ruleSets = [
        ...db.select().from(routingRuleSets).where(eq(routingRuleSets.status, 'draft')).all(),
        ...db
          .select()
          .from(routingRuleSets)
          .where(isNotNull(routingRuleSets.version))
          .orderBy(desc(routingRuleSets.version))
          .limit(1)
          .all(),
      ];
      return {
        rules: ruleSets.flatMap((set) => {
          const ruleIds = rulesNaming(set.document, code);
          return ruleIds.length > 0
            ? [{ ruleSet: set.version === null ? 'draft' : `v${set.version}`, ruleIds }]
            : [];
        }),
        calls: counted(
          db.select({ n: count() }).from(interactions).where(eq(interactions.queueId, id)).get(),
        ),
        callbacks: counted(
          db.select({ n: count() }).from(queueCallbacks).where(eq(queueCallbacks.queueId, id)).get(),
        ),
        serviceNumbers: db
          .select({ e164: serviceNumbers.e164 })
          .from(serviceNumbers)
          .where(eq(serviceNumbers.queueId, id))
          .all()
          .map((row) => row.e164),
        queues: db
          .select({ code: queues.code })
          .from(queues)
          .where(and(ne(queues.id, id), or(eq(queues.overflowQueueId, id), eq(queues.maxWaitQueueId, id))))
          .all()
          .map((row) => row.code),
      };
    },
    /** The queue with what only it owns (holidays, wallboard thresholds); the caller checked its references. */
    remove(id: number): void {
      db.transaction((tx) => {
        tx.delete(queueHolidays).where(eq(queueHolidays.queueId, id)).run();
        tx.delete(queueThresholds).where(eq(queueThresholds.queueId, id)).run();
        tx.delete(queues).where(eq(queues.id, id)).run();
      });
    },
    update(id: number, queue: QueueWrite): void {
      db.transaction((tx) => {
        tx.update(queues).set(rowOf(queue)).where(eq(queues.id, id)).run();
        writeHolidays(tx, id, queue.settings.holidays);
      });
    },
  };
}

export type QueueAdminRepository = ReturnType<typeof createQueueAdminRepository>;

/** The ids of a stored rule set's rules that send calls to the queue (the document is JSON as published). */
function rulesNaming(document: unknown, code: string): string[] {
  const rules = (document as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: { id?: unknown; queue?: unknown }) =>
    rule.queue === code ? [String(rule.id)] : [],
  );
}
