import { count } from 'drizzle-orm';
import { openDatabase, type RingsideDb } from '../../../db/open-database';
import { startWalCheckpoints, type WalCheckpoints } from '../../../db/wal-checkpoints';
import { customers } from '../../../db/schema';
import { demoAgentIds, ensureDemoUsers, type DemoAccount } from '../../../db/seed/demo-users';
import { ensureReferenceData } from '../../../db/seed/reference-data';

export type { RingsideDb };

export interface PrepareOptions {
  file: string;
  demo: boolean;
  demoCustomers: number;
  locale: 'zh-CN' | 'en';
  hashPassword: (password: string) => string;
  now: number;
}

export interface PreparedDatabase {
  db: RingsideDb;
  /** Demo logins, when demo mode ensured them (printed at start so a newcomer can log in). */
  demoAccounts: DemoAccount[];
  demoCustomersCreated: number;
  /** WAL checkpoints in a worker thread, off the commits' path: stop them before closing `db`. */
  walCheckpoints: WalCheckpoints;
}

/**
 * Opens the database with its migrations and reference data; in demo mode ensures the demo users, and
 * generates demo customers only into an empty database so a restart never duplicates them. The generator
 * (and faker with it) is loaded only then: a production bridge never loads it.
 */
export async function prepareDatabase(options: PrepareOptions): Promise<PreparedDatabase> {
  const db = openDatabase(options.file);
  ensureReferenceData(db);
  if (!options.demo) return { db, demoAccounts: [], demoCustomersCreated: 0, walCheckpoints: started(db) };
  const demoAccounts = ensureDemoUsers(db, options.hashPassword);
  const empty = (db.select({ n: count() }).from(customers).get()?.n ?? 0) === 0;
  let demoCustomersCreated = 0;
  if (empty && options.demoCustomers > 0) {
    const dayStart = options.now - (options.now % 86_400_000);
    const { generateDemoData } = await import('../../../db/seed/demo-data');
    demoCustomersCreated = generateDemoData(db, {
      customers: options.demoCustomers,
      locale: options.locale,
      seed: 1,
      anchor: dayStart,
      agentIds: demoAgentIds(db),
    }).customers;
  }
  return { db, demoAccounts, demoCustomersCreated, walCheckpoints: started(db) };
}

/** After the demo data's bulk writes (their own auto-checkpoints are fine there). */
const started = (db: RingsideDb) => startWalCheckpoints(db.$client);
