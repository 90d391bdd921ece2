/**
 * Login cannot freeze the bridge or be brute-forced: password checks run off the event loop, failed logins are
 * throttled per account and per source address (429 + Retry-After, audited), and an unknown user costs the same
 * time as a wrong password. Real bridge over HTTP; every timing bound is a ratio measured in the same test.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

let t: TestRingside | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const start = async (env: Record<string, string> = {}) => (t = await startTestRingside(env));

async function login(ringside: TestRingside, username: string, password: string) {
  const response = await fetch(`${ringside.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.error?.code };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const auditActions = (ringside: TestRingside, action: string) =>
  ringside.ringside.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('failed-login throttling', () => {
  it('refuses an account with 429 and Retry-After once its failures are used up, even with the right password', async () => {
    const bridge = await start({ RINGSIDE_LOGIN_FAILURES_PER_ACCOUNT: '3' });
    for (let i = 0; i < 3; i++) expect((await login(bridge, 'agent1', `guess-${i}`)).status).toBe(401);
    const refused = await login(bridge, 'agent1', 'ringside');
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(15 * 60);
    // the name is one budget however it is typed; another account is not affected
    expect((await login(bridge, ' AGENT1', 'ringside')).status).toBe(429);
    expect((await login(bridge, 'agent2', 'ringside')).status).toBe(200);
    expect(auditActions(bridge, 'auth.login-failed')).toHaveLength(3);
    expect(auditActions(bridge, 'auth.login-throttled')[0]).toMatchObject({
      subject: 'username:agent1',
      decision: 'blocked',
      details: { address: '127.0.0.1' },
    });
  });

  it('refuses a source address once its failures (across any names) are used up; successes do not count', async () => {
    const bridge = await start({ RINGSIDE_LOGIN_FAILURES_PER_ADDRESS: '5' });
    for (let i = 0; i < 8; i++) expect((await login(bridge, 'agent2', 'ringside')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(bridge, `nobody-${i}`, 'x')).status).toBe(401);
    const refused = await login(bridge, 'agent3', 'ringside');
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });

  it('parallel guesses at one account cannot overshoot its budget', async () => {
    const bridge = await start({ RINGSIDE_LOGIN_FAILURES_PER_ACCOUNT: '5' });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(bridge, 'agent3', `guess-${i}`)),
    );
    const checked = results.filter((r) => r.status === 401).length;
    expect(checked).toBeGreaterThanOrEqual(5);
    // at most one password check per slot runs past the budget (slots = cores - 1, at least 1)
    expect(checked).toBeLessThanOrEqual(5 + 2);
    expect(results.filter((r) => r.status === 429).length).toBe(30 - checked);
  });
});

/**
 * The bench times the 40 + 200 (tests/bench/login-bench.ts); this burst is smaller so the test stays
 * short on a loaded machine, and still long enough to show synchronous hashing (each probe waits a hash).
 */
const WRONG = 20;
const RIGHT = 60;

describe('login does not freeze the bridge', () => {
  it('a burst of 20 wrong and 60 right logins keeps /api/health close to its idle latency', async () => {
    const bridge = await start();
    const health = () => timed(() => fetch(`${bridge.url}/api/health`).then((r) => r.json()));
    for (let i = 0; i < 5; i++) await health(); // warm up the connection pool and the route
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) idle.push((await health()).ms);
    const baseline = median(idle);

    let done = false;
    const burst = Promise.all([
      ...Array.from({ length: WRONG }, (_, i) => login(bridge, `nobody-${i}`, 'wrong')),
      ...Array.from({ length: RIGHT }, () => login(bridge, 'agent4', 'ringside')),
    ]).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      during.push((await health()).ms);
      await new Promise((wait) => setTimeout(wait, 10));
    }
    const results = await burst;
    expect(results.filter((r) => r.status === 401)).toHaveLength(WRONG);
    expect(results.filter((r) => r.status === 200)).toHaveLength(RIGHT);
    expect(during.length).toBeGreaterThan(10);
    // Synchronous hashing makes each health check wait behind the queued hashes (seconds, thousands of times
    // the idle median); off the loop it stays within a small multiple of it.
    const ratio = median(during) / baseline;
    console.log('HEALTH', baseline, median(during), Math.max(...during), during.length);
    expect(
      ratio,
      `idle median ${baseline.toFixed(2)} ms, during ${median(during).toFixed(2)} ms`,
    ).toBeLessThan(20);
  }, 240_000);

  it('an unknown user takes as long as a wrong password', async () => {
    const bridge = await start({ RINGSIDE_LOGIN_FAILURES_PER_ACCOUNT: '1000' });
    await login(bridge, 'agent1', 'warm-up');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 12; i++) {
      unknown.push((await timed(() => login(bridge, `nobody-${i}`, 'wrong'))).ms);
      wrong.push((await timed(() => login(bridge, 'agent1', 'wrong'))).ms);
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.67);
    expect(ratio).toBeLessThan(1.5);
  }, 60_000);
});
