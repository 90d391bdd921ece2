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

/** What a unit of work returns to `recordAfter`: its result, and the audit entry committed with it. */
export interface Audited<T> {
  result: T;
  entry: AuditEntry;
}

/** Append-only records: the audit trail and the agent state history (reports and disputes read them). */
export function createAuditRepository(db: RingsideDb) {
  // one statement prepared once: every dial decision is audited, so this insert is on the gate's hot path
  const insertEntry = db.$client.prepare(
    'INSERT INTO audit_log (at, actor_user_id, action, subject, decision, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insert = (entry: AuditEntry): void => {
    insertEntry.run(
      entry.at,
      entry.actorUserId,
      entry.action,
      entry.subject,
      entry.decision,
      entry.reason ?? null,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    );
  };
  // BEGIN IMMEDIATE … COMMIT (a SAVEPOINT inside a transaction already open): better-sqlite3 rolls back on a throw
  const decideThenInsert = db.$client.transaction((work: () => Audited<unknown>): unknown => {
    const { result, entry } = work();
    insert(entry);
    return result;
  });
  return {
    record: insert,
    /**
     * Runs `work` — reads on this connection and a decision — and records the entry it returns, in ONE write
     * transaction taken before the reads: the reads see exactly the state the row is committed against, and the
     * pair pays one cycle of SQLite's locks instead of a read transaction then a write one (the gate's hot path).
     * Returns the result once the row is committed; throws, with nothing recorded, when it cannot be.
     */
    recordAfter<T>(work: () => Audited<T>): T {
      return decideThenInsert.immediate(work) as T;
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
