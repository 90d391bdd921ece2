/**
 * Outbound bench: lead import, DNC registry import, scrubbing, and the compliance gate with the registry loaded,
 * each against a baseline in the same run. Sizes: BENCH_LEADS (100,000), BENCH_DNC (10,000,000),
 * BENCH_SCRUB_LEADS (1,000,000), BENCH_GATE_DECISIONS (20,000); BENCH_OUTBOUND=0 skips the section.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { openDatabase, type RingsideDb } from '../../db/open-database';
import { ensureReferenceData } from '../../db/seed/reference-data';
import { createAuditRepository } from '../../cti-bridge/src/repositories/audit.repository';
import { createComplianceFactsRepository } from '../../cti-bridge/src/repositories/compliance-facts.repository';
import { createCampaignsRepository } from '../../cti-bridge/src/repositories/campaigns.repository';
import { createDncRepository } from '../../cti-bridge/src/repositories/dnc.repository';
import { createRegistryStore } from '../../cti-bridge/src/repositories/dnc-registry.store';
import { createLeadsRepository } from '../../cti-bridge/src/repositories/leads.repository';
import { createComplianceService } from '../../cti-bridge/src/services/compliance/compliance.service';
import { createDncImportService } from '../../cti-bridge/src/services/compliance/dnc-import.service';
import { createDncListsService } from '../../cti-bridge/src/services/compliance/dnc-lists.service';
import { createDncRegistry } from '../../cti-bridge/src/services/compliance/dnc-registry';
import { createCampaignsService } from '../../cti-bridge/src/services/outbound/campaigns.service';
import { createLeadImportService } from '../../cti-bridge/src/services/outbound/lead-import.service';
import { decide } from '../../cti-bridge/src/domain/compliance/gate';
import { latencyRow, markdownTable, mb, ms, valueRow, type BenchRow } from './bench-stats';
import { leadCsv, scrubLeads, writeRegistryFile } from './outbound-fixtures';

const NOON_NEW_YORK = Date.parse('2026-07-15T16:00:00Z');

export function outboundSizes() {
  const size = (name: string, fallback: number, max: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isSafeInteger(value) || value < 1 || value > max)
      throw new Error(`${name} must be an integer from 1 to ${max}, got "${process.env[name]}"`);
    return value;
  };
  return {
    leads: size('BENCH_LEADS', 100_000, 1_000_000),
    dnc: size('BENCH_DNC', 10_000_000, 50_000_000),
    scrubLeads: size('BENCH_SCRUB_LEADS', 1_000_000, 5_000_000),
    gateDecisions: size('BENCH_GATE_DECISIONS', 20_000, 1_000_000),
  };
}

/** Peak resident memory while `step` runs (sampled every 20 ms and at each call of the returned probe). */
async function withPeakRss<T>(
  step: (probe: () => void) => Promise<T>,
): Promise<{ value: T; peak: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const probe = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(probe, 20);
  const started = performance.now();
  try {
    const value = await step(probe);
    probe();
    return { value, peak, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

function wire(db: RingsideDb, dataDir: string) {
  const now = () => NOON_NEW_YORK;
  const audit = createAuditRepository(db);
  const dnc = createDncRepository(db);
  const campaigns = createCampaignsRepository(db);
  const leads = createLeadsRepository(db);
  const registry = createDncRegistry({ store: createRegistryStore(dataDir), dnc });
  const facts = createComplianceFactsRepository(db);
  return {
    db,
    leads,
    registry,
    facts,
    audit,
    campaigns: createCampaignsService({ now, campaigns, audit }),
    leadImport: createLeadImportService({ now, region: 'US', campaigns, leads, audit }),
    dncImport: createDncImportService({ now, region: 'US', dnc, registry, audit }),
    dncLists: createDncListsService({ now, region: 'US', dnc, registry, leads }),
    compliance: createComplianceService({
      now,
      region: 'US',
      registry,
      campaigns,
      facts,
      audit,
    }),
  };
}

function campaign(app: ReturnType<typeof wire>, name: string): number {
  const created = app.campaigns.create(
    {
      name,
      businessType: null,
      mode: 'progressive',
      callingWindow: { from: '08:00', to: '21:00' },
      rules: 'US',
      maxAttempts: 5,
      maxAttemptsPerDay: 3,
      retryDelaysSec: {},
      ringTimeSec: 20,
      callerId: null,
      script: '',
      dispositionCodes: [],
      agentIds: [],
      skill: null,
      abandonTarget: 0.03,
      maxLines: 1,
      abandonMessage: null,
      serverPlaced: false,
    },
    null,
  );
  if (!created.ok) throw new Error(created.error.message);
  app.campaigns.act(created.data.id, 'start', null);
  return created.data.id;
}

const chunks = (text: string) => {
  const buffer = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += 64 * 1024) out.push(buffer.subarray(i, i + 64 * 1024));
  return Readable.from(out);
};

async function leadImportRows(app: ReturnType<typeof wire>, rows: number): Promise<BenchRow[]> {
  const csv = leadCsv(rows, 1);
  const id = campaign(app, 'bench import');
  const run = await withPeakRss((probe) =>
    app.leadImport.importCsv({
      campaignId: id,
      input: chunks(csv),
      userId: null,
      totalBytes: csv.length,
      onProgress: probe,
    }),
  );
  if (!run.value.ok) throw new Error(run.value.error.message);
  const result = run.value.data;
  // Baseline: the same rows one INSERT per transaction (autocommit), the naive loader, on a sample.
  const sample = Math.min(rows, 10_000);
  const baselineId = campaign(app, 'bench import baseline');
  const insert = app.db.$client.prepare(
    `INSERT INTO leads (campaign_id, e164, raw, fields, time_zones, time_zone_source, created_at) VALUES (?, ?, ?, ?, 'America/New_York', 'number', 0)`,
  );
  const started = performance.now();
  for (let i = 0; i < sample; i++) insert.run(baselineId, `+1212${2000000 + i}`, 'raw', '{}');
  const baselineMs = performance.now() - started;
  const rate = (n: number, t: number) => `${Math.round((n * 1000) / t).toLocaleString('en-US')} rows/s`;
  return [
    valueRow(
      'lead import: CSV → validated, linked leads (batched transactions)',
      rate(rows, run.ms),
      `${rows.toLocaleString('en-US')} rows (${mb(csv.length)}) in ${ms(run.ms)}; ${result.imported.toLocaleString('en-US')} imported, ${result.duplicates.length} duplicates; peak RSS ${mb(run.peak)}`,
    ),
    valueRow(
      '  baseline: one INSERT per transaction',
      rate(sample, baselineMs),
      `${sample.toLocaleString('en-US')} rows in ${ms(baselineMs)} (no parsing or validation)`,
    ),
  ];
}

interface RegistryRun {
  rows: BenchRow[];
  numbers: Float64Array;
  baseline: Database.Database;
}

async function registryRows(app: ReturnType<typeof wire>, dir: string, count: number): Promise<RegistryRun> {
  const file = join(dir, 'registry.txt');
  const numbers = await writeRegistryFile(file, count, 2);
  const { createReadStream } = await import('node:fs');
  const run = await withPeakRss((probe) =>
    app.dncImport.importFile({
      input: createReadStream(file, { highWaterMark: 1 << 20 }),
      campaignId: null,
      registry: 'bench',
      reason: null,
      userId: null,
      totalBytes: null,
      onProgress: probe,
    }),
  );
  if (!run.value.ok) throw new Error(run.value.error.message);
  const stored = statSync(join(dir, 'dnc-registry-bench.f64')).size;
  // Baseline: the same numbers as a SQLite table (INTEGER PRIMARY KEY), bulk-inserted in big transactions.
  const baselineFile = join(dir, 'registry-baseline.sqlite');
  const baseline = new Database(baselineFile);
  baseline.pragma('journal_mode = WAL');
  baseline.pragma('synchronous = NORMAL');
  baseline.exec('CREATE TABLE dnc (n INTEGER PRIMARY KEY)');
  const insert = baseline.prepare('INSERT OR IGNORE INTO dnc (n) VALUES (?)');
  const started = performance.now();
  const batch = baseline.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(numbers[i]);
  });
  for (let i = 0; i < numbers.length; i += 200_000) batch(i, Math.min(numbers.length, i + 200_000));
  baseline.pragma('wal_checkpoint(TRUNCATE)');
  const baselineMs = performance.now() - started;
  const result = run.value.data;
  return {
    numbers,
    baseline,
    rows: [
      valueRow(
        'DNC registry import (text → sorted float64 file, swapped in)',
        ms(run.ms),
        `${count.toLocaleString('en-US')} lines (${mb(statSync(file).size)}); ${result.added.toLocaleString('en-US')} distinct; on disk ${mb(stored)}; peak RSS ${mb(run.peak)}`,
      ),
      valueRow(
        '  baseline: SQLite table, INTEGER PRIMARY KEY',
        ms(baselineMs),
        `insert only (numbers already parsed); on disk ${mb(statSync(baselineFile).size)}`,
      ),
    ],
  };
}

