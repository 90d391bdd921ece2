/**
 * The benchmark's customer database: built once with the real migrations, reference data, demo users and
 * demo-data generator, then reused until the generator (or the schema) changes. A JSON marker beside the file
 * records how it was built; the generator "version" is a hash of its sources, because a hand-bumped constant
 * is forgotten and a stale million-customer file silently measures old code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hashPassword } from '../../cti-bridge/src/server/password-hash';
import { openDatabase } from '../../db/open-database';
import { generateDemoData } from '../../db/seed/demo-data';
import { demoAgentIds, ensureDemoUsers } from '../../db/seed/demo-users';
import { ensureReferenceData } from '../../db/seed/reference-data';

export const BENCH_SEED = 42;
export const BENCH_LOCALE = 'en';
/** A fixed "now" for the data, so two builds of the same generator give the same rows. */
export const BENCH_ANCHOR = Date.UTC(2025, 0, 15);

interface BenchMarker {
  customers: number;
  phones: number;
  generator: string;
  locale: string;
  seed: number;
  anchor: number;
  buildMs: number;
  builtAt: string;
}

export interface BenchDatabase {
  file: string;
  customers: number;
  phones: number;
  bytes: number;
  /** Set when this run built the file. */
  builtInMs: number | null;
}

export function benchFileName(customers: number): string {
  return customers === 1_000_000 ? 'bench-1m' : `bench-${customers}`;
}

/** Returns the bench database for this size, building it first when it is missing or stale. */
export function ensureBenchDatabase(rootDir: string, customers: number): BenchDatabase {
  const base = join(rootDir, '.bench', benchFileName(customers));
  const file = `${base}.sqlite`;
  const markerFile = `${base}.json`;
  const generator = generatorFingerprint(rootDir);
  const marker = readMarker(markerFile);
  let builtInMs: number | null = null;
  let current = marker;
  if (!existsSync(file) || !marker || marker.customers !== customers || marker.generator !== generator) {
    const reason = !existsSync(file) || !marker ? 'missing' : 'built by another generator version';
    console.info(
      `Building ${relative(rootDir, file)} (${customers.toLocaleString('en-US')} customers, ${reason})…`,
    );
    rmSync(markerFile, { force: true });
    current = build(file, customers, generator);
    writeFileSync(markerFile, `${JSON.stringify(current, null, 2)}\n`);
    builtInMs = current.buildMs;
    console.info(
      `Built in ${(builtInMs / 1000).toFixed(1)} s (${current.phones.toLocaleString('en-US')} phones).`,
    );
  }
  if (!current) throw new Error('unreachable: the bench database has no marker');
  return {
    file,
    customers: current.customers,
    phones: current.phones,
    bytes: statSync(file).size,
    builtInMs,
  };
}

function build(file: string, customers: number, generator: string): BenchMarker {
  // Built under a temporary name and renamed at the end: an interrupted build never looks like a finished one.
  const partial = `${file}.partial-${process.pid}`;
  removeDatabase(partial);
  const started = performance.now();
  const db = openDatabase(partial);
  try {
    ensureReferenceData(db);
    ensureDemoUsers(db, hashPassword);
    let lastReport = started;
    const result = generateDemoData(db, {
      customers,
      locale: BENCH_LOCALE,
      seed: BENCH_SEED,
      anchor: BENCH_ANCHOR,
      agentIds: demoAgentIds(db),
      onProgress: (done) => {
        if (performance.now() - lastReport < 10_000 && done !== customers) return;
        lastReport = performance.now();
        const seconds = ((lastReport - started) / 1000).toFixed(0);
        console.info(`  ${done.toLocaleString('en-US')} customers after ${seconds} s`);
      },
    });
    // Fold the WAL into the main file so the database is one self-contained file that can be copied.
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
    removeDatabase(file);
    renameSync(partial, file);
    return {
      customers: result.customers,
      phones: result.phones,
      generator,
      locale: BENCH_LOCALE,
      seed: BENCH_SEED,
      anchor: BENCH_ANCHOR,
      buildMs: Math.round(performance.now() - started),
      builtAt: new Date().toISOString(),
    };
  } finally {
    if (db.$client.open) db.$client.close();
    removeDatabase(partial);
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function readMarker(file: string): BenchMarker | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchMarker;
  } catch {
    return null;
  }
}

/** Hash of everything that decides the generated rows: the seed sources, the schema and the migrations. */
function generatorFingerprint(rootDir: string): string {
  const hash = createHash('sha256');
  const files = [
    ...listFiles(join(rootDir, 'db', 'seed')),
    ...listFiles(join(rootDir, 'db', 'migrations')),
    join(rootDir, 'db', 'schema.ts'),
  ];
  for (const file of files.sort()) {
    hash.update(relative(rootDir, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
