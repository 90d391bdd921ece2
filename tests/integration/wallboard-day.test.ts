import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, WallboardSnapshot } from '../../cti-bridge/protocol/wallboard.schema';
import { QUEUE_COLUMNS } from '../../cti-bridge/src/services/reports/reports.service';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';

const SUPPORT = '+18005550101';
const S = 1000;
/** The fake clock: a day from 08:00 UTC, moved by the test only. */
const DAY = Date.parse('2026-03-02T00:00:00Z');
let clock = DAY + 8 * 3600 * S;
let t: TestRingside;
let supervisor: string;
let agent: AgentSocket;

beforeAll(async () => {
  t = await startTestRingside(
    { RINGSIDE_TIME_ZONE: 'UTC', RINGSIDE_DEMO_CUSTOMERS: '50' },
    { now: () => clock },
  );
  supervisor = await t.login('supervisor');
  agent = await t.connect(await t.login('agent1'));
  expect((await command(agent, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
});
afterAll(() => t.stop());

/** One call: every fifth caller gives up while it rings, after a wait that alternates short and long. */
async function driveCall(i: number): Promise<void> {
  clock += (5 + (i % 7)) * 60 * S;
  const offered = next(agent, 'call:offered', () => true, 15_000);
  const placed = await t.api<{ callId: string }>('POST', '/api/sim/calls', supervisor, {
    from: `+1415555${String(1000 + i)}`,
    to: SUPPORT,
  });
  expect(placed.status).toBe(201);
  const { callId, interactionId } = await offered;
  if (i % 5 === 0) {
    clock += (i % 2 === 0 ? 3 : 45) * S;
    const back = next(agent, 'agent:state-changed', (s) => s.status === 'ready', 15_000);
    t.sim.callerHangsUp(callId);
    await back;
    return;
  }
  clock += (i % 4) * 9 * S;
  expect((await command(agent, 'call:answer', { callId })).ok).toBe(true);
  clock += (60 + (i % 9) * 20) * S;
  expect((await command(agent, 'call:hangup', { callId })).ok).toBe(true);
  clock += (5 + (i % 3) * 10) * S;
  const done = await command(agent, 'interaction:wrap-up', {
    interactionId,
    idempotencyKey: `day-wrap-${interactionId}-${callId}`,
    dispositionCode: 'resolved',
    notes: '',
  });
  expect(done.ok).toBe(true);
}

async function report(from: number, to: number, interval = 30): Promise<Report> {
  const { status, body } = await t.api<Report>(
    'GET',
    `/api/reports/queues?from=${from}&to=${to}&interval=${interval}`,
    supervisor,
  );
  expect(status).toBe(200);
  return body;
}

describe('a day of calls on a fake clock', () => {
  it('gives the same numbers on the live wallboard and in the historical report', async () => {
    for (let i = 0; i < 40; i += 1) await driveCall(i);
    const watcher = await t.connect(supervisor);
    const snapshot = await command(watcher, 'wallboard:watch', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const board: WallboardSnapshot = snapshot.data;
    const live = board.figures.queues.find((q) => q.code === 'support');
    if (!live) throw new Error('no support queue on the wallboard');
    expect(board.figures.dayStart).toBe(DAY);
    expect(live.today.offered).toBe(40);
    expect(live.today.abandoned).toBe(8);
    expect(live.today.shortAbandoned).toBe(4);
    expect(live.today.handled).toBe(32);

    // every column the queue report has, compared with the live figure of the same name
    const columns = QUEUE_COLUMNS;
    const today = await report(DAY, clock + 1);
    const total = today.totals.find((row) => row.id === live.queueId);
    for (const column of columns) expect(total?.values[column], column).toBe(live.today[column]);

    const last = await report(clock + 1 - 30 * 60 * S, clock + 1);
    const lastTotal = last.totals.find((row) => row.id === live.queueId);
    expect(live.last30Min.offered).toBeGreaterThan(0);
    for (const column of columns) expect(lastTotal?.values[column], column).toBe(live.last30Min[column]);

    // the chart's intervals are the report's 30-minute rows (only the support queue had calls)
    const chart = board.figures.intervals.filter((p) => p.offered > 0);
    const rows = today.rows.filter((row) => row.id === live.queueId);
    expect(chart.map((p) => [p.from, p.offered, p.answered, p.abandoned, p.serviceLevel])).toEqual(
      rows.map((r) => [
        r.from,
        r.values['offered'],
        r.values['answered'],
        r.values['abandoned'],
        r.values['serviceLevel'],
      ]),
    );
    watcher.disconnect();
  });
});