function scrubRows(app: ReturnType<typeof wire>, registry: RegistryRun, leadsCount: number): BenchRow[] {
  const leads = scrubLeads(leadsCount, registry.numbers, 0.1, 3);
  const matchAll = () => {
    let hits = 0;
    for (const e164 of leads) if (app.registry.hasNumber(Number(e164.slice(1)))) hits++;
    return hits;
  };
  matchAll(); // warm-up
  const started = performance.now();
  const hits = matchAll();
  const memoryMs = performance.now() - started;
  const lookup = registry.baseline.prepare('SELECT 1 FROM dnc WHERE n = ?').pluck();
  const sqlStarted = performance.now();
  let sqlHits = 0;
  for (const e164 of leads) if (lookup.get(Number(e164.slice(1))) !== undefined) sqlHits++;
  const sqlMs = performance.now() - sqlStarted;
  if (sqlHits !== hits) throw new Error(`scrub disagrees: memory ${hits}, SQLite ${sqlHits}`);
  // The whole report: the campaign's leads read from SQLite, the global/campaign lists and the registry.
  const id = campaign(app, 'bench scrub');
  for (let i = 0; i < leads.length; i += 20_000)
    app.leads.insertBatch(
      id,
      null,
      leads.slice(i, i + 20_000).map((e164, j) => ({
        e164,
        raw: e164,
        fields: {},
        timeZones: ['America/New_York'],
        timeZoneSource: 'number' as const,
        priority: 0,
        customerId: null,
        importLine: i + j + 2,
      })),
      0,
    );
  const report = app.dncLists.scrub(id, 1000);
  return [
    valueRow(
      'scrub: leads against the registry in memory (sampled index, then one block)',
      ms(memoryMs),
      `${leadsCount.toLocaleString('en-US')} leads × ${registry.numbers.length.toLocaleString('en-US')} DNC; ${hits.toLocaleString('en-US')} listed; ${(sqlMs / memoryMs).toFixed(1)}× faster than the baseline`,
    ),
    valueRow(
      '  baseline: SQLite point lookups of the same set',
      ms(sqlMs),
      'prepared SELECT on the INTEGER PRIMARY KEY table',
    ),
    valueRow(
      '  scrub report end to end (GET /api/campaigns/:id/scrub)',
      ms(report.ms),
      `${report.leads.toLocaleString('en-US')} leads read from SQLite, all lists; ${report.blocked.toLocaleString('en-US')} blocked`,
    ),
  ];
}

