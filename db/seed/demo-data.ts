/**
 * Deterministic demo data: the same options give the same rows, byte for byte, on a fresh database (the
 * seeded faker stream is the only source of randomness and `anchor` the only clock). Built for volume: one
 * million customers (about ten million rows) in a few minutes on two cores.
 */
import type Database from 'better-sqlite3';
import type { RingsideDb } from '../open-database';
import { buildCustomerBundle } from './demo-customers';
import type { DemoContext, ReferenceIds } from './demo-context';
import { PhoneFactory, homeRegionFor } from './demo-phones';
import { buildPools, type DemoPools } from './demo-pools';
import { seededSources, type DemoLocale } from './demo-random';
import { DemoWriter, readNextIds, type WriteCounts } from './demo-writer';
import {
  BUSINESS_TYPE_CODES,
  SERVICE_NUMBERS,
  ensureReferenceData,
  type BusinessTypeCode,
  type DispositionCode,
} from './reference-data';

export interface DemoDataOptions {
  customers: number;
  locale: DemoLocale;
  seed: number;
  /** Epoch ms, the "now" of the data: history lies before it, open follow-ups after it. */
  anchor: number;
  /** Users the past calls, owned accounts and follow-ups are assigned to; may be empty. */
  agentIds: number[];
  /** Called after each committed batch with the number of customers written so far. */
  onProgress?: (done: number) => void;
}

export interface DemoDataResult {
  customers: number;
  phones: number;
  orders: number;
  interactions: number;
  followUps: number;
  /** Numbers put on the global DNC list by "do not call" dispositions. */
  dncEntries: number;
  ms: number;
}

/** Customers between progress reports. */
const PROGRESS_EVERY = 2500;

export function generateDemoData(db: RingsideDb, opts: DemoDataOptions): DemoDataResult {
  checkOptions(opts);
  const started = performance.now();
  ensureReferenceData(db);
  const client = db.$client;
  // One transaction for the whole load: an interrupted seed leaves nothing behind — no half data set that
  // looks seeded, no dropped index — and it is no slower than committing every few thousand customers.
  // IMMEDIATE takes the write lock up front, so the ids read at the start stay free until the commit.
  const load = client.transaction((): WriteCounts => {
    const dropped = opts.customers >= REBUILD_INDEXES_FROM ? dropPlainIndexes(client) : [];
    const ctx = createContext(client, opts);
    const writer = new DemoWriter(client);
    for (let done = 0; done < opts.customers;) {
      const count = Math.min(PROGRESS_EVERY, opts.customers - done);
      for (let i = 0; i < count; i++) writer.write(buildCustomerBundle(ctx));
      done += count;
      opts.onProgress?.(done);
    }
    for (const sql of dropped) client.exec(sql);
    return writer.counts;
  });
  const counts = withBulkLoadSettings(client, () => load.immediate());
  const { customers, phones, orders, interactions, followUps, dncEntries } = counts;
  const ms = Math.round(performance.now() - started);
  return { customers, phones, orders, interactions, followUps, dncEntries, ms };
}

function createContext(client: Database.Database, opts: DemoDataOptions): DemoContext {
  const { faker, rng } = seededSources(opts.locale, opts.seed);
  const pools = buildPools(faker, opts.locale);
  return {
    rng,
    pools,
    phones: new PhoneFactory(rng, homeRegionFor(opts.locale)),
    refs: loadReferenceIds(client, pools, opts.locale),
    anchor: opts.anchor,
    anchorYear: new Date(opts.anchor).getUTCFullYear(),
    seed: opts.seed,
    agentIds: [...opts.agentIds],
    ids: readNextIds(client),
    recentPhones: [],
  };
}

