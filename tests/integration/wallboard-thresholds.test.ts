/**
 * The wallboard's per-queue thresholds over the real HTTP API and socket.io: defaults from the queue's target,
 * validation with stable codes, set and reset by supervisors and admins (agents refused), each change audited and
 * pushed to the wallboard at once; and the wallboard's waiting calls are the queueing engine's own.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import type {
  QueueThresholdsList,
  QueueThresholdsView,
} from '../../cti-bridge/protocol/queue-thresholds.schema';
import type { QueueUpdate } from '../../cti-bridge/protocol/queue.schema';
import { command, next, startTestRingside, type TestRingside } from '../support/test-ringside';

const WAIT = 15_000;
let t: TestRingside;
let supervisor: string;
let support: QueueThresholdsView;

const mine = {
  serviceLevel: { good: 0.9, warn: 0.75 },
  longestWaitSec: { good: 10, warn: 45 },
  abandonRate: { good: 0.02, warn: 0.04 },
};

beforeAll(async () => {
  t = await startTestRingside();
  supervisor = await t.login('supervisor');
  const list = await t.api<QueueThresholdsList>('GET', '/api/wallboard/thresholds', supervisor);
  const found = list.body.queues.find((q) => q.code === 'support');
  if (!found) throw new Error('no support queue');
  support = found;
});
afterAll(() => t.stop());

const audits = (action: string) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subject, `queue:${support.queueId}`)))
    .all();
const path = () => `/api/wallboard/thresholds/${support.queueId}`;

describe('per-queue wallboard thresholds', () => {
  it("starts from the queue's service-level target", () => {
    expect(support.custom).toBe(false);
    expect(support.thresholds).toEqual({
      serviceLevel: { good: support.slaTargetPercent / 100, warn: (support.slaTargetPercent - 20) / 100 },
      longestWaitSec: { good: support.slaTargetSec, warn: support.slaTargetSec * 3 },
      abandonRate: { good: 0.05, warn: 0.1 },
    });
  });

  it('refuses agents, and bad values with VALIDATION_FAILED naming the field; unknown queues NOT_FOUND', async () => {
    const agent = await t.login('agent1');
    expect((await t.api('GET', '/api/wallboard/thresholds', agent)).status).toBe(403);
    expect((await t.api('PATCH', path(), agent, mine)).status).toBe(403);
    const bad = [
      { ...mine, serviceLevel: { good: 0.7, warn: 0.8 } },
      { ...mine, longestWaitSec: { good: 60, warn: 30 } },
      { ...mine, abandonRate: { good: 0.2, warn: 0.1 } },
      { ...mine, abandonRate: { good: 0.1, warn: 1.5 } },
      { ...mine, longestWaitSec: { good: 1.5, warn: 30 } },
      { ...mine, extra: true },
    ];
    for (const body of bad) {
      const res = await t.api<{ error: { code: string; message: string } }>(
        'PATCH',
        path(),
        supervisor,
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const inverted = await t.api<{ error: { message: string } }>('PATCH', path(), supervisor, bad[0]);
    expect(inverted.body.error.message).toContain('serviceLevel.warn');
    const missing = await t.api<{ error: { code: string } }>(
      'PATCH',
      '/api/wallboard/thresholds/999',
      supervisor,
      mine,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(audits('wallboard.thresholds-set')).toEqual([]);
  });

  it('sets a queue’s thresholds: audited, and the wallboard recolours with them at once', async () => {
    const watcher = await t.connect(supervisor);
    expect((await command(watcher, 'wallboard:watch', {})).ok).toBe(true);
    const pushed = next(
      watcher,
      'wallboard:figures-changed',
      (f) => f.queues.some((q) => q.code === 'support' && q.thresholds.longestWaitSec.warn === 45),
      WAIT,
    );
    const set = await t.api<QueueThresholdsView>('PATCH', path(), supervisor, mine);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ custom: true, thresholds: mine, updatedBy: 'Sofia Martins' });
    expect((await pushed).queues.find((q) => q.code === 'support')?.thresholds).toEqual(mine);
    const [entry] = audits('wallboard.thresholds-set');
    expect(entry?.actorUserId).not.toBeNull();
    expect(entry?.details).toMatchObject({ queue: 'support', before: support.thresholds, after: mine });

    const admin = await t.login('admin');
    const reset = await t.api<QueueThresholdsView>('DELETE', path(), admin);
    expect(reset.body).toMatchObject({ custom: false, thresholds: support.thresholds });
    expect(audits('wallboard.thresholds-reset')).toHaveLength(1);
    const snapshot = await command(watcher, 'wallboard:watch', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.data.figures.queues.find((q) => q.code === 'support')?.thresholds).toEqual(
      support.thresholds,
    );
    watcher.disconnect();
  });
});

describe("the wallboard's waiting calls", () => {
  it("are the queueing engine's (a web callback request waits too, with no call record)", async () => {
    const watcher = await t.connect(supervisor);
    const sales = () =>
      next(watcher, 'wallboard:figures-changed', (f) => waitingIn(f.queues, 'sales') === 1, WAIT);
    const waitingIn = (queues: { code: string; waiting: number }[], code: string) =>
      queues.find((q) => q.code === code)?.waiting;
    const seen = sales();
    expect((await command(watcher, 'wallboard:watch', {})).ok).toBe(true);
    const accepted = await t.api('POST', '/api/queue-callbacks', undefined, {
      number: '+12125550177',
      queue: 'sales',
    });
    expect(accepted.status).toBe(201);
    const figures = await seen;
    const live = await t.api<QueueUpdate>('GET', '/api/queues/live', supervisor);
    expect(waitingIn(live.body.queues, 'sales')).toBe(1);
    // a callback request waits, but no call does: no longest wait
    expect(figures.queues.find((q) => q.code === 'sales')?.oldestQueuedAt).toBeNull();
    watcher.disconnect();
  });
});
