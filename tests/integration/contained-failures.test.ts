/**
 * A database write that fails in a callback the bridge runs on its own (the ring timer, the simulator's caller
 * patience) is contained: logged, counted on /api/health, and the calls go on. Locked with a second connection
 * holding the write lock while the bridge's connection does not wait: a real SQLITE_BUSY.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import type { Fault } from '../../cti-bridge/src/services/faults';
import { readyAgent, useTestRingside } from '../support/ringside-file';
import { command, next, type TestRingside } from '../support/test-ringside';

const BILLING = '+18005550103';
const SALES = '+18005550100';
let t: TestRingside;
let admin: string;

useTestRingside((file) => ({ t, admin } = file));

/** Holds the database's write lock from another connection until released; the bridge gets SQLITE_BUSY. */
function lockDatabase() {
  const bridge = t.ringside.db.$client;
  bridge.pragma('busy_timeout = 0');
  const other = new Database(join(t.dataDir, 'ringside.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
    bridge.pragma('busy_timeout = 5000');
  };
}

const faultsAt = (where: string) =>
  new Promise<Fault>((done) => {
    const off = t.ringside.faults.onFault((fault) => {
      if (fault.where !== where) return;
      off();
      done(fault);
    });
  });

const health = async () => (await t.api<{ faults: number }>('GET', '/api/health')).body.faults;

describe('a failed database write in a timer', () => {
  it('in the ring timer: the offer is withdrawn all the same, the failure is logged and counted, the call goes on', async () => {
    t.ringside.reference.updateQueueTimers('billing', { ringTimeoutSec: 1 });
    const agent = await readyAgent(t, 'agent3');
    const offered = next(agent, 'call:offered');
    const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+12025550181',
      to: BILLING,
    });
    const { callId, interactionId } = placed.body;
    await offered;
    const before = await health();

    const release = lockDatabase();
    const requeueFailed = faultsAt('interactions.requeued');
    const stateLogFailed = faultsAt('agent state log');
    const withdrawn = next(agent, 'call:offer-withdrawn');
    const missed = next(agent, 'agent:state-changed', (state) => state.status === 'not-ready');
    try {
      expect(await withdrawn).toEqual({ callId, reason: 'ring-timeout' });
      expect((await missed).reason).toBe('missed');
      expect(await requeueFailed).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(await stateLogFailed).toMatchObject({ code: 'SQLITE_BUSY' });
    } finally {
      release();
    }
    expect(await health()).toBeGreaterThanOrEqual(before + 2);

    // the bridge carries on: the call waits for the next agent, who gets it, and the answer is recorded
    const colleague = await t.connect(await t.login('agent4'));
    const again = next(colleague, 'call:offered');
    expect((await command(colleague, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    expect((await again).callId).toBe(callId);
    expect((await command(colleague, 'call:answer', { callId })).ok).toBe(true);
    const row = t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
    expect(row?.outcome).toBe('answered');
    expect((await command(colleague, 'call:hangup', { callId })).ok).toBe(true);
    t.ringside.reference.updateQueueTimers('billing', { ringTimeoutSec: 20 });
  });

  it("in the simulator's patience timer: the abandon is contained and the next call is recorded", async () => {
    const { callId } = t.sim.injectCall({ from: '+12025550182', to: SALES, patienceSec: 1 });
    const abandonFailed = faultsAt('interactions.abandoned');
    const release = lockDatabase();
    try {
      expect(await abandonFailed).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(t.sim.activeCallIds()).not.toContain(callId);
    } finally {
      release();
    }
    const placed = await t.api<{ interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+12025550183',
      to: SALES,
      patienceSec: 30,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.interactionId).toBeGreaterThan(0);
  });
});
