import type { RingsideDb } from '../../../db/open-database';
import { agentStateLog } from '../../../db/schema';
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
  // one statement prepared once: every dial decision is audited, so this insert is on the gate's hot path
  const insertEntry = db.$client.prepare(
    'INSERT INTO audit_log (at, actor_user_id, action, subject, decision, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    record(entry: AuditEntry): void {
      insertEntry.run(
        entry.at,
        entry.actorUserId,
        entry.action,
        entry.subject,
        entry.decision,
        entry.reason ?? null,
        entry.details === undefined ? null : JSON.stringify(entry.details),
      );
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
