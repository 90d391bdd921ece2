import { eq, sql } from 'drizzle-orm';
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

/** Every dial attempt (campaign or manual) with its outcome; the gate reads a lead's history from here. */
export function createCallAttemptsRepository(db: RingsideDb) {
  // prepared once: the predictive dialer reads the abandon budget of every running campaign each second
  const abandonCounts = db.$client
    .prepare(
      `SELECT count(*) FILTER (WHERE outcome = 'abandoned'),
         count(*) FILTER (WHERE outcome IN ('answered', 'abandoned'))
       FROM call_attempts WHERE campaign_id = ? AND started_at >= ?`,
    )
    .raw();
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
    /** Abandoned and live-answered calls of a campaign since `since` (the abandon budget). */
    abandonStats(campaignId: number, since: number): { abandoned: number; liveAnswered: number } {
      const [abandoned, liveAnswered] = abandonCounts.get(campaignId, since) as [number, number];
      // An abandoned call was answered live too: the ratio is abandoned / (answered + abandoned).
      return { abandoned, liveAnswered };
    },
  };
}

export type CallAttemptsRepository = ReturnType<typeof createCallAttemptsRepository>;
