import { eq } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { queueThresholds, users } from '../../../db/schema';
import type { QueueThresholds } from '../../protocol/wallboard.schema';

/** A queue's own wallboard thresholds, with who set them last and when. */
export interface StoredThresholds {
  queueId: number;
  thresholds: QueueThresholds;
  updatedAt: number;
  updatedBy: string | null;
}

type Row = typeof queueThresholds.$inferSelect;

const toStored = (row: Row, updatedBy: string | null): StoredThresholds => ({
  queueId: row.queueId,
  thresholds: {
    serviceLevel: { good: row.slGood, warn: row.slWarn },
    longestWaitSec: { good: row.waitGoodSec, warn: row.waitWarnSec },
    abandonRate: { good: row.abandonGood, warn: row.abandonWarn },
  },
  updatedAt: row.updatedAt,
  updatedBy,
});

/** The per-queue thresholds that colour the wallboard's cells (no row: the queue's defaults apply). */
export function createQueueThresholdsRepository(db: RingsideDb) {
  return {
    all(): Map<number, StoredThresholds> {
      const rows = db
        .select({ row: queueThresholds, by: users.displayName })
        .from(queueThresholds)
        .leftJoin(users, eq(users.id, queueThresholds.updatedBy))
        .all();
      return new Map(rows.map(({ row, by }) => [row.queueId, toStored(row, by)]));
    },
    set(queueId: number, t: QueueThresholds, at: number, actorId: number): void {
      const values = {
        slGood: t.serviceLevel.good,
        slWarn: t.serviceLevel.warn,
        waitGoodSec: t.longestWaitSec.good,
        waitWarnSec: t.longestWaitSec.warn,
        abandonGood: t.abandonRate.good,
        abandonWarn: t.abandonRate.warn,
        updatedAt: at,
        updatedBy: actorId,
      };
      db.insert(queueThresholds)
        .values({ queueId, ...values })
        .onConflictDoUpdate({ target: queueThresholds.queueId, set: values })
        .run();
    },
    /** Back to the queue's defaults; false when it had none of its own. */
    clear(queueId: number): boolean {
      return db.delete(queueThresholds).where(eq(queueThresholds.queueId, queueId)).run().changes > 0;
    },
  };
}

export type QueueThresholdsRepository = ReturnType<typeof createQueueThresholdsRepository>;
