/**
 * `npm run bench`: caller-ID lookup, customer search and screen-pop latency on a large demo database, then pop
 * latency and routing overhead through a real Kamailio with 100 and with 1,000 registered agents, printed as a
 * markdown table and written to .bench/results.md. BENCH_CUSTOMERS=N picks a smaller database for a quick run
 * (default one million); BENCH_KAMAILIO=0 skips the Kamailio section, BENCH_KAMAILIO_CALLS=N sets its call count
 * per agent count (default 200), BENCH_KAMAILIO_AGENTS=100,1000 the agent counts it runs with.
 * Then predictive pacing on simulated shifts (pacing-section.ts: BENCH_PACING=0 skips it, BENCH_PACING_SEEDS and
 * BENCH_PACING_HOURS size it).
 * The login section times a burst of 40 wrong + 200 right logins and /api/health during it, before and after
 * password checks left the event loop. First the outbound section (outbound-bench.ts: lead import, DNC registry
 * import, scrub, compliance gate; BENCH_OUTBOUND=0 skips it, BENCH_LEADS / BENCH_DNC / BENCH_SCRUB_LEADS /
 * BENCH_GATE_DECISIONS size it); BENCH_ONLY=outbound runs only that section.
 * The routing section (routing-bench.ts: BENCH_ROUTING=0 skips it, BENCH_ONLY=routing runs only it) times queueing
 * decisions with their record against a naive scan, and the inbound simulator's speed.
 * The server-placed calls section (server-calls-section.ts: BENCH_SERVER_CALLS=0 skips it, BENCH_ONLY=server-calls
 * runs only it) times customer 200 OK → first agent RTP over 100 calls with 10 agents, against the agent-dialled
 * progressive call in the same run, and load steps for the calls in flight one bridge holds in the 2 s window.
 * The supervisor fan-out section (fanout-bench.ts: BENCH_FANOUT=0 skips it, BENCH_ONLY=fanout runs only it) times
 * agent events reaching 50 supervisors with 1,000 agents connected, against a raw `ws` broadcast.
 * Benchmarks live here only: tests never assert on timings.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { openDatabase } from '../../db/open-database';
import {
  ensureBenchDatabase,
  BENCH_ANCHOR,
  BENCH_LOCALE,
  BENCH_SEED,
  type BenchDatabase,
} from './bench-database';
import { markdownTable, mb, type BenchRow } from './bench-stats';
import { startBridgeProcess, type BridgeProcess } from './bridge-process';
import { callerSamples, type CallerSample } from './caller-samples';
import {
  KAMAILIO_WARM_UP,
  kamailioAgentCounts,
  kamailioBench,
  kamailioCalls,
  kamailioNoteRow,
  kamailioSkipReason,
} from './kamailio-bench';
import { loginBench } from './login-bench';
import { lookupBench } from './lookup-bench';
import { outboundSection, outboundSizes } from './outbound-bench';
import { pacingSection } from './pacing-section';
import { POPS, POP_WARM_UP, popBench } from './pop-bench';
import { routingSection } from './routing-bench';
import { fanoutSection } from './fanout-bench';
import { searchBench } from './search-bench';
import { serverCallsSection } from './server-calls-section';

const rootDir = resolve(import.meta.dirname, '../..');

function customersFromEnv(): number {
  const value = process.env.BENCH_CUSTOMERS ?? '1000000';
  const customers = Number(value);
  if (!Number.isSafeInteger(customers) || customers < 1 || customers > 1_000_000) {
    throw new Error(`BENCH_CUSTOMERS must be an integer from 1 to 1000000, got "${value}"`);
  }
  return customers;
}

async function main(): Promise<void> {
  const customers = customersFromEnv();
  // a bad BENCH_KAMAILIO_CALLS or _AGENTS fails now, not after the other sections ran
  kamailioCalls();
  kamailioAgentCounts();
  outboundSizes();
  const load = loadavg().map((n) => n.toFixed(2));
  if (process.env.BENCH_ONLY === 'fanout') {
    const fanout = await fanoutSection(rootDir, (message) => console.info(message));
    writeReport([
      `## Ringside bench (fan-out only) — ${new Date().toISOString()}`,
      '',
      ...machine(load),
      '',
      ...fanout,
      '',
    ]);
    return;
  }
  // BENCH_ONLY=outbound and =server-calls run their own section alone (no routing run before it to wait for)
  const otherOnly = process.env.BENCH_ONLY === 'outbound' || process.env.BENCH_ONLY === 'server-calls';
  const routing = otherOnly ? [] : await routingSection(rootDir, (message) => console.info(message));
  if (process.env.BENCH_ONLY === 'routing') {
    writeReport([
      `## Ringside bench (routing only) — ${new Date().toISOString()}`,
      '',
      ...machine(load),
      '',
      ...routing,
      '',
    ]);
    return;
  }
  if (process.env.BENCH_ONLY === 'server-calls') {
    const serverCalls = await serverCallsSection((message) => console.info(message));
    writeReport([
      `## Ringside bench (server-placed calls only) — ${new Date().toISOString()}`,
      '',
      ...machine(load),
      '',
      ...serverCalls,
      '',
    ]);
    return;
  }
  const outbound = await outboundSection(rootDir, (message) => console.info(message));
  if (process.env.BENCH_ONLY === 'outbound') {
    writeReport([
      `## Ringside bench (outbound only) — ${new Date().toISOString()}`,
      '',
      ...machine(load),
      '',
      ...outbound,
      '',
    ]);
    return;
  }
  const bench = ensureBenchDatabase(rootDir, customers);
  console.info('Caller-ID lookups…');
  const { rows: lookupRows, popCallers } = runLookups(bench);
  let bridge: BridgeProcess | null = null;
  let popRows: BenchRow[];
  try {
    console.info('Starting a bridge process on a copy of the database…');
    bridge = await startBridgeProcess(bench.file, join(rootDir, '.bench', `run-${process.pid}`));
    console.info(`Screen pops (${POP_WARM_UP} warm-up + ${POPS})…`);
    popRows = await popBench(bridge, popCallers);
  } finally {
    await bridge?.stop();
  }
  console.info('Login burst, before and after…');
  const loginRows = await loginBench(rootDir);
  const kamailioRows = await kamailioSection();
  const pacing = pacingSection((message) => console.info(message));
  const serverCalls = await serverCallsSection((message) => console.info(message)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
    return [`### Server-placed calls: FAILED: ${error instanceof Error ? error.message : String(error)}`];
  });
  const fanout = await fanoutSection(rootDir, (message) => console.info(message)).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
    return [`### Supervisor fan-out: FAILED: ${error instanceof Error ? error.message : String(error)}`];
  });
  const report = [
    `## Ringside bench — ${new Date().toISOString()}`,
    '',
    ...machine(load),
    ...database(bench),
    '',
    markdownTable([...lookupRows, ...popRows, ...loginRows, ...kamailioRows]),
    '',
    ...pacing,
    '',
    ...serverCalls,
    '',
    ...outbound,
    '',
    ...routing,
    '',
    ...fanout,
    '',
  ];
  writeReport(report);
}

function writeReport(lines: string[]): void {
  const report = lines.join('\n');
  console.info(`\n${report}`);
  mkdirSync(join(rootDir, '.bench'), { recursive: true });
  writeFileSync(join(rootDir, '.bench', 'results.md'), report);
  console.info(`Written to ${relative(process.cwd(), join(rootDir, '.bench', 'results.md'))}`);
}

/**
 * One run per agent count. A failed run is reported in the table (the other runs' and sections' results are
 * still written) and fails the bench.
 */
