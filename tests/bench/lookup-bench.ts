/**
 * Caller-ID lookup in process, on the bench database: the bridge's normalise + indexed E.164 match, its two
 * halves alone, and what a lookup costs without normalisation (a suffix scan of the stored raw text).
 */
import type Database from 'better-sqlite3';
import { createCustomersRepository } from '../../cti-bridge/src/repositories/customers.repository';
import { createCustomerLookup, type CallerLookup } from '../../cti-bridge/src/services/customer-lookup';
import type { RingsideDb } from '../../db/open-database';
import { latencyRow, measure, opsPerSecond, type BenchRow } from './bench-stats';
import { callerSamples, type CallerSample } from './caller-samples';

const LOOKUPS = 5000;
/** Each naive lookup is a full scan of customer_phones, so far fewer samples. */
const NAIVE_LOOKUPS = 30;
const SUFFIX_DIGITS = 8;

export function lookupBench(db: RingsideDb): BenchRow[] {
  const repo = createCustomersRepository(db);
  const lookup = createCustomerLookup(repo, 'US');
  const samples = callerSamples(db.$client, LOOKUPS, 7);
  // One untimed pass over the same callers: the passes below then all see the steady state of a running
  // bridge (JIT-compiled code, the pages they touch in the OS cache) instead of whichever runs first paying.
  for (const sample of samples) lookup.lookup(sample.callerId);

  const full = measure(samples, (s) => lookup.lookup(s.callerId));
  const correct = full.results.filter((result, i) => isCorrect(samples[i], result)).length;
  const mix = countKinds(samples);
  const normalise = measure(samples, (s) => lookup.normalize(s.callerId));
  const known = samples.filter((s) => s.e164 !== null);
  const index = measure(known, (s) => repo.findByPhone(s.e164 ?? ''));
  const probeSql = db.$client
    .prepare('SELECT DISTINCT customer_id FROM customer_phones WHERE e164 = ?')
    .pluck();
  const probe = measure(known, (s) => probeSql.all(s.e164));

  const naive = callerSamples(db.$client, NAIVE_LOOKUPS, 9, { knownOnly: true });
  const likeRaw = naiveBench(
    db.$client,
    naive,
    `SELECT customer_id FROM customer_phones WHERE raw LIKE '%' || ?`,
  );
  const digitsOnly = naiveBench(
    db.$client,
    naive,
    `SELECT customer_id FROM customer_phones WHERE ${digitsOf('raw')} LIKE '%' || ?`,
  );
  return [
    latencyRow(
      'caller-ID lookup: normalise + E.164 index match',
      full.ms,
      `${opsPerSecond(full.ms.length, full.totalMs)} sequential; ${mix}; right result ${correct}/${samples.length}`,
    ),
    latencyRow(
      '  └ normalise only (libphonenumber-js)',
      normalise.ms,
      `${opsPerSecond(normalise.ms.length, normalise.totalMs)}`,
    ),
    latencyRow(
      '  └ E.164 index match only (findByPhone)',
      index.ms,
      `${opsPerSecond(index.ms.length, index.totalMs)}; known numbers; drizzle query + customer summaries`,
    ),
    latencyRow(
      '    └ SQLite index probe alone (prepared statement)',
      probe.ms,
      `${opsPerSecond(probe.ms.length, probe.totalMs)}; ids only: the floor under findByPhone`,
    ),
    latencyRow(
      'naive: `raw LIKE %<last 8 digits>` scan',
      likeRaw.ms,
      `${opsPerSecond(likeRaw.ms.length, likeRaw.totalMs)}; found the caller ${likeRaw.found}/${naive.length} ` +
        `(stored raw has separators), ${likeRaw.extra} other customers matched`,
    ),
    latencyRow(
      'naive: digits-only `replace(raw)` suffix scan',
      digitsOnly.ms,
      `${opsPerSecond(digitsOnly.ms.length, digitsOnly.totalMs)}; found the caller ${digitsOnly.found}/` +
        `${naive.length}, ${digitsOnly.extra} other customers matched`,
    ),
  ];
}

function isCorrect(sample: CallerSample | undefined, { result }: CallerLookup): boolean {
  switch (sample?.kind) {
    case 'known':
      return result.normalized === sample.e164 && result.customers.some((c) => c.id === sample.customerId);
    case 'unknown':
      return result.match === 'none';
    case 'withheld':
      return result.match === 'unknown';
    case undefined:
      return false;
  }
}

function countKinds(samples: readonly CallerSample[]): string {
  const count = (kind: CallerSample['kind']) => samples.filter((s) => s.kind === kind).length;
  return `${count('known')} known / ${count('unknown')} unknown / ${count('withheld')} withheld`;
}

/** SQL that strips the separators people type, so only digits (and an `ext.` tail) remain. */
function digitsOf(column: string): string {
  return [' ', '-', '(', ')', '.', '+', '/'].reduce((sql, ch) => `replace(${sql}, '${ch}', '')`, column);
}

/**
 * What a lookup without normalisation does: the caller id's digits (the SIP user part only, as a simple
 * parser would take them), last eight, matched as a suffix — a full scan, since no index serves `LIKE '%x'`.
 */
function naiveBench(client: Database.Database, samples: readonly CallerSample[], sql: string) {
  const statement = client.prepare(sql).pluck();
  const suffix = (callerId: string) =>
    (callerId.split('@')[0] ?? '').replace(/\D/g, '').slice(-SUFFIX_DIGITS);
  // One untimed scan pulls the table into the OS page cache, as the fast path's warm-up does for its pages.
  statement.all(suffix(samples[0]?.callerId ?? ''));
  let found = 0;
  let extra = 0;
  const run = measure(samples, (s) => statement.all(suffix(s.callerId)) as number[]);
  run.results.forEach((ids, i) => {
    const owner = samples[i]?.customerId;
    if (ids.includes(owner ?? -1)) found++;
    extra += new Set(ids.filter((id) => id !== owner)).size;
  });
  return { ...run, found, extra };
}