function gateRows(app: ReturnType<typeof wire>, registry: RegistryRun, decisions: number): BenchRow[] {
  const id = campaign(app, 'bench gate');
  const numbers = scrubLeads(2000, registry.numbers, 0.2, 4);
  app.leads.insertBatch(
    id,
    null,
    numbers.map((e164, i) => ({
      e164,
      raw: e164,
      fields: {},
      timeZones: [],
      timeZoneSource: 'number' as const,
      priority: 0,
      customerId: null,
      importLine: i + 2,
    })),
    0,
  );
  const leads = app.leads.page(id, 0, 2000);
  const intents = Array.from({ length: decisions }, (_, i) => {
    const lead = leads[i % leads.length] as (typeof leads)[number];
    return {
      path: 'campaign' as const,
      number: lead.e164,
      agentId: null,
      campaignId: id,
      leadId: lead.id,
      agentReserved: true,
    };
  });
  for (const intent of intents.slice(0, 1000)) app.compliance.check(intent); // warm-up
  const service: number[] = [];
  let blocked = 0;
  for (const intent of intents) {
    const t0 = performance.now();
    if (!app.compliance.check(intent).allowed) blocked++;
    service.push(performance.now() - t0);
  }
  const facts = {
    e164: '+12125550123',
    timeZones: ['America/New_York'],
    dnc: { global: null, campaign: null, registry: null },
    campaign: {
      id,
      state: 'running' as const,
      mode: 'progressive' as const,
      rules: 'US' as const,
      window: { from: '08:00', to: '21:00' },
      maxAttempts: 5,
      maxAttemptsPerDay: 3,
      retryDelaysSec: {},
    },
    campaignMissing: false,
    lead: {
      id: 1,
      attempts: 1,
      attemptTimes: [NOON_NEW_YORK - 7_200_000],
      lastOutcome: 'no-answer' as const,
      lastOutcomeAt: NOON_NEW_YORK - 7_000_000,
    },
    leadMissing: false,
    lastAbandonedAt: null,
    abandonBudget: null,
  };
  const pure: number[] = [];
  for (let i = 0; i < decisions; i++) {
    const t0 = performance.now();
    decide(intents[0] as (typeof intents)[number], facts, NOON_NEW_YORK + i);
    pure.push(performance.now() - t0);
  }
  // the service's two database steps alone: the facts read, and the audit row committed before any dial
  const reads: number[] = [];
  for (const intent of intents) {
    const t0 = performance.now();
    app.facts.read(intent.leadId, intent.number, id);
    reads.push(performance.now() - t0);
  }
  const audits: number[] = [];
  for (const intent of intents) {
    const t0 = performance.now();
    app.audit.record(auditSample(intent.leadId, id));
    audits.push(performance.now() - t0);
  }
  const lookup = registry.baseline.prepare('SELECT 1 FROM dnc WHERE n = ?').pluck();
  const sql: number[] = [];
  for (const intent of intents) {
    const t0 = performance.now();
    lookup.get(Number(intent.number.slice(1)));
    sql.push(performance.now() - t0);
  }
  return [
    latencyRow(
      'gate: one decision through the service (facts from SQLite + registry in memory, audited)',
      service,
      `registry ${registry.numbers.length.toLocaleString('en-US')} numbers loaded; ${blocked.toLocaleString('en-US')} blocked; ${service.filter((t) => t > 1).length} over 1 ms; target p99 ≤ 100 µs`,
    ),
    latencyRow(
      '  the facts read alone (one statement: lead, attempts, global + campaign lists)',
      reads,
      'prepared once; one read transaction',
    ),
    latencyRow(
      '  the audit row alone (one INSERT, its own transaction, in the WAL before the dial)',
      audits,
      `the details a decision records; ${audits.filter((t) => t > 1).length} over 1 ms (WAL checkpoints, preemption)`,
    ),
    latencyRow('  the pure decide() alone', pure, 'window in the callee zone (Intl), attempts, retry'),
    latencyRow(
      '  baseline: the registry check alone as a SQLite point lookup',
      sql,
      'what the registry part would cost from a table',
    ),
  ];
}

