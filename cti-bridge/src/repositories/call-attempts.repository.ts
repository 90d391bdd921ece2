import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { callAttempts, leads } from '../../../db/schema';
import type { CallOutcome } from '../../protocol/campaign.schema';

export interface AttemptStart {
  leadId: number | null;
  campaignId: number | null;
  agentId: number | null;
  interactionId?: number | null;
  e164: string;
  at: number;
}

export interface AttemptHistory {
  /** Start instants of every attempt of the lead, oldest first. */
  times: number[];
  lastOutcome: CallOutcome | null;
  /** When the last attempt with an outcome ended (its start when no end was recorded). */
  lastOutcomeAt: number | null;
}

/** Every dial attempt (campaign or manual) with its outcome; the gate reads a lead's history from here. */
export function createCallAttemptsRepository(db: RingsideDb) {
  // prepared once: the compliance gate reads a lead's history (and, under UK rules, the number's last
  // abandoned call) on every dial decision
  const historyOf = db.$client
    .prepare(
      `SELECT id, started_at, ended_at, outcome FROM call_attempts
       WHERE lead_id = ? AND outcome IS NOT 'blocked' ORDER BY started_at, id`,
    )
    .raw();
  const lastAbandoned = db
    .select({ at: callAttempts.startedAt })
    .from(callAttempts)
    .where(and(eq(callAttempts.e164, sql.placeholder('e164')), eq(callAttempts.outcome, 'abandoned')))
    .orderBy(desc(callAttempts.startedAt))
    .limit(1)
    .prepare();
  return {
    /** Records a placed call (outcome pending) and counts it on the lead. */
    start(attempt: AttemptStart): number {
      return db.transaction((tx) => {
        const id = tx
          .insert(callAttempts)
          .values({ ...attempt, interactionId: attempt.interactionId ?? null, startedAt: attempt.at })
          .returning({ id: callAttempts.id })
          .get().id;
        if (attempt.leadId !== null)
          tx.update(leads)
            .set({ attempts: sql`${leads.attempts} + 1`, lastAttemptAt: attempt.at })
            .where(eq(leads.id, attempt.leadId))
            .run();
        return id;
      });
    },
    finish(
      id: number,
      result: {
        outcome: CallOutcome;
        answeredAt?: number | null;
        endedAt: number;
        interactionId?: number | null;
        /** A call the SIP edge refused (outcome `blocked`): the gate's codes. */
        blockCodes?: readonly string[];
        /** Abandoned: the PBX played the campaign's message to the callee. */
        messagePlayed?: boolean;
      },
    ): void {
      db.update(callAttempts)
        .set({
          outcome: result.outcome,
          ...(result.blockCodes ? { blockCodes: [...result.blockCodes] } : {}),
          messagePlayed: result.messagePlayed ?? false,
          answeredAt: result.answeredAt ?? null,
          endedAt: result.endedAt,
          ...(result.interactionId !== undefined ? { interactionId: result.interactionId } : {}),
        })
        .where(eq(callAttempts.id, id))
        .run();
    },
    /** An attempt still in progress (no outcome yet), for closing one whose bridge died; null otherwise. */
    open(id: number): {
      id: number;
      leadId: number | null;
      campaignId: number | null;
      agentId: number | null;
      interactionId: number | null;
      e164: string;
      startedAt: number;
    } | null {
      const row = db.select().from(callAttempts).where(eq(callAttempts.id, id)).get();
      if (!row || row.outcome !== null) return null;
      const { leadId, campaignId, agentId, interactionId, e164, startedAt } = row;
      return { id, leadId, campaignId, agentId, interactionId, e164, startedAt };
    },
    /** A dial the gate refused: recorded as an attempt with outcome `blocked`, not counted on the lead. */
    blocked(attempt: AttemptStart, codes: readonly string[]): number {
      return db
        .insert(callAttempts)
        .values({
          ...attempt,
          interactionId: null,
          startedAt: attempt.at,
          endedAt: attempt.at,
          outcome: 'blocked',
          blockCodes: [...codes],
        })
        .returning({ id: callAttempts.id })
        .get().id;
    },
    /**
     * The lead's attempts (blocked dials are not attempts) and its last known outcome; `except`: the attempt
     * being decided (the SIP edge's check of a call the bridge placed) is not an earlier one.
     */
    history(leadId: number, except?: number): AttemptHistory {
      const rows = historyOf.all(leadId) as [number, number, number | null, CallOutcome | null][];
      const times: number[] = [];
      let lastOutcome: CallOutcome | null = null;
      let lastOutcomeAt: number | null = null;
      for (const [id, startedAt, endedAt, outcome] of rows) {
        if (id === except) continue;
        times.push(startedAt);
        if (outcome !== null) {
          lastOutcome = outcome;
          lastOutcomeAt = endedAt ?? startedAt;
        }
      }
      return { times, lastOutcome, lastOutcomeAt };
    },
    /** The latest abandoned call to this number, any campaign (UK 72-hour rule). */
    lastAbandonedAt(e164: string): number | null {
      return lastAbandoned.get({ e164 })?.at ?? null;
    },
    /** Abandoned and live-answered calls of a campaign since `since` (the abandon budget). */
    abandonStats(campaignId: number, since: number): { abandoned: number; liveAnswered: number } {
      const rows = db
        .select({ outcome: callAttempts.outcome, n: sql<number>`count(*)` })
        .from(callAttempts)
        .where(and(eq(callAttempts.campaignId, campaignId), gte(callAttempts.startedAt, since)))
        .groupBy(callAttempts.outcome)
        .all();
      const n = (outcome: CallOutcome) => rows.find((row) => row.outcome === outcome)?.n ?? 0;
      // An abandoned call was answered live too: the ratio is abandoned / (answered + abandoned).
      return { abandoned: n('abandoned'), liveAnswered: n('answered') + n('abandoned') };
    },
  };
}

export type CallAttemptsRepository = ReturnType<typeof createCallAttemptsRepository>;
