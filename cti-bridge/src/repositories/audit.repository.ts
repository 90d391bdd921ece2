import type { RingsideDb } from '../../../db/open-database';
import { agentStateLog, auditLog } from '../../../db/schema';
import type { AgentState } from '../../protocol/agent-state.schema';

export interface AuditEntry {
  at: number;
  actorUserId: number | null;
  action: string;
  subject: string | null;
  decision: 'allowed' | 'blocked' | 'done';
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Append-only records: the audit trail and the agent state history (reports and disputes read them). */
export function createAuditRepository(db: RingsideDb) {
  return {
    record(entry: AuditEntry): void {
      db.insert(auditLog)
        .values({ ...entry, reason: entry.reason ?? null, details: entry.details ?? null })
        .run();
    },
    agentStateChanged(state: AgentState): void {
      db.insert(agentStateLog)
        .values({
          userId: state.agentId,
          version: state.version,
          status: state.status,
          reason: state.reason,
          callId: state.callId,
          at: state.since,
        })
        .run();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