async function kamailioSection(): Promise<BenchRow[]> {
  const skip = kamailioSkipReason();
  if (skip) {
    console.info(`Kamailio section ${skip}`);
    return [kamailioNoteRow(null, skip)];
  }
  const rows: BenchRow[] = [];
  for (const agents of kamailioAgentCounts()) {
    console.info(
      `Kamailio section, ${agents} agents (${KAMAILIO_WARM_UP} warm-up + ${kamailioCalls()} calls)…`,
    );
    try {
      rows.push(...(await kamailioBench(rootDir, agents)));
    } catch (error) {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
      rows.push(kamailioNoteRow(agents, `FAILED: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return rows;
}

/** The lookup bench and the pop callers both read the bench file itself; it is closed before the copy. */
function runLookups(bench: BenchDatabase): { rows: BenchRow[]; popCallers: CallerSample[] } {
  const db = openDatabase(bench.file);
  try {
    const rows = lookupBench(db);
    console.info('Customer searches…');
    rows.push(...searchBench(db));
    const popCallers = callerSamples(db.$client, POP_WARM_UP + POPS, 11, {
      uniqueOnly: true,
      knownOnly: true,
    });
    return { rows, popCallers };
  } finally {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
  }
}

function machine(load: string[]): string[] {
  const cpu = cpus();
  return [
    `- machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${mb(totalmem())} RAM, ` +
      `load average ${load.join(' / ')} at start (shared machine)`,
    `- node ${process.version}, ${process.platform}/${process.arch}`,
  ];
}

function database(bench: BenchDatabase): string[] {
  const built =
    bench.builtInMs === null
      ? 'reused (same generator)'
      : `built in ${(bench.builtInMs / 1000).toFixed(1)} s this run`;
  return [
    `- database: ${relative(rootDir, bench.file)}, ${bench.customers.toLocaleString('en-US')} customers, ` +
      `${bench.phones.toLocaleString('en-US')} phones, ${mb(bench.bytes)}; ${built}`,
    `- generator: locale ${BENCH_LOCALE}, seed ${BENCH_SEED}, anchor ${new Date(BENCH_ANCHOR).toISOString()}; ` +
      'bridge region US; latencies are wall-clock, sequential, after warm-up',
  ];
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