function checkOptions(opts: DemoDataOptions): void {
  if (!Number.isSafeInteger(opts.customers) || opts.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${opts.customers}`);
  }
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (!Number.isFinite(opts.anchor))
    throw new RangeError(`anchor must be epoch milliseconds, got ${opts.anchor}`);
}

/** Tables the generator fills; their plain (non-unique) indexes are rebuilt after a large load. */
const BULK_TABLES = [
  'customers',
  'customer_phones',
  'orders',
  'order_items',
  'payments',
  'interactions',
  'follow_ups',
];
/** Below this many customers, keeping the indexes live costs about the same as rebuilding them. */
const REBUILD_INDEXES_FROM = 50_000;

/**
 * Runs the load with a large page cache, then refreshes the planner statistics (bounded by analysis_limit
 * so ANALYZE stays fast on millions of rows) and folds the WAL back into the file, so the bridge's first
 * write after a big seed does not stall on a gigabyte checkpoint.
 */
function withBulkLoadSettings<T>(client: Database.Database, load: () => T): T {
  const cacheSize = client.pragma('cache_size', { simple: true }) as number;
  client.pragma('cache_size = -262144');
  let result: T;
  try {
    result = load();
  } finally {
    client.pragma(`cache_size = ${cacheSize}`);
  }
  client.pragma('analysis_limit = 1000');
  client.exec('ANALYZE');
  client.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}

/**
 * Drops the plain indexes of the bulk tables and returns their SQL: rebuilding an index is one sort instead
 * of millions of random B-tree inserts (a third less CPU and far less I/O at a million customers). Unique
 * indexes stay so a duplicate still fails loudly, and the rebuild uses each index's own stored SQL, so the
 * migrations remain the only definition.
 */
function dropPlainIndexes(client: Database.Database): string[] {
  const placeholders = BULK_TABLES.map(() => '?').join(', ');
  const indexes = client
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN (${placeholders}) AND sql NOT LIKE 'CREATE UNIQUE%'`,
    )
    .all(...BULK_TABLES) as { name: string; sql: string }[];
  for (const index of indexes) client.exec(`DROP INDEX "${index.name}"`);
  return indexes.map((index) => index.sql);
}

/** Inserts this locale's catalog (once) and resolves every reference row the generator points at. */
function loadReferenceIds(client: Database.Database, pools: DemoPools, locale: DemoLocale): ReferenceIds {
  const insertProduct = client.prepare(
    'INSERT OR IGNORE INTO products (sku, name, category, price_cents) VALUES (?, ?, ?, ?)',
  );
  const productId = client.prepare('SELECT id FROM products WHERE sku = ?').pluck();
  const product = client.transaction(() =>
    pools.products.map((p) => {
      insertProduct.run(p.sku, p.name, p.category, p.price * 100);
      return productId.get(p.sku) as number;
    }),
  )();
  const byCode = (table: string): Record<string, number> =>
    Object.fromEntries(
      (client.prepare(`SELECT code, id FROM ${table}`).raw().all() as [string, number][]).map(([c, id]) => [
        c,
        id,
      ]),
    );
  return {
    businessType: byCode('business_types') as Record<BusinessTypeCode, number>,
    queue: byCode('queues') as Record<BusinessTypeCode, number>,
    disposition: byCode('dispositions') as Record<DispositionCode, number>,
    product,
    serviceNumber: serviceNumbersFor(locale),
  };
}

/** The locale's own DID where one exists (the zh-CN sales and complaints lines), else the US number. */
function serviceNumbersFor(locale: DemoLocale): Record<BusinessTypeCode, string> {
  const language = locale === 'zh-CN' ? 'zh-CN' : 'en';
  const pick = (code: BusinessTypeCode): string => {
    const own = SERVICE_NUMBERS.find((n) => n.businessType === code && n.language === language);
    const fallback = SERVICE_NUMBERS.find((n) => n.businessType === code && n.language === 'en');
    const number = own ?? fallback;
    if (!number) throw new Error(`No service number for business type ${code}`);
    return number.e164;
  };
  return Object.fromEntries(BUSINESS_TYPE_CODES.map((code) => [code, pick(code)])) as Record<
    BusinessTypeCode,
    string
  >;
}
