import type { Readable } from 'node:stream';
import type { ImportProgress, LeadImportResult } from '../../../protocol/campaign.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import type { CountryCode } from '../../domain/caller-id';
import { planHeaders, readLeadRow } from '../../domain/outbound/lead-row';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { LeadsRepository, NewLead } from '../../repositories/leads.repository';
import { zonesOfNumber } from '../compliance/time-zones';
import { ByteTap, CsvReadError, csvRecords } from './csv-records';

const BATCH = 5000;
const PROGRESS_EVERY = 5000;
export const MAX_LEAD_FILE_BYTES = 256 * 1024 * 1024;

export interface LeadImportRequest {
  campaignId: number;
  input: Readable;
  mapping?: Record<string, string>;
  userId: number | null;
  totalBytes: number | null;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Imports a CSV lead list into a campaign, streamed: rows validated one by one (bad rows reported with their
 * line and code while the good ones land), duplicates within the file and of the campaign's leads reported,
 * leads linked to the customer with their number, batches inserted in transactions. Importing the same file
 * again adds nothing and says so (`unchanged`).
 */
export function createLeadImportService(deps: {
  now: () => number;
  region: CountryCode;
  campaigns: CampaignsRepository;
  leads: LeadsRepository;
  audit: AuditRepository;
}) {
  return {
    async importCsv(request: LeadImportRequest): Promise<Result<LeadImportResult>> {
      const campaign = deps.campaigns.findById(request.campaignId);
      if (!campaign) return fail('NOT_FOUND', `no campaign ${request.campaignId}`);
      const run = new ImportRun(deps, request);
      const outcome = await run.execute();
      if (!outcome.ok) return outcome;
      deps.audit.record({
        at: deps.now(),
        actorUserId: request.userId,
        action: 'campaign.leads-import',
        subject: `campaign:${request.campaignId}`,
        decision: 'done',
        details: {
          rows: outcome.data.rows,
          imported: outcome.data.imported,
          duplicates: outcome.data.duplicates.length,
          rejected: outcome.data.rejected.length,
          importId: outcome.data.importId,
        },
      });
      return outcome;
    },
  };
}

type Deps = Parameters<typeof createLeadImportService>[0];

class ImportRun {
  private readonly tap = new ByteTap(MAX_LEAD_FILE_BYTES);
  private readonly existing: Map<string, number>;
  private readonly seen = new Map<string, number>();
  private readonly customerIds = new Map<string, number | null>();
  private readonly zoneCache = new Map<string, readonly string[]>();
  private readonly result: LeadImportResult = {
    importId: null,
    rows: 0,
    imported: 0,
    duplicates: [],
    rejected: [],
    linkedCustomers: 0,
    unchanged: false,
  };
  private batch: NewLead[] = [];
  private importId: number | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly request: LeadImportRequest,
  ) {
    this.existing = deps.leads.numbersOf(request.campaignId);
  }

  async execute(): Promise<Result<LeadImportResult>> {
    let plan: ReturnType<typeof planHeaders> | null = null;
    try {
      for await (const record of csvRecords(this.request.input, this.tap)) {
        if (!plan) {
          plan = planHeaders(record.fields, this.request.mapping);
          if (plan.phoneIndex < 0)
            return fail('CSV_PHONE_COLUMN_MISSING', 'the header line has no phone column');
          continue;
        }
        this.row(record.line, record.fields, plan);
        if (this.batch.length >= BATCH) this.flush();
        if (this.result.rows % PROGRESS_EVERY === 0) this.progress(false);
      }
    } catch (error) {
      if (!(error instanceof CsvReadError) || error.line === 0)
        return fail('VALIDATION_FAILED', error instanceof Error ? error.message : 'unreadable file');
      this.result.rejected.push({
        line: error.line,
        code: 'ROW_MALFORMED',
        reason: error.message.slice(0, 200),
      });
    }
    if (!plan) return fail('CSV_PHONE_COLUMN_MISSING', 'the file is empty: no header line');
    this.flush();
    this.result.unchanged = this.result.imported === 0;
    if (this.importId !== null) this.deps.leads.finishImport(this.importId, this.tap.digest(), this.result);
    this.progress(true);
    return ok(this.result);
  }

  private row(line: number, fields: string[], plan: ReturnType<typeof planHeaders>): void {
    this.result.rows++;
    const lead = readLeadRow(fields, plan, this.deps.region, (e164) => this.zonesOf(e164));
    if (!lead.ok) {
      this.result.rejected.push({ line, code: lead.code, reason: lead.reason });
      return;
    }
    const firstLine = this.seen.get(lead.e164);
    if (firstLine !== undefined) {
      this.result.duplicates.push({ line, duplicateOf: firstLine });
      return;
    }
    this.seen.set(lead.e164, line);
    const leadId = this.existing.get(lead.e164);
    if (leadId !== undefined) {
      this.result.duplicates.push({ line, duplicateOf: `lead:${leadId}` });
      return;
    }
    const customerId = this.customerOf(lead.e164);
    if (customerId !== null) this.result.linkedCustomers++;
    this.batch.push({
      e164: lead.e164,
      raw: lead.raw,
      fields: lead.fields,
      timeZones: lead.timeZones,
      timeZoneSource: lead.zoneSource,
      priority: Number.parseInt(lead.fields['priority'] ?? '0', 10) || 0,
      customerId,
      importLine: line,
    });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const at = this.deps.now();
    this.importId ??= this.deps.leads.startImport(this.request.campaignId, this.request.userId, at);
    this.result.importId = this.importId;
    this.result.imported += this.deps.leads.insertBatch(
      this.request.campaignId,
      this.importId,
      this.batch,
      at,
    );
    this.batch = [];
  }

  private zonesOf(e164: string): readonly string[] {
    // Zones depend on a prefix of at most 12 digits: cache by it (an import has few distinct prefixes).
    const key = e164.slice(0, 10);
    let zones = this.zoneCache.get(key);
    if (!zones) this.zoneCache.set(key, (zones = zonesOfNumber(e164)));
    return zones;
  }

  private customerOf(e164: string): number | null {
    let id = this.customerIds.get(e164);
    if (id === undefined) this.customerIds.set(e164, (id = this.deps.leads.customerIdByPhone(e164)));
    return id;
  }

  private progress(done: boolean): void {
    this.request.onProgress?.({
      kind: 'leads',
      campaignId: this.request.campaignId,
      rows: this.result.rows,
      bytes: this.tap.bytes,
      totalBytes: this.request.totalBytes,
      done,
    });
  }
}

export type LeadImportService = ReturnType<typeof createLeadImportService>;
