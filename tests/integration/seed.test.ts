import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isValidPhoneNumber as isValidWithFullMetadata } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../db/open-database';
import { generateDemoData, type DemoDataOptions } from '../../db/seed/demo-data';
import { demoAgentIds, ensureDemoUsers } from '../../db/seed/demo-users';
import {
  BUSINESS_TYPES,
  DISPOSITIONS,
  SERVICE_NUMBERS,
  ensureReferenceData,
} from '../../db/seed/reference-data';

const ANCHOR = Date.UTC(2025, 5, 1);
const DATA_TABLES = [
  'products',
  'customers',
  'customer_phones',
  'orders',
  'order_items',
  'payments',
  'interactions',
  'follow_ups',
  'dnc_entries',
];
// Tests only need a stable stand-in; the real scrypt hash is covered with the bridge.
const cheapHash = (pw: string): string => `test$${pw}`;

let dir: string;
const opened: RingsideDb[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-seed-'));
});

afterAll(() => {
  for (const db of opened) db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function freshDb(name: string): RingsideDb {
  const db = openDatabase(join(dir, `${name}.sqlite`));
  opened.push(db);
  return db;
}

function seeded(name: string, opts: Omit<DemoDataOptions, 'agentIds' | 'anchor'>): RingsideDb {
  const db = freshDb(name);
  ensureReferenceData(db);
  ensureDemoUsers(db, cheapHash);
  generateDemoData(db, { ...opts, anchor: ANCHOR, agentIds: demoAgentIds(db) });
  return db;
}

function count(db: RingsideDb, sql: string): number {
  return db.$client.prepare(sql).pluck().get() as number;
}

function tableHash(db: RingsideDb): string {
  const hash = createHash('sha256');
  for (const table of DATA_TABLES) {
    for (const row of db.$client.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate()) {
      hash.update(JSON.stringify(row));
    }
  }
  return hash.digest('hex');
}

describe('reference data', () => {
  it('is created once and unchanged by a second call', () => {
    const db = freshDb('reference');
    const counts = (): number[] =>
      ['business_types', 'queues', 'service_numbers', 'dispositions'].map((t) =>
        count(db, `SELECT count(*) FROM ${t}`),
      );
    ensureReferenceData(db);
    const first = counts();
    ensureReferenceData(db);
    expect(counts()).toEqual(first);
    expect(first).toEqual([
      BUSINESS_TYPES.length,
      BUSINESS_TYPES.length,
      SERVICE_NUMBERS.length,
      DISPOSITIONS.length,
    ]);
    const queue = db.$client.prepare(`SELECT * FROM queues WHERE code = 'complaints'`).get();
    expect(queue).toMatchObject({ ring_timeout_sec: 20, wrap_up_sec: 60, sla_target_sec: 20 });
    const cnSales = db.$client
      .prepare(`SELECT language FROM service_numbers WHERE e164 = '+864008200100'`)
      .get();
    expect(cnSales).toEqual({ language: 'zh-CN' });
  });

  it('creates the demo users once, with their skills', () => {
    const db = freshDb('users');
    ensureReferenceData(db);
    let hashed = 0;
    const hash = (pw: string): string => `${++hashed}$${pw}`;
    const accounts = ensureDemoUsers(db, hash);
    expect(accounts.map((a) => a.username)).toEqual([
      'agent1',
      'agent2',
      'agent3',
      'agent4',
      'supervisor',
      'admin',
    ]);
    ensureDemoUsers(db, hash);
    expect(hashed).toBe(6);
    const skills = db.$client
      .prepare(
        `SELECT bt.code FROM user_skills s JOIN users u ON u.id = s.user_id
         JOIN business_types bt ON bt.id = s.business_type_id WHERE u.username = ? ORDER BY bt.code`,
      )
      .pluck();
    expect(skills.all('agent1')).toEqual(['sales', 'support']);
    expect(skills.all('agent3')).toEqual(['billing', 'complaints']);
    expect(skills.all('agent4')).toEqual(['billing', 'complaints', 'sales', 'support']);
    // the README's walk-through: the supervisor takes calls too
    expect(skills.all('supervisor')).toEqual(['complaints', 'support']);
    expect(count(db, `SELECT count(*) FROM users WHERE sip_username = username`)).toBe(6);
  });
});

describe('demo data', () => {
  it('gives identical rows for the same seed and anchor, different ones for another seed', () => {
    const a = seeded('same-a', { customers: 1500, locale: 'zh-CN', seed: 7 });
    const b = seeded('same-b', { customers: 1500, locale: 'zh-CN', seed: 7 });
    const c = seeded('other', { customers: 1500, locale: 'zh-CN', seed: 8 });
    expect(count(a, 'SELECT count(*) FROM interactions')).toBeGreaterThan(1000);
    expect(tableHash(a)).toBe(tableHash(b));
    expect(tableHash(c)).not.toBe(tableHash(a));
  });

  describe.each([
    { locale: 'zh-CN' as const, region: 'CN' as CountryCode },
    { locale: 'en' as const, region: 'US' as CountryCode },
  ])('$locale, 5,000 customers', ({ locale, region }) => {
    let db: RingsideDb;
    beforeAll(() => {
      db = seeded(`big-${locale}`, { customers: 5000, locale, seed: 42 });
    });

    it('stores valid E.164 numbers whose raw form parses back to them', () => {
      const phones = db.$client.prepare('SELECT raw, e164 FROM customer_phones').all() as {
        raw: string;
        e164: string;
      }[];
      expect(phones.length).toBeGreaterThan(6000);
      const bad = phones.filter(
        (p) =>
          !isValidPhoneNumber(p.e164) ||
          !isValidWithFullMetadata(p.e164) ||
          parsePhoneNumberFromString(p.raw, region)?.number !== p.e164,
      );
      expect(bad).toEqual([]);
      // Raw forms vary: not just the E.164 string again.
      expect(phones.filter((p) => p.raw !== p.e164).length).toBeGreaterThan(phones.length / 2);
    });

    it('has unique numbers per customer and a few shared between customers', () => {
      expect(
        count(
          db,
          'SELECT count(*) FROM (SELECT 1 FROM customer_phones GROUP BY customer_id, e164 HAVING count(*) > 1)',
        ),
      ).toBe(0);
      const shared = count(
        db,
        `SELECT count(*) FROM (SELECT e164 FROM customer_phones GROUP BY e164 HAVING count(DISTINCT customer_id) > 1)`,
      );
      expect(shared).toBeGreaterThan(5);
      expect(shared).toBeLessThan(150);
    });

    it('spreads tiers about 15/35/50 %', () => {
      const share = (tier: string): number =>
        count(db, `SELECT count(*) FROM customers WHERE tier = '${tier}'`) / 5000;
      expect(share('A')).toBeGreaterThan(0.12);
      expect(share('A')).toBeLessThan(0.18);
      expect(share('B')).toBeGreaterThan(0.31);
      expect(share('B')).toBeLessThan(0.39);
      expect(share('C')).toBeGreaterThan(0.46);
      expect(share('C')).toBeLessThan(0.54);
    });

    it('keeps history before the anchor and open follow-ups after it', () => {
      expect(count(db, `SELECT count(*) FROM interactions WHERE wrapped_at >= ${ANCHOR}`)).toBe(0);
      expect(count(db, `SELECT count(*) FROM orders WHERE placed_at >= ${ANCHOR}`)).toBe(0);
      const followUps = count(db, 'SELECT count(*) FROM follow_ups');
      expect(followUps / 5000).toBeGreaterThan(0.07);
      expect(followUps / 5000).toBeLessThan(0.13);
      expect(count(db, `SELECT count(*) FROM follow_ups WHERE due_at <= ${ANCHOR} OR status <> 'open'`)).toBe(
        0,
      );
    });

    it('records payments that match each order payment status', () => {
      const mismatched = count(
        db,
        `SELECT count(*) FROM orders o LEFT JOIN (
           SELECT order_id, sum(amount_cents) AS paid, count(*) AS n FROM payments GROUP BY order_id
         ) p ON p.order_id = o.id
         WHERE NOT CASE o.payment_status
           WHEN 'paid' THEN p.paid = o.amount_cents
           WHEN 'partial' THEN p.paid > 0 AND p.paid < o.amount_cents
           WHEN 'refunded' THEN p.paid = 0 AND p.n = 2
           WHEN 'unpaid' THEN p.n IS NULL
         END`,
      );
      expect(mismatched).toBe(0);
    });

    it('completes every past call with a disposition and a demo agent', () => {
      const agents = demoAgentIds(db).join(',');
      expect(
        count(
          db,
          `SELECT count(*) FROM interactions WHERE outcome <> 'completed' OR disposition_id IS NULL
           OR agent_id NOT IN (${agents}) OR pbx_call_id NOT LIKE 'seed-42-%'`,
        ),
      ).toBe(0);
    });
  });
});

describe('seed CLI', () => {
  const run = promisify(execFile);
  const cli = (file: string, ...extra: string[]) =>
    run(process.execPath, [
      '--import',
      'tsx',
      'db/seed/seed-cli.ts',
      '--customers',
      '30',
      '--db',
      file,
      ...extra,
    ]);

  it('refuses to add demo data to a database with customers unless --force', async () => {
    const file = join(dir, 'cli.sqlite');
    await cli(file, '--locale', 'zh-CN', '--anchor', '2025-06-01');
    const refused = await cli(file).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    await cli(file, '--force', '--seed', '2');
    const db = openDatabase(file);
    opened.push(db);
    expect(count(db, 'SELECT count(*) FROM customers')).toBe(60);
    // three CLI runs, each compiling the seed with tsx: tens of seconds on a busy 2-core machine
  }, 120_000);

  it('names the flag that is wrong', async () => {
    const failure = await cli(join(dir, 'bad.sqlite'), '--locale', 'fr').then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('--locale');
  }, 60_000);
});
