/**
 * The routing decisions of one dispatch round are written in one commit (routedAll), each on its own interaction,
 * before the round returns: on a real SQLite file with the real migrations, a second connection (another process's
 * view) sees every record of the round as soon as the call returns, and a round that fails writes none of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../../db/open-database';
import { ensureReferenceData } from '../../../db/seed/reference-data';
import {
  createQueueingRepository,
  type DecisionRecord,
  type QueueingRepository,
} from '../../../cti-bridge/src/repositories/queueing.repository';

let dir: string;
let db: RingsideDb;
let other: Database.Database;
let repository: QueueingRepository;
let queueId = 0;
let calls = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-decision-records-'));
  db = openDatabase(join(dir, 'ringside.sqlite'));
  ensureReferenceData(db);
  other = new Database(join(dir, 'ringside.sqlite'), { readonly: true });
  repository = createQueueingRepository(db);
  queueId = repository.queueNames()[0]?.queueId ?? 0;
});
afterAll(() => {
  other.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const newInteraction = () =>
  Number(
    db.$client
      .prepare(
        "INSERT INTO interactions (direction, pbx_call_id, caller_raw, service_number, queued_at, outcome) VALUES ('inbound', ?, 'x', 'x', 0, 'queued')",
      )
      .run(`c${++calls}`).lastInsertRowid,
  );
const recordOf = (interactionId: number, agentLevel: number): DecisionRecord => ({
  interactionId,
  queueId,
  rule: `queue sales, no tier, waited 3 s, agent level ${agentLevel} of 10, idle 1 s`,
  detail: { queue: 'sales', agentLevel },
});
const seenElsewhere = (id: number) =>
  other
    .prepare('SELECT routing_rule AS rule, routing_decision AS detail FROM interactions WHERE id = ?')
    .get(id) as { rule: string | null; detail: string | null } | undefined;

describe('the records of a dispatch round', () => {
  it.each([1, 3])('%i decision(s): each on its interaction, committed when the round returns', (count) => {
    const ids = Array.from({ length: count }, newInteraction);
    repository.routedAll(ids.map((id, i) => recordOf(id, i + 5)));
    for (const [i, id] of ids.entries()) {
      const row = seenElsewhere(id);
      expect(row?.rule).toBe(`queue sales, no tier, waited 3 s, agent level ${i + 5} of 10, idle 1 s`);
      expect(JSON.parse(row?.detail ?? 'null')).toEqual({ queue: 'sales', agentLevel: i + 5 });
    }
  });

  it('all or none: a round whose write fails leaves no record of it', () => {
    const [a, b] = [newInteraction(), newInteraction()];
    const bad = { ...recordOf(b, 7), queueId: 999_999 }; // no such queue: the foreign key refuses it
    expect(() => repository.routedAll([recordOf(a, 6), bad])).toThrow();
    expect(seenElsewhere(a)?.rule).toBeNull();
    expect(seenElsewhere(b)?.rule).toBeNull();
  });
});
