import { and, desc, eq, gte } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { pacingDecisions } from '../../../db/schema';
import type { PacingDecisionRecord, PacingReasonCode } from '../../protocol/pacing.schema';
import type {
  BudgetStatus,
  PacingDecision,
  PacingFigures,
  PacingInputs,
} from '../domain/outbound/pacing/pacing-types';

/** A stored interval: the decision's inputs as `decidePacing` saw them (replayable) and what it did. */
export interface StoredPacingDecision extends PacingDecisionRecord {
  campaignId: number;
  inputs: PacingInputs;
}

/** The dial level (lines per agent available for them) and the abandon rate a stored decision saw. */
function chartPoint(
  figures: Record<string, unknown>,
  budget: Record<string, unknown>,
): { dialLevel?: number; abandonRate?: number } {
  const f = figures as Partial<PacingFigures>;
  const b = budget as Partial<BudgetStatus>;
  const available = (f.readyAgents ?? 0) + (f.agentsFreeing ?? 0);
  return {
    ...(typeof f.lines === 'number' ? { dialLevel: f.lines / Math.max(1, available) } : {}),
    ...(typeof b.rate === 'number' ? { abandonRate: b.rate } : {}),
  };
}

/** Each pacing interval that mattered, per campaign: why the dialer did what it did, replayable from its inputs. */
export function createPacingDecisionsRepository(db: RingsideDb) {
  return {
    record(campaignId: number, decision: PacingDecision, placed: number): void {
      db.insert(pacingDecisions)
        .values({
          campaignId,
          at: decision.inputs.at,
          launch: decision.launch,
          placed,
          mode: decision.mode,
          reason: decision.reason,
          inputs: decision.inputs as unknown as Record<string, unknown>,
          figures: decision.figures as unknown as Record<string, unknown>,
          budget: decision.budget as unknown as Record<string, unknown>,
        })
        .run();
    },
    /** The latest `limit` decisions of a campaign since `since`, newest first. */
    recent(campaignId: number, since: number, limit: number): StoredPacingDecision[] {
      return db
        .select()
        .from(pacingDecisions)
        .where(and(eq(pacingDecisions.campaignId, campaignId), gte(pacingDecisions.at, since)))
        .orderBy(desc(pacingDecisions.at), desc(pacingDecisions.id))
        .limit(limit)
        .all()
        .map((row) => ({
          campaignId: row.campaignId,
          at: row.at,
          launch: row.launch,
          placed: row.placed,
          mode: row.mode,
          reason: row.reason as PacingReasonCode,
          ...chartPoint(row.figures, row.budget),
          inputs: row.inputs as unknown as PacingInputs,
        }));
    },
  };
}

export type PacingDecisionsRepository = ReturnType<typeof createPacingDecisionsRepository>;
