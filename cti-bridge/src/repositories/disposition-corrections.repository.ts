import { eq } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { auditLog, dispositions, dncEntries, followUps, interactions } from '../../../db/schema';
import type { DispositionRow } from './reference.repository';

export interface CorrectionRecord {
  interactionId: number;
  /** The supervisor or admin making it. */
  by: number;
  disposition: DispositionRow;
  /** Null keeps the notes. */
  notes: string | null;
  reason: string;
  callbackAt: number | null;
  at: number;
}

export type CorrectionOutcome =
  | { kind: 'corrected'; from: string | null; followUpId: number | null; addedToDnc: boolean }
  | { kind: 'not-found' }
  | { kind: 'not-ended' };

/**
 * Supervisors' disposition corrections. The new disposition, its follow-up or do-not-call entry and the audit
 * record (who, why, from what to what) are written in one transaction: all or none.
 */
export function createDispositionCorrectionsRepository(db: RingsideDb) {
  return {
    correct(record: CorrectionRecord): CorrectionOutcome {
      return db.transaction((tx) => {
        const row = tx.select().from(interactions).where(eq(interactions.id, record.interactionId)).get();
        if (!row) return { kind: 'not-found' } as const;
        if (row.endedAt === null) return { kind: 'not-ended' } as const;
        const from =
          row.dispositionId === null
            ? null
            : (tx
                .select({ code: dispositions.code })
                .from(dispositions)
                .where(eq(dispositions.id, row.dispositionId))
                .get()?.code ?? null);
        tx.update(interactions)
          .set({
            dispositionId: record.disposition.id,
            wrapUpEnd: 'disposition',
            ...(record.notes === null ? {} : { notes: record.notes }),
            ...(row.answeredAt !== null ? { outcome: 'completed' as const } : {}),
          })
          .where(eq(interactions.id, row.id))
          .run();
        let followUpId: number | null = null;
        if (record.disposition.schedulesCallback && record.callbackAt !== null)
          followUpId = tx
            .insert(followUps)
            .values({
              customerId: row.customerId,
              interactionId: row.id,
              kind: 'callback',
              dueAt: record.callbackAt,
              ownerUserId: row.agentId ?? record.by,
              phoneE164: row.callerE164,
              notes: record.notes || null,
            })
            .returning({ id: followUps.id })
            .get().id;
        const addedToDnc = record.disposition.addsToDnc && row.callerE164 !== null;
        const audit = (action: string, reason: string, details: Record<string, unknown>) =>
          tx
            .insert(auditLog)
            .values({
              at: record.at,
              actorUserId: record.by,
              action,
              subject: `interaction:${row.id}`,
              decision: 'done',
              reason,
              details,
            })
            .run();
        if (addedToDnc && row.callerE164) {
          tx.insert(dncEntries)
            .values({
              e164: row.callerE164,
              scope: 'global',
              source: 'correction',
              reason: record.disposition.code,
              addedBy: record.by,
              addedAt: record.at,
            })
            .onConflictDoNothing()
            .run();
          audit('dnc.add', record.disposition.code, { via: 'disposition.correct' });
        }
        audit('disposition.correct', record.reason, {
          from,
          to: record.disposition.code,
          notesReplaced: record.notes !== null,
          agentId: row.agentId,
        });
        return { kind: 'corrected', from, followUpId, addedToDnc } as const;
      });
    },
  };
}

export type DispositionCorrectionsRepository = ReturnType<typeof createDispositionCorrectionsRepository>;
