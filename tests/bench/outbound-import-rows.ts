/** The outbound bench's import rows: lead CSV import, DNC registry import, scrubbing — each with its baseline. */
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { benchCampaign as campaign, type OutboundBenchApp } from './outbound-bench-app';
import { mb, ms, valueRow, type BenchRow } from './bench-stats';
import { leadCsv, scrubLeads, writeRegistryFile } from './outbound-fixtures';

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

const chunks = (text: string) => {
  const buffer = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += 64 * 1024) out.push(buffer.subarray(i, i + 64 * 1024));
  return Readable.from(out);
};

export async function leadImportRows(app: OutboundBenchApp, rows: number): Promise<BenchRow[]> {
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

export interface RegistryRun {
  rows: BenchRow[];
  numbers: Float64Array;
  baseline: Database.Database;
}

export async function registryRows(app: OutboundBenchApp, dir: string, count: number): Promise<RegistryRun> {
  const file = join(dir, 'registry.txt');
  const numbers = await writeRegistryFile(file, count, 2);
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

export function scrubRows(app: OutboundBenchApp, registry: RegistryRun, leadsCount: number): BenchRow[] {
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
