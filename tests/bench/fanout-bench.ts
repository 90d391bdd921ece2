/**
 * Supervisor fan-out (issue 12): one bridge process with 1,000 connected agent clients and 50 supervisor clients
 * (real socket.io clients in a separate process). Agents change state at a realistic rate and at 10× it; each
 * event's latency is from the agent's send to the wallboard row reaching each supervisor. The bridge's CPU (of
 * one core, from /proc) and RSS are read per phase. The same events through a raw `ws` broadcast server, in the
 * same run, are the baseline. BENCH_FANOUT=0 skips it; BENCH_FANOUT_AGENTS, _SUPERVISORS, _RATE (events/s,
 * default 20), _SECONDS (per phase, default 15) size it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { mb, ms } from './bench-stats';
import { forkBridge, type BridgeProcess } from './bridge-process';
import type { FanoutTokens } from './fanout-bench-bridge';
import type { ClientsReply, ClientsRequest, PhaseSummary } from './fanout-bench-clients';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const CLOCK_TICKS = 100;

/**
 * utime + stime of a process in seconds, its resident set now (bytes), and how long its main thread waited
 * runnable for a CPU (schedstat run_delay, seconds): on a shared machine that wait, not the code, can make the tail.
 */
function usage(pid: number): { cpuSec: number; rss: number; waitSec: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const rssKb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const waitNs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
  return { cpuSec, rss: Number(rssKb ?? 0) * 1024, waitSec: waitNs / 1e9 };
}

function clientsProcess(): ChildProcess {
  return fork(join(import.meta.dirname, 'fanout-bench-clients.ts'), [], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function ask<T extends ClientsReply['type']>(
  child: ChildProcess,
  request: ClientsRequest,
  type: T,
  timeoutMs: number,
): Promise<Extract<ClientsReply, { type: T }>> {
  return new Promise((done, failed) => {
    const timer = setTimeout(() => failed(new Error(`the bench clients did not reply ${type}`)), timeoutMs);
    const onMessage = (message: ClientsReply) => {
      if (message.type !== type && message.type !== 'failed') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      if (message.type === 'failed') failed(new Error(`the bench clients failed: ${message.message}`));
      else done(message as Extract<ClientsReply, { type: T }>);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

interface PhaseResult {
  mode: 'ringside' | 'ws';
  rate: number;
  summary: PhaseSummary;
  cpuPercent: number;
  rss: number;
  /** Share of the phase the server's and the clients' main threads waited for a CPU (percent). */
  serverWait: number;
  clientsWait: number;
}

async function runMode(rootDir: string, mode: 'ringside' | 'ws', log: (m: string) => void) {
  const agents = env('BENCH_FANOUT_AGENTS', 1000);
  const supervisors = env('BENCH_FANOUT_SUPERVISORS', 50);
  const rate = env('BENCH_FANOUT_RATE', 20);
  const seconds = env('BENCH_FANOUT_SECONDS', 15);
  const dataDir = join(rootDir, '.bench', `fanout-${mode}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  let bridge: BridgeProcess | null = null;
  const clients = clientsProcess();
  try {
    bridge = await forkBridge(
      join(import.meta.dirname, 'fanout-bench-bridge.ts'),
      [dataDir, mode, String(agents), String(supervisors)],
      120_000,
    );
    const tokens: FanoutTokens =
      mode === 'ringside'
        ? (JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8')) as FanoutTokens)
        : {
            agents: Array.from({ length: agents }, (_, i) => ({ id: i + 1, token: '' })),
            supervisors: Array.from({ length: supervisors }, () => ''),
          };
    const connected = await ask(
      clients,
      { type: 'connect', url: bridge.url, mode, tokens },
      'connected',
      180_000,
    );
    log(`  ${mode}: ${agents} agents + ${supervisors} supervisors connected in ${ms(connected.ms)}`);
    // a short warm-up (JIT, first wallboard rows) before the measured phases
    await ask(clients, { type: 'phase', rate, seconds: 2 }, 'phase-done', 60_000);
    const results: PhaseResult[] = [];
    for (const phaseRate of [rate, rate * 10]) {
      const before = usage(bridge.pid);
      const clientsBefore = usage(clients.pid ?? 0);
      const started = performance.now();
      const done = await ask(clients, { type: 'phase', rate: phaseRate, seconds }, 'phase-done', 120_000);
      const wallSec = (performance.now() - started) / 1000;
      const after = usage(bridge.pid);
      const clientsAfter = usage(clients.pid ?? 0);
      const cpuPercent = ((after.cpuSec - before.cpuSec) / wallSec) * 100;
      results.push({
        mode,
        rate: phaseRate,
        summary: done.summary,
        cpuPercent,
        rss: after.rss,
        serverWait: ((after.waitSec - before.waitSec) / wallSec) * 100,
        clientsWait: ((clientsAfter.waitSec - clientsBefore.waitSec) / wallSec) * 100,
      });
      log(
        `  ${mode} at ${phaseRate} events/s: p99 ${ms(done.summary.p99)}, bridge CPU ${cpuPercent.toFixed(0)}%`,
      );
    }
    return results;
  } finally {
    clients.kill();
    await bridge?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The section's markdown: one row per server and rate. */
export async function fanoutSection(rootDir: string, log: (message: string) => void): Promise<string[]> {
  if (process.env.BENCH_FANOUT === '0') return ['### Supervisor fan-out', '', 'skipped (BENCH_FANOUT=0)'];
  const agents = env('BENCH_FANOUT_AGENTS', 1000);
  const supervisors = env('BENCH_FANOUT_SUPERVISORS', 50);
  log(`Supervisor fan-out: ${agents} agents, ${supervisors} supervisors…`);
  const rows = [...(await runMode(rootDir, 'ringside', log)), ...(await runMode(rootDir, 'ws', log))];
  const cores = cpus().length;
  const line = (r: PhaseResult) => {
    const s = r.summary;
    const server = r.mode === 'ringside' ? 'Ringside bridge (socket.io)' : 'raw `ws` broadcast';
    const lost = s.expected - s.received;
    return (
      `| ${server} | ${r.rate} | ${s.events.toLocaleString('en-US')} | ${ms(s.p50)} | ${ms(s.p95)} | ` +
      `${ms(s.p99)} | ${ms(s.max)} | ${lost} | ${r.cpuPercent.toFixed(0)}% (${(r.cpuPercent / cores).toFixed(0)}% of ${cores} cores) | ${mb(r.rss)} | ` +
      `${r.serverWait.toFixed(0)}% / ${r.clientsWait.toFixed(0)}% |`
    );
  };
  return [
    `### Supervisor fan-out (${agents.toLocaleString('en-US')} agents, ${supervisors} supervisors)`,
    '',
    'Agent state change (agent sends) → the wallboard row at each supervisor; clients in their own process; ' +
      '"lost" = rows not at a supervisor 3 s after the phase; "waited for a CPU" = share of the phase the main ' +
      "thread was runnable but not running (schedstat: a shared machine's contention, not the code).",
    '',
    '| server | events/s | events | p50 | p95 | p99 | max | lost | server CPU (one core) | server RSS | waited for a CPU: server / clients |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(line),
  ];
}
