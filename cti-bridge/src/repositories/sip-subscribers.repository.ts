import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Kamailio's own `subscriber` table (auth_db over db_sqlite), kept in a separate SQLite file that only
 * Kamailio reads: the schema is Kamailio's (kamailio 5.6 `subscriber` version 7), not ours, so it is created
 * here rather than by the drizzle migrations. Only HA1 is stored; the `password` column stays empty.
 */
const schema = `
CREATE TABLE IF NOT EXISTS version (
  id INTEGER PRIMARY KEY NOT NULL,
  table_name VARCHAR(32) NOT NULL,
  table_version INTEGER DEFAULT 0 NOT NULL,
  CONSTRAINT version_table_name_idx UNIQUE (table_name));
INSERT OR IGNORE INTO version (table_name, table_version) VALUES ('version', 1), ('subscriber', 7);
CREATE TABLE IF NOT EXISTS subscriber (
  id INTEGER PRIMARY KEY NOT NULL,
  username VARCHAR(64) DEFAULT '' NOT NULL,
  domain VARCHAR(64) DEFAULT '' NOT NULL,
  password VARCHAR(64) DEFAULT '' NOT NULL,
  ha1 VARCHAR(128) DEFAULT '' NOT NULL,
  ha1b VARCHAR(128) DEFAULT '' NOT NULL,
  CONSTRAINT subscriber_account_idx UNIQUE (username, domain));
`;

export function createSipSubscribersRepository(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('busy_timeout = 5000');
  client.exec(schema);
  const upsert = client.prepare(
    `INSERT INTO subscriber (username, domain, ha1) VALUES (?, ?, ?)
     ON CONFLICT (username, domain) DO UPDATE SET ha1 = excluded.ha1`,
  );
  const select = client.prepare('SELECT ha1 FROM subscriber WHERE username = ? AND domain = ?');
  return {
    file,
    setHa1(username: string, domain: string, ha1: string): void {
      upsert.run(username, domain, ha1);
    },
    ha1Of(username: string, domain: string): string | undefined {
      return (select.get(username, domain) as { ha1: string } | undefined)?.ha1;
    },
    close(): void {
      client.close();
    },
  };
}

export type SipSubscribersRepository = ReturnType<typeof createSipSubscribersRepository>;
