/**
 * Logins at shift start: 40 wrong and 200 right logins at once against a bridge process, timing the burst
 * (logins/s) and /api/health requests sent one after another during it, against the same requests on the idle
 * server. `before` is the synchronous scrypt check the bridge used to run on its event loop (a baseline kept in
 * the bench); `after` is the real bridge.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { latency, latencyRow, ms, opsPerSecond, timed, type BenchRow } from './bench-stats';
import { forkBridge } from './bridge-process';

const WRONG = 40;
const RIGHT = 200;
const IDLE_PROBES = 50;
/** Health probes are spaced so they do not load the server themselves (back to back they would, unevenly). */
const PROBE_GAP_MS = 50;

async function login(url: string, username: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

const health = (url: string) => timed(() => fetch(`${url}/api/health`).then((r) => r.arrayBuffer()));

async function measureMode(rootDir: string, mode: 'before' | 'after'): Promise<BenchRow[]> {
  const dataDir = join(rootDir, '.bench', `login-${mode}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const bridge = await forkBridge(
    join(import.meta.dirname, 'login-bench-bridge.ts'),
    [dataDir, mode],
    60_000,
  );
  try {
    for (let i = 0; i < 10; i++) await health(bridge.url);
    await login(bridge.url, 'agent1', 'ringside');
    const idle: number[] = [];
    for (let i = 0; i < IDLE_PROBES; i++) {
      idle.push((await health(bridge.url)).ms);
      await new Promise((wait) => setTimeout(wait, PROBE_GAP_MS));
    }

    let done = false;
    const started = performance.now();
    const burst = Promise.all([
      ...Array.from({ length: WRONG }, (_, i) => login(bridge.url, `nobody-${i}`, 'wrong')),
      ...Array.from({ length: RIGHT }, () => login(bridge.url, 'agent2', 'ringside')),
    ]).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      during.push((await health(bridge.url)).ms);
      await new Promise((wait) => setTimeout(wait, PROBE_GAP_MS));
    }
    const statuses = await burst;
    const elapsed = performance.now() - started;
    const ok = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 401).length;
    if (ok !== RIGHT || refused !== WRONG)
      throw new Error(
        `login burst (${mode}): ${ok} accepted, ${refused} refused, expected ${RIGHT}/${WRONG}`,
      );
    const label =
      mode === 'before' ? 'sync scrypt on the event loop (before)' : 'async scrypt + login gate (after)';
    const idleP50 = latency(idle).p50;
    return [
      latencyRow(
        `/api/health during ${WRONG} wrong + ${RIGHT} right logins, ${label}`,
        during,
        `${opsPerSecond(WRONG + RIGHT, elapsed).replace('ops/s', 'logins/s')} (burst ${ms(elapsed)}); ` +
          `max ${ms(Math.max(...during))}; idle p50 ${ms(idleP50)} → p50 ×${(latency(during).p50 / idleP50).toFixed(1)}`,
      ),
    ];
  } finally {
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function loginBench(rootDir: string): Promise<BenchRow[]> {
  return [...(await measureMode(rootDir, 'before')), ...(await measureMode(rootDir, 'after'))];
}
