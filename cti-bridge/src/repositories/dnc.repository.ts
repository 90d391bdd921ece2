import { and, asc, eq, inArray } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { auditLog, dncEntries, dncRegistries } from '../../../db/schema';
import type { DncEntryView } from '../../protocol/dnc.schema';

type EntryRow = typeof dncEntries.$inferSelect;

export interface DncAdd {
  e164: string;
  /** Null: the global list. */
  campaignId: number | null;
  source: string;
  reason: string | null;
  addedBy: number | null;
  at: number;
}

export interface RegistryRecord {
  name: string;
  fileName: string;
  numbers: number;
  bytes: number;
  sha256: string;
  importedBy: number | null;
  importedAt: number;
}

const toView = (row: EntryRow): DncEntryView => ({
  e164: row.e164,
  scope: row.scope,
  campaignId: row.scope === 'campaign' ? row.campaignId : null,
  source: row.source,
  reason: row.reason,
  addedBy: row.addedBy,
  addedAt: row.addedAt,
});

const scopeOf = (campaignId: number | null) =>
  campaignId === null
    ? { scope: 'global' as const, campaignId: 0 }
    : { scope: 'campaign' as const, campaignId };

/** The company's own do-not-call lists (global and per campaign) and the registry files' metadata. */
export function createDncRepository(db: RingsideDb) {
  const client = db.$client;
  const insert = client.prepare(
    `INSERT INTO dnc_entries (e164, scope, campaign_id, source, reason, added_by, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return {
    /** Every list entry for this number: the global one and any campaign's. */
    entriesFor(e164: string): DncEntryView[] {
      return db
        .select()
        .from(dncEntries)
        .where(eq(dncEntries.e164, e164))
        .orderBy(asc(dncEntries.scope), asc(dncEntries.campaignId))
        .all()
        .map(toView);
    },
    /** Adds and audits in one transaction; false when the number was already listed there. */
    add(entry: DncAdd): boolean {
      return db.transaction((tx) => {
        const { scope, campaignId } = scopeOf(entry.campaignId);
        const added =
          insert.run(entry.e164, scope, campaignId, entry.source, entry.reason, entry.addedBy, entry.at)
            .changes > 0;
        if (added)
          tx.insert(auditLog)
            .values(auditOf('dnc.add', entry, entry.reason))
            .run();
        return added;
      });
    },
    remove(entry: Omit<DncAdd, 'source'>): boolean {
      return db.transaction((tx) => {
        const { scope, campaignId } = scopeOf(entry.campaignId);
        const removed =
          tx
            .delete(dncEntries)
            .where(
              and(
                eq(dncEntries.e164, entry.e164),
                eq(dncEntries.scope, scope),
                eq(dncEntries.campaignId, campaignId),
              ),
            )
            .run().changes > 0;
        if (removed)
          tx.insert(auditLog)
            .values(auditOf('dnc.remove', entry, entry.reason))
            .run();
        return removed;
      });
    },
    /** Inserts one import batch in one transaction; returns how many were new. */
    addBatch(numbers: readonly string[], list: Omit<DncAdd, 'e164'>): number {
      const { scope, campaignId } = scopeOf(list.campaignId);
      return client.transaction(() => {
        let added = 0;
        for (const e164 of numbers)
          added += insert.run(
            e164,
            scope,
            campaignId,
            list.source,
            list.reason,
            list.addedBy,
            list.at,
          ).changes;
        return added;
      })();
    },
    /** The numbers on the global list and on this campaign's list (scrubbing a lead list). */
    listedNumbers(campaignId: number): { global: Set<string>; campaign: Set<string> } {
      const rows = db
        .select({ e164: dncEntries.e164, scope: dncEntries.scope })
        .from(dncEntries)
        .where(inArray(dncEntries.campaignId, [0, campaignId]))
        .all();
      const global = new Set<string>();
      const campaign = new Set<string>();
      for (const row of rows) (row.scope === 'global' ? global : campaign).add(row.e164);
      return { global, campaign };
    },
    registries(): RegistryRecord[] {
      return db.select().from(dncRegistries).orderBy(asc(dncRegistries.name)).all();
    },
    saveRegistry(record: RegistryRecord): void {
      db.insert(dncRegistries)
        .values(record)
        .onConflictDoUpdate({ target: dncRegistries.name, set: record })
        .run();
    },
  };
}

function auditOf(action: string, entry: Omit<DncAdd, 'source'>, reason: string | null) {
  return {
    at: entry.at,
    actorUserId: entry.addedBy,
    action,
    subject: entry.campaignId === null ? 'dnc:global' : `dnc:campaign:${entry.campaignId}`,
    decision: 'done' as const,
    reason,
    // Never the whole number in the audit details: the last four digits identify the entry for a reader.
    details: { last4: entry.e164.slice(-4), campaignId: entry.campaignId },
  };
}

export type DncRepository = ReturnType<typeof createDncRepository>;
