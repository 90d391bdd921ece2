import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { leadImports, leads } from '../../../db/schema';
import type { LeadImportResult, LeadStatus, LeadView, LeadsSummary } from '../../protocol/campaign.schema';

type LeadRow = typeof leads.$inferSelect;

/** A validated row of an import, ready to insert. */
export interface NewLead {
  e164: string;
  raw: string;
  fields: Record<string, string>;
  timeZones: readonly string[];
  timeZoneSource: 'lead' | 'number';
  priority: number;
  customerId: number | null;
  importLine: number;
}

export const toLeadView = (row: LeadRow): LeadView => ({
  id: row.id,
  campaignId: row.campaignId,
  e164: row.e164,
  fields: row.fields,
  timeZones: row.timeZones ? row.timeZones.split(' ') : [],
  status: row.status,
  priority: row.priority,
  attempts: row.attempts,
  attemptsToday: row.attemptsToday,
  nextAttemptAt: row.nextAttemptAt,
  lastAttemptAt: row.lastAttemptAt,
  lastOutcome: row.lastOutcome,
  customerId: row.customerId,
  importLine: row.importLine,
});

export function createLeadsRepository(db: RingsideDb) {
  const client = db.$client;
  // prepared once: the compliance gate reads a lead on every dial decision
  const leadById = db
    .select()
    .from(leads)
    .where(eq(leads.id, sql.placeholder('id')))
    .prepare();
  const insertLead = client.prepare(
    `INSERT INTO leads (campaign_id, e164, raw, fields, time_zones, time_zone_source, priority, customer_id,
       import_id, import_line, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const customerByPhone = client
    .prepare('SELECT customer_id AS id FROM customer_phones WHERE e164 = ? ORDER BY customer_id LIMIT 1')
    .pluck();

  return {
    get(id: number): LeadView | null {
      const row = leadById.get({ id });
      return row ? toLeadView(row) : null;
    },
    /** The campaign's numbers and their lead ids (duplicate detection for an import). */
    numbersOf(campaignId: number): Map<string, number> {
      const rows = client
        .prepare('SELECT e164, id FROM leads WHERE campaign_id = ?')
        .raw()
        .all(campaignId) as [string, number][];
      return new Map(rows);
    },
    /** The customer with this number (lowest id when shared), for linking leads. */
    customerIdByPhone(e164: string): number | null {
      return (customerByPhone.get(e164) as number | undefined) ?? null;
    },
    /** Inserts one batch in one transaction; returns how many were new. */
    insertBatch(campaignId: number, importId: number | null, batch: readonly NewLead[], at: number): number {
      return client.transaction(() => {
        let inserted = 0;
        for (const lead of batch)
          inserted += insertLead.run(
            campaignId,
            lead.e164,
            lead.raw,
            JSON.stringify(lead.fields),
            lead.timeZones.join(' '),
            lead.timeZoneSource,
            lead.priority,
            lead.customerId,
            importId,
            lead.importLine,
            at,
          ).changes;
        return inserted;
      })();
    },
    startImport(campaignId: number, importedBy: number | null, at: number): number {
      return db
        .insert(leadImports)
        .values({
          campaignId,
          sha256: '',
          rows: 0,
          imported: 0,
          duplicates: 0,
          rejected: 0,
          linkedCustomers: 0,
          importedBy,
          importedAt: at,
        })
        .returning({ id: leadImports.id })
        .get().id;
    },
    finishImport(id: number, sha256: string, result: LeadImportResult): void {
      db.update(leadImports)
        .set({
          sha256,
          rows: result.rows,
          imported: result.imported,
          duplicates: result.duplicates.length,
          rejected: result.rejected.length,
          linkedCustomers: result.linkedCustomers,
          rejectedRows: result.rejected,
        })
        .where(eq(leadImports.id, id))
        .run();
    },
    /** The bad rows of one import (the console's downloadable report). */
    importReport(campaignId: number, importId: number): unknown[] | null {
      const row = db
        .select({ rejectedRows: leadImports.rejectedRows })
        .from(leadImports)
        .where(and(eq(leadImports.id, importId), eq(leadImports.campaignId, campaignId)))
        .get();
      return row ? row.rejectedRows : null;
    },
    summary(campaignId: number): LeadsSummary {
      const byStatus: Record<string, number> = {};
      let total = 0;
      for (const row of db
        .select({ status: leads.status, n: count() })
        .from(leads)
        .where(eq(leads.campaignId, campaignId))
        .groupBy(leads.status)
        .all()) {
        byStatus[row.status] = row.n;
        total += row.n;
      }
      const linked = client
        .prepare('SELECT count(*) FROM leads WHERE campaign_id = ? AND customer_id IS NOT NULL')
        .pluck()
        .get(campaignId) as number;
      const imports = db
        .select()
        .from(leadImports)
        .where(eq(leadImports.campaignId, campaignId))
        .orderBy(desc(leadImports.importedAt), desc(leadImports.id))
        .limit(20)
        .all()
        .map(({ id, rows, imported, duplicates, rejected, importedAt }) => ({
          id,
          rows,
          imported,
          duplicates,
          rejected,
          importedAt,
        }));
      return { campaignId, total, byStatus, linkedCustomers: linked, imports };
    },
    /** A page of the campaign's leads in id order (after `afterId`). */
    page(campaignId: number, afterId: number, limit: number, status?: LeadStatus): LeadView[] {
      const where = status
        ? and(eq(leads.campaignId, campaignId), gt(leads.id, afterId), eq(leads.status, status))
        : and(eq(leads.campaignId, campaignId), gt(leads.id, afterId));
      return db.select().from(leads).where(where).orderBy(asc(leads.id)).limit(limit).all().map(toLeadView);
    },
    /** Every lead's id and number, for scrubbing against the DNC lists. */
    numbersForScrub(campaignId: number): { ids: Int32Array; e164s: string[] } {
      const rows = client
        .prepare('SELECT id, e164 FROM leads WHERE campaign_id = ? ORDER BY id')
        .raw()
        .all(campaignId) as [number, string][];
      const ids = new Int32Array(rows.length);
      const e164s = new Array<string>(rows.length);
      rows.forEach(([id, e164], i) => {
        ids[i] = id;
        e164s[i] = e164;
      });
      return { ids, e164s };
    },
    setStatus(id: number, status: LeadStatus): void {
      db.update(leads).set({ status }).where(eq(leads.id, id)).run();
    },
  };
}

export type LeadsRepository = ReturnType<typeof createLeadsRepository>;
