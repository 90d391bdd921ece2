/**
 * `npm run db:seed -- --customers N --locale zh-CN|en --seed S [--db FILE] [--anchor YYYY-MM-DD] [--force]`
 *
 * Fills a database with reference data, the demo accounts and deterministic demo customers. It refuses to
 * add customers to a database that already has some unless --force, so a real customer base is never
 * mixed with invented people by accident.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword } from '../../cti-bridge/src/server/password-hash';
import { openDatabase } from '../open-database';
import { generateDemoData, type DemoDataResult } from './demo-data';
import { demoAgentIds, ensureDemoUsers, type DemoAccount } from './demo-users';
import { ensureReferenceData } from './reference-data';

const USAGE =
  'Usage: npm run db:seed -- [--customers N] [--locale zh-CN|en] [--seed S] [--db FILE] [--anchor YYYY-MM-DD] [--force]';

const argsSchema = z.object({
  customers: z.coerce.number().int('must be a whole number').min(0).max(10_000_000).default(2000),
  locale: z.enum(['zh-CN', 'en']).default('en'),
  seed: z.coerce
    .number()
    .int('must be a whole number')
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
  db: z.string().min(1).optional(),
  anchor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    // Date.parse rolls 2025-02-30 over to 2 March; a date that does not survive the round trip is a typo.
    .refine((text) => isoDay(Date.parse(`${text}T00:00:00Z`)) === text, 'must be a real calendar date')
    .transform((text) => Date.parse(`${text}T00:00:00Z`))
    .optional(),
  force: z.boolean().default(false),
});

type SeedArgs = z.infer<typeof argsSchema>;

class UsageError extends Error {}

function isoDay(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'invalid';
}

function parseCommandLine(argv: string[]): SeedArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        locale: { type: 'string' },
        seed: { type: 'string' },
        db: { type: 'string' },
        anchor: { type: 'string' },
        force: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`);
    throw new UsageError(problems.join('; '));
  }
  return parsed.data;
}

/** Today at 00:00 UTC: the demo's "now", so seeds made on the same day match. */
function startOfTodayUtc(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function databaseFile(args: SeedArgs): string {
  if (args.db) return resolve(args.db);
  return resolve(process.env.RINGSIDE_DATA_DIR || './data', 'ringside.sqlite');
}

function run(args: SeedArgs): number {
  const file = databaseFile(args);
  const anchor = args.anchor ?? startOfTodayUtc();
  const db = openDatabase(file);
  try {
    const existing = db.$client.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    if (existing > 0 && !args.force) {
      console.error(
        `${file} already has ${existing} customers; not adding demo data. Pass --force to add it anyway.`,
      );
      return 1;
    }
    ensureReferenceData(db);
    const accounts = ensureDemoUsers(db, hashPassword);
    console.info(
      `Seeding ${args.customers} ${args.locale} customers (seed ${args.seed}, anchor ${isoDay(anchor)})`,
    );
    console.info(`into ${file}`);
    const result = generateDemoData(db, {
      customers: args.customers,
      locale: args.locale,
      seed: args.seed,
      anchor,
      agentIds: demoAgentIds(db),
      onProgress: (done) => {
        if (done % 100_000 === 0) console.info(`  ${done} customers…`);
      },
    });
    // Fold the WAL back into the file so it can be copied or shipped as one file.
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    printSummary(result, accounts);
    return 0;
  } finally {
    db.$client.close();
  }
}

function printSummary(result: DemoDataResult, accounts: DemoAccount[]): void {
  console.info(
    `Done in ${result.ms} ms: ${result.customers} customers, ${result.phones} phones, ${result.orders} orders, ` +
      `${result.interactions} interactions, ${result.followUps} open follow-ups, ${result.dncEntries} DNC entries.`,
  );
  // The demo password is a constant in the source (DEMO_PASSWORD), not a secret worth hiding.
  console.info(`Demo accounts: ${accounts.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  console.info(`Demo password for all of them: ${accounts[0]?.password ?? ''}`);
}

function main(): void {
  try {
    process.exitCode = run(parseCommandLine(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

main();
