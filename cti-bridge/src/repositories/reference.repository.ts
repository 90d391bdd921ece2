import { asc, eq } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, dispositions, queues, serviceNumbers } from '../../../db/schema';
import type { DispositionOption } from '../../protocol/call.schema';

export type QueueRow = typeof queues.$inferSelect;
export type BusinessTypeRow = typeof businessTypes.$inferSelect;
export type DispositionRow = typeof dispositions.$inferSelect;

export interface ServiceRoute {
  serviceNumber: string;
  label: string;
  labelZh: string | null;
  priority: number;
  /** The language callers on this line speak (service_numbers.language); routing prefers agents who speak it. */
  language: string;
  businessType: BusinessTypeRow;
  queue: QueueRow;
}

export function createReferenceRepository(db: RingsideDb) {
  return {
    /** DID → business type → queue. Small table: read on every call rather than cached so admin edits apply. */
    routeForServiceNumber(e164: string): ServiceRoute | undefined {
      const row = db
        .select({ number: serviceNumbers, businessType: businessTypes, queue: queues })
        .from(serviceNumbers)
        .innerJoin(businessTypes, eq(businessTypes.id, serviceNumbers.businessTypeId))
        .innerJoin(queues, eq(queues.id, serviceNumbers.queueId))
        .where(eq(serviceNumbers.e164, e164))
        .get();
      if (!row) return undefined;
      return {
        serviceNumber: row.number.e164,
        label: row.number.label,
        labelZh: row.number.labelZh,
        priority: row.number.priority,
        language: row.number.language,
        businessType: row.businessType,
        queue: row.queue,
      };
    },
    serviceNumbers(): string[] {
      return db
        .select({ e164: serviceNumbers.e164 })
        .from(serviceNumbers)
        .all()
        .map((row) => row.e164);
    },
    dispositionByCode(code: string): DispositionRow | undefined {
      return db.select().from(dispositions).where(eq(dispositions.code, code)).get();
    },
    dispositionOptions(): DispositionOption[] {
      return db
        .select()
        .from(dispositions)
        .orderBy(asc(dispositions.sortOrder), asc(dispositions.id))
        .all()
        .map((row) => ({
          code: row.code,
          labelEn: row.labelEn,
          labelZh: row.labelZh,
          category: row.category,
          schedulesCallback: row.schedulesCallback,
          addsToDnc: row.addsToDnc,
        }));
    },
    updateQueueTimers(
      code: string,
      timers: Partial<Pick<QueueRow, 'ringTimeoutSec' | 'wrapUpSec' | 'maxWaitSec' | 'wrapUpMode'>>,
    ) {
      db.update(queues).set(timers).where(eq(queues.code, code)).run();
    },
  };
}

export type ReferenceRepository = ReturnType<typeof createReferenceRepository>;
