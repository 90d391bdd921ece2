/**
 * The outbound bench's gate rows: the compliance gate's decision with the registry loaded (its facts read,
 * decision and audit row in one write transaction), its parts alone, and baselines from the same run — the same
 * decision in two transactions (the facts read, then the audit row: the shape before), the audit commit as it was before checkpoints moved off the writer's path
 * (AUTOINCREMENT, SQLite's auto-checkpoint every 1,000 pages inside a commit), the registry check as a SQLite
 * lookup, and a fixed 20 µs of CPU work whose tail is only the scheduler's (preemption at this load).
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { decide } from '../../cti-bridge/src/domain/compliance/gate';
import type { ComplianceFacts } from '../../cti-bridge/src/domain/compliance/compliance-types';
import { benchCampaign as campaign, NOON_NEW_YORK, type OutboundBenchApp } from './outbound-bench-app';
import { latency, latencyRow, type BenchRow } from './bench-stats';
import { spinSamples, tailNote, timed, type TimedRun } from './bench-timing';
import type { RegistryRun } from './outbound-import-rows';
import { scrubLeads } from './outbound-fixtures';

export async function gateRows(
  app: OutboundBenchApp,
  registry: RegistryRun,
  decisions: number,
  dir: string,
): Promise<BenchRow[]> {
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
  const intent = (i: number) => intents[i] as (typeof intents)[number];
  for (let i = 0; i < 1000; i++) app.compliance.check(intent(i)); // warm-up
  for (let i = 0; i < 1000; i++) app.complianceTwoTransactions.check(intent(i));
  const load = loadavg()[0] ?? 0;
  let blocked = 0;
  // the gate and its two-transaction baseline in alternating quarters: a change of load meanwhile hits both
  const [service, twoTransactions] = await alternating(
    decisions,
    (i) => {
      if (!app.compliance.check(intent(i)).allowed) blocked++;
    },
    (i) => app.complianceTwoTransactions.check(intent(i)),
  );
  const facts: ComplianceFacts = {
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
  const pure = await timed(decisions, (i) => decide(intent(0), facts, NOON_NEW_YORK + i));
  // the service's two database steps alone: the facts read, and the audit row committed before any dial
  const reads = await timed(decisions, (i) => app.facts.read(intent(i).leadId, intent(i).number, id));
  const audits = await timed(decisions, (i) => app.audit.record(auditSample(intent(i).leadId, id)));
  const before = await auditAsBefore(dir, decisions, id);
  const lookup = registry.baseline.prepare('SELECT 1 FROM dnc WHERE n = ?').pluck();
  const sql = await timed(decisions, (i) => lookup.get(Number(intent(i).number.slice(1))));
  const spin = await spinSamples(decisions);
  const ratios = (baseline: TimedRun, run: TimedRun) => {
    const [b, r] = [latency(baseline.samples), latency(run.samples)];
    return `p50 ${(b.p50 / r.p50).toFixed(1)}×, p95 ${(b.p95 / r.p95).toFixed(1)}×, p99 ${(b.p99 / r.p99).toFixed(1)}×`;
  };
  return [
    latencyRow(
      'gate: one decision through the service (one write transaction: facts from SQLite, registry in memory, decide, audit row)',
      service.samples,
      `registry ${registry.numbers.length.toLocaleString('en-US')} numbers loaded; ${blocked.toLocaleString('en-US')} blocked; ${tailNote(service)}; load average ${load.toFixed(2)}; target p99 ≤ 100 µs`,
    ),
    latencyRow(
      '  baseline: the same decision in two transactions (facts read, then the audit row)',
      twoTransactions.samples,
      `as before; ${ratios(twoTransactions, service)} the gate's above; ${tailNote(twoTransactions)}`,
    ),
    latencyRow(
      '  the facts read alone (one statement: lead, attempts, global + campaign lists)',
      reads.samples,
      `prepared once; one read transaction; ${tailNote(reads)}`,
    ),
    latencyRow(
      '  the audit row alone (one INSERT, its own transaction, in the WAL before the dial)',
      audits.samples,
      `WAL checkpoints in a worker thread; ${tailNote(audits)}`,
    ),
    latencyRow(
      '  baseline: the audit row as before (AUTOINCREMENT, checkpoints inside commits)',
      before.samples,
      `${ratios(before, audits)} the audit row's above; ${tailNote(before)}`,
    ),
    latencyRow('  the pure decide() alone', pure.samples, `window, attempts, retry; ${tailNote(pure)}`),
    latencyRow(
      '  baseline: the registry check alone as a SQLite point lookup',
      sql.samples,
      'what the registry part would cost from a table',
    ),
    latencyRow(
      '  baseline: 20 µs of CPU work (no I/O, no allocation)',
      spin.samples,
      `the scheduler's share of any tail at this load; ${tailNote(spin)}`,
    ),
  ];
}

/** `a` and `b` timed `n` times each, in alternating quarters (ABABABAB), each run's samples in call order. */
async function alternating(
  n: number,
  a: (i: number) => unknown,
  b: (i: number) => unknown,
): Promise<[TimedRun, TimedRun]> {
  const runs: [TimedRun[], TimedRun[]] = [[], []];
  const quarter = Math.ceil(n / 4);
  for (let from = 0; from < n; from += quarter) {
    const size = Math.min(quarter, n - from);
    runs[0].push(await timed(size, (i) => a(from + i)));
    runs[1].push(await timed(size, (i) => b(from + i)));
  }
  const merge = (parts: TimedRun[]): TimedRun => ({
    samples: parts.flatMap((p) => p.samples),
    slow: parts.reduce((sum, p) => sum + p.slow, 0),
    slowInGc: parts.reduce((sum, p) => sum + p.slowInGc, 0),
    gcCount: parts.reduce((sum, p) => sum + p.gcCount, 0),
    gcMs: parts.reduce((sum, p) => sum + p.gcMs, 0),
  });
  return [merge(runs[0]), merge(runs[1])];
}

/**
 * The audit insert as it was committed before: the same statement into a table with AUTOINCREMENT (a third
 * WAL page per commit), SQLite's default auto-checkpoint (the copy and its fsyncs inside every ~330th commit).
 */
async function auditAsBefore(dir: string, decisions: number, campaignId: number): Promise<TimedRun> {
  const db = new Database(join(dir, 'audit-before.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE audit_log (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, at integer NOT NULL,
      actor_user_id integer, action text NOT NULL, subject text, decision text NOT NULL, reason text, details text);
      CREATE INDEX audit_log_at_idx ON audit_log (at);`);
    const insert = db.prepare(
      'INSERT INTO audit_log (at, actor_user_id, action, subject, decision, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const record = (leadId: number) => {
      const e = auditSample(leadId, campaignId);
      insert.run(e.at, e.actorUserId, e.action, e.subject, e.decision, e.reason, JSON.stringify(e.details));
    };
    for (let i = 0; i < 1000; i++) record(i); // warm-up, as for the others
    return await timed(decisions, (i) => record(i));
  } finally {
    db.close();
  }
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
