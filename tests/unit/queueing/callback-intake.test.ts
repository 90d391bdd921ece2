/**
 * One open queue callback per number and queue: a repeated request (web, IVR, caller's choice) is merged into the
 * open one — no second row, the earlier place kept (moving it up when the repeat arrived earlier), "already
 * queued", audited with the number masked. Real SQLite with the real migrations, the real router.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type RingsideDb } from '../../../db/open-database';
import { auditLog, queueCallbacks, queues } from '../../../db/schema';
import { ensureReferenceData } from '../../../db/seed/reference-data';
import { createAuditRepository } from '../../../cti-bridge/src/repositories/audit.repository';
import { createQueueingRepository } from '../../../cti-bridge/src/repositories/queueing.repository';
import {
  createCallbackIntake,
  type CallbackIntake,
  type CallbackRequestIn,
} from '../../../cti-bridge/src/services/queueing/callback-intake';
import { QueueRouter } from '../../../cti-bridge/src/services/queueing/queue-router';

const T0 = Date.parse('2026-07-15T16:00:00Z');
let dir: string;
let db: RingsideDb;
let router: QueueRouter;
let intake: CallbackIntake;
let now = T0;
let sales = 0;
let support = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-callback-intake-'));
  db = openDatabase(join(dir, 'ringside.sqlite'));
  ensureReferenceData(db);
  const queueing = createQueueingRepository(db);
  router = new QueueRouter({ now: () => now, repository: queueing });
  intake = createCallbackIntake({ now: () => now, queueing, router, audit: createAuditRepository(db) });
  const idOf = (code: string) => db.select().from(queues).where(eq(queues.code, code)).get()?.id ?? 0;
  sales = idOf('sales');
  support = idOf('support');
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(
  e164: string,
  arrivedAt: number,
  fields: Partial<CallbackRequestIn> = {},
): CallbackRequestIn {
  return {
    queueId: sales,
    queueCode: 'sales',
    e164,
    raw: e164,
    source: 'web',
    arrivedAt,
    requestedAt: arrivedAt,
    customerId: null,
    originalInteractionId: null,
    tier: null,
    ...fields,
  };
}

const rowsFor = (e164: string) => db.select().from(queueCallbacks).where(eq(queueCallbacks.e164, e164)).all();
const merges = (callbackId: number) =>
  db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.action, 'queue-callback.merged'), eq(auditLog.subject, `queue-callback:${callbackId}`)),
    )
    .all();
/** Callbacks in the order they will be offered (their positions in sales). */
const salesOrder = () =>
  router
    .update(now)
    .calls.filter((c) => c.queueId === sales && c.kind === 'callback')
    .sort((a, b) => a.position - b.position)
    .map((c) => c.callId);

describe('a repeated callback request', () => {
  it('is merged into the open one: same callback, already queued, its place kept, audited (number masked)', () => {
    now = T0 + 1_000;
    const first = intake.take(request('+12125550141', now));
    expect(first).toEqual({ callbackId: first.callbackId, alreadyQueued: false, arrivedAt: T0 + 1_000 });
    now = T0 + 60_000;
    const again = intake.take(request('+12125550141', now, { source: 'sip', originalInteractionId: null }));
    expect(again).toEqual({ callbackId: first.callbackId, alreadyQueued: true, arrivedAt: T0 + 1_000 });
    expect(rowsFor('+12125550141')).toHaveLength(1);
    expect(rowsFor('+12125550141')[0]).toMatchObject({
      arrivedAt: T0 + 1_000,
      state: 'waiting',
      source: 'web',
    });
    const [audit] = merges(first.callbackId);
    expect(audit).toMatchObject({ decision: 'done', reason: 'already queued', actorUserId: null });
    expect(audit?.details).toMatchObject({
      queue: 'sales',
      number: '•••••••0141',
      source: 'sip',
      state: 'waiting',
      arrivedAt: T0 + 1_000,
      requestArrivedAt: T0 + 60_000,
    });
    expect(JSON.stringify(audit)).not.toContain('2125550141');
  });

  it('that arrived earlier (a caller who had waited) moves the open one up to that place', () => {
    now = T0 + 100_000;
    const a = intake.take(request('+12125550142', T0 + 90_000));
    const b = intake.take(request('+12125550143', T0 + 95_000));
    expect(salesOrder().indexOf(`qcb-${a.callbackId}`)).toBeLessThan(
      salesOrder().indexOf(`qcb-${b.callbackId}`),
    );
    // b's caller had been on the line since before a's request: the IVR's request carries that arrival
    const repeat = intake.take(request('+12125550143', T0 + 80_000, { source: 'sip' }));
    expect(repeat).toEqual({ callbackId: b.callbackId, alreadyQueued: true, arrivedAt: T0 + 80_000 });
    expect(rowsFor('+12125550143')).toMatchObject([{ arrivedAt: T0 + 80_000 }]);
    expect(salesOrder().indexOf(`qcb-${b.callbackId}`)).toBeLessThan(
      salesOrder().indexOf(`qcb-${a.callbackId}`),
    );
  });

  it.each([
    ['offered to an agent', 'offered', true],
    ['being dialled', 'dialling', true],
    ['completed', 'completed', false],
    ['failed', 'failed', false],
  ] as const)('while the open one is %s (%s): merged %s', (_, state, merged) => {
    const e164 = `+1212555015${['offered', 'dialling', 'completed', 'failed'].indexOf(state)}`;
    const first = intake.take(request(e164, now));
    db.update(queueCallbacks).set({ state }).where(eq(queueCallbacks.id, first.callbackId)).run();
    const again = intake.take(request(e164, now + 1_000));
    expect(again.alreadyQueued).toBe(merged);
    expect(again.callbackId === first.callbackId).toBe(merged);
    expect(rowsFor(e164)).toHaveLength(merged ? 1 : 2);
  });

  it('for the same number in another queue is a request of its own', () => {
    const inSales = intake.take(request('+12125550160', now));
    const inSupport = intake.take(request('+12125550160', now, { queueId: support, queueCode: 'support' }));
    expect(inSupport.alreadyQueued).toBe(false);
    expect(inSupport.callbackId).not.toBe(inSales.callbackId);
  });
});
