import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type RingsideDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas Ringside relies on and applies the committed
 * migrations. WAL lets the bridge read while a seed or a wrap-up writes; `synchronous=NORMAL` is durable in
 * WAL mode across application crashes (only an OS crash can lose the last transactions).
 */
export function openDatabase(file: string): RingsideDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder });
  return db;
}