/** An audit row like the ones the gate writes (same columns, details of the same size). */
function auditSample(leadId: number, campaignId: number) {
  return {
    at: NOON_NEW_YORK,
    actorUserId: null,
    action: 'dial.check',
    subject: `lead:${leadId}`,
    decision: 'allowed' as const,
    reason: null,
    details: {
      path: 'campaign',
      number: '*******0123',
      campaignId,
      leadId,
      attemptId: null,
      agentReserved: true,
      zones: [{ zone: 'America/New_York', local: '2026-07-15T12:00' }],
      dnc: [],
      campaignState: 'running',
      rules: 'US',
      window: { from: '08:00', to: '21:00' },
      attempts: 0,
      lastOutcome: null,
      lastAbandonedAt: null,
      abandonBudget: null,
      reasons: [],
    },
  };
}

export async function outboundSection(rootDir: string, say: (message: string) => void): Promise<string[]> {
  if (process.env.BENCH_OUTBOUND === '0') return ['Outbound section skipped (BENCH_OUTBOUND=0).'];
  const sizes = outboundSizes();
  const dir = join(rootDir, '.bench', `outbound-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'ringside.sqlite'));
  ensureReferenceData(db);
  const app = wire(db, dir);
  let registry: RegistryRun | null = null;
  try {
    say(`Outbound: lead import (${sizes.leads.toLocaleString('en-US')} rows)…`);
    const rows = await leadImportRows(app, sizes.leads);
    say(`Outbound: DNC registry import (${sizes.dnc.toLocaleString('en-US')} numbers)…`);
    registry = await registryRows(app, dir, sizes.dnc);
    rows.push(...registry.rows);
    say(`Outbound: scrubbing ${sizes.scrubLeads.toLocaleString('en-US')} leads…`);
    rows.push(...scrubRows(app, registry, sizes.scrubLeads));
    say(`Outbound: ${sizes.gateDecisions.toLocaleString('en-US')} gate decisions…`);
    rows.push(...gateRows(app, registry, sizes.gateDecisions));
    return ['### Outbound: imports, DNC scrub, compliance gate', '', markdownTable(rows)];
  } finally {
    registry?.baseline.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
