import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, interactions, users } from '../../db/schema';
import type { QueueConfig, QueueSettings } from '../../cti-bridge/protocol/queue-admin.schema';
import type { QueueUpdate } from '../../cti-bridge/protocol/queue.schema';
import type { RuleSetVersion, TryRuleSetResult } from '../../cti-bridge/protocol/routing-rules.schema';
import { type ApiError, type TestRingside } from '../support/test-ringside';
import { useTestRingside } from '../support/ringside-file';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;

useTestRingside((file) => ({ t, admin, supervisor, agent } = file), { roles: true, endCallsAfterEach: true });

type Err = ApiError;
const SALES_LINE = '+18005550100';

/** A queue for complaints that never opens and refuses with a reason. */
const night: QueueSettings = {
  code: 'night',
  name: 'Night desk',
  nameZh: '夜间服务台',
  businessType: 'complaints',
  slaTargetPercent: 90,
  slaTargetSec: 30,
  priority: 5,
  ringTimeoutSec: 20,
  maxWaitSec: 300,
  maxWaitAction: 'overflow',
  maxWaitQueue: 'complaints',
  overflowQueue: null,
  overflowAfterSec: null,
  timeZone: 'Asia/Shanghai',
  openingHours: [],
  holidays: [{ date: '2026-10-01', name: 'National Day' }],
  afterHoursAction: 'refuse',
  afterHoursReason: 'night desk closed',
  tierOrder: ['A', 'B', 'C'],
  wrapUpSec: 45,
  wrapUpMode: 'disposition-required',
  callbacksEnabled: true,
};

const queuesNow = async () =>
  (await t.api<{ queues: QueueConfig[] }>('GET', '/api/queues', admin)).body.queues;
const byCode = async (code: string) => (await queuesNow()).find((queue) => queue.code === code);
const audits = (subject: string) =>
  t.ringside.db
    .select({
      action: auditLog.action,
      actor: users.username,
      reason: auditLog.reason,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(eq(auditLog.subject, subject))
    .all();

async function placeCall(to: string, attached: Record<string, string> = {}) {
  const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
    from: '+14155550177',
    to,
    attached,
  });
  expect(placed.status).toBe(201);
  return placed.body;
}

describe('queues admin API', () => {
  it('agents get 403; supervisors read but cannot change', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/queues', undefined],
      ['GET', '/api/queues/1', undefined],
      ['POST', '/api/queues', { queue: night, reason: 'new desk' }],
      ['PATCH', '/api/queues/1', { changes: { priority: 1 }, reason: 'busy' }],
    ] as const)
      expect((await t.api<Err>(method, path, agent, body)).body.error.code).toBe('FORBIDDEN');
    const read = await t.api<{ queues: QueueConfig[] }>('GET', '/api/queues', supervisor);
    expect(read.status).toBe(200);
    expect(read.body.queues.map((queue) => queue.code)).toEqual([
      'sales',
      'support',
      'complaints',
      'billing',
    ]);
    const patch = await t.api<Err>('PATCH', '/api/queues/1', supervisor, {
      changes: { priority: 1 },
      reason: 'x1x',
    });
    expect(patch.status).toBe(403);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'queue.timeZone'],
    ['overflow onto itself', { overflowQueue: 'night', overflowAfterSec: 30 }, 'overflowQueue'],
    ['an overflow queue without its seconds', { overflowQueue: 'sales' }, 'overflowAfterSec'],
    ['max-wait overflow without a queue', { maxWaitQueue: null }, 'maxWaitQueue'],
    ['a refusal without a reason', { afterHoursReason: null }, 'afterHoursReason'],
    ['a date that does not exist', { holidays: [{ date: '2026-02-30', name: 'x' }] }, 'holidays'],
    ['opening hours out of range', { openingHours: [{ day: 7, from: '09:00', to: '17:00' }] }, 'day'],
    ['a tier listed twice', { tierOrder: ['A', 'A'] }, 'tierOrder'],
    [
      'an unknown overflow queue',
      { overflowQueue: 'nope', overflowAfterSec: 30 },
      'overflowQueue: no queue nope',
    ],
    ['an unknown business type', { businessType: 'nope' }, 'businessType: no business type nope'],
  ])('creating a queue with %s is a 400 VALIDATION_FAILED naming the field', async (_, patch, field) => {
    const res = await t.api<Err>('POST', '/api/queues', admin, {
      queue: { ...night, ...patch },
      reason: 'new desk',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(field);
  });

  it('a change without a reason is refused: every change says why', async () => {
    const res = await t.api<Err>('POST', '/api/queues', admin, { queue: night });
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.error.message).toContain('reason');
  });

  it('creates a queue, audited with who and why; the same code again is a conflict', async () => {
    const created = await t.api<QueueConfig>('POST', '/api/queues', admin, {
      queue: night,
      reason: 'new desk',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...night, openNow: false });
    const again = await t.api<Err>('POST', '/api/queues', admin, { queue: night, reason: 'new desk' });
    expect(again.body.error.code).toBe('CONFLICT');
    expect(audits('queue:night')).toEqual([
      { action: 'queue.created', actor: 'admin', reason: 'new desk', details: expect.anything() },
    ]);
  });

  it('a published rule sends calls to the new queue; editing its hours applies to the next call at once', async () => {
    const start = await t.api<RuleSetVersion>('GET', '/api/routing-rules/draft', admin);
    const document = structuredClone(start.body.document);
    document.rules.unshift({
      id: 'night-accounts',
      name: 'Account 555 at night',
      when: { serviceNumbers: [SALES_LINE], attached: { account: '555' } },
      businessType: 'complaints',
      queue: 'night',
    });
    const tried = await t.api<TryRuleSetResult>('POST', '/api/routing-rules/try', admin, {
      document,
      serviceNumber: SALES_LINE,
      attached: { 'X-Ringside-Account': '555', 'X-Other': 'x' },
    });
    expect(tried.body).toMatchObject({
      valid: true,
      source: 'rule',
      rule: { id: 'night-accounts' },
      businessType: 'complaints',
      queue: 'night',
      attached: { account: '555' },
      dropped: [{ header: 'X-Other', reason: 'not-configured' }],
    });
    const table = await t.api<TryRuleSetResult>('POST', '/api/routing-rules/try', admin, {
      document,
      serviceNumber: SALES_LINE,
    });
    expect(table.body).toMatchObject({ source: 'service-number', businessType: 'sales', queue: 'sales' });
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    expect((await t.api('POST', '/api/routing-rules/publish', admin, { note: 'night' })).status).toBe(201);

    const refused = await placeCall(SALES_LINE, { 'X-Ringside-Account': '555' });
    const row = (id: number) =>
      t.ringside.db.select().from(interactions).where(eq(interactions.id, id)).get();
    expect(row(refused.interactionId)).toMatchObject({
      outcome: 'abandoned',
      ruleId: 'night-accounts',
      routingRule: 'queue night, closed: refused (night desk closed)',
    });

    const id = (await byCode('night'))?.id ?? 0;
    const opened = await t.api<QueueConfig>('PATCH', `/api/queues/${id}`, admin, {
      changes: { openingHours: null, holidays: [], priority: 9 },
      reason: 'open around the clock',
    });
    expect(opened.body).toMatchObject({ openingHours: null, priority: 9, openNow: true });
    const waiting = await placeCall(SALES_LINE, { 'X-Ringside-Account': '555' });
    expect(row(waiting.interactionId)?.outcome).not.toBe('abandoned');
    const live = await t.api<QueueUpdate>('GET', '/api/queues/live', supervisor);
    expect(live.body.queues.find((queue) => queue.code === 'night')).toMatchObject({
      open: true,
      priority: 9,
      waiting: 1,
    });
    const [, updated] = audits('queue:night');
    expect(updated).toMatchObject({
      action: 'queue.updated',
      actor: 'admin',
      reason: 'open around the clock',
      details: { changes: { openingHours: { from: [], to: null }, priority: { from: 5, to: 9 } } },
    });
  });

  it('a bad change is refused as a whole and leaves the queue as it was', async () => {
    const sales = await byCode('sales');
    const res = await t.api<Err>('PATCH', `/api/queues/${sales?.id}`, admin, {
      changes: { priority: 50, overflowQueue: 'sales', overflowAfterSec: 10 },
      reason: 'loop',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('overflowQueue: a queue cannot overflow to itself');
    expect((await byCode('sales'))?.priority).toBe(sales?.priority);
    const unknown = await t.api<Err>('PATCH', '/api/queues/999', admin, { changes: {}, reason: 'none' });
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const stray = await t.api<Err>('PATCH', `/api/queues/${sales?.id}`, admin, {
      changes: { code: 'renamed' },
      reason: 'rename',
    });
    expect(stray.body.error.code).toBe('VALIDATION_FAILED');
    expect(
      t.ringside.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subject, 'queue:sales')))
        .all(),
    ).toEqual([]);
  });

  it('deletes a queue nothing refers to (audited); one still referenced is refused with what refers to it', async () => {
    const del = (id: number, reason: string, token = admin) =>
      t.api<{ id: number; code: string } & Err>(
        'DELETE',
        `/api/queues/${id}?reason=${encodeURIComponent(reason)}`,
        token,
      );
    const created = await t.api<QueueConfig>('POST', '/api/queues', admin, {
      queue: { ...night, code: 'spare', name: 'Spare desk', nameZh: '备用服务台' },
      reason: 'trying a desk out',
    });
    expect(created.status).toBe(201);
    const spare = created.body.id;
    expect((await del(spare, 'not needed', supervisor)).status).toBe(403);
    expect((await del(spare, ' ')).body.error.code).toBe('VALIDATION_FAILED');
    expect(await byCode('spare')).toBeDefined();

    expect((await del(spare, 'not needed after all')).body).toEqual({ id: spare, code: 'spare' });
    expect(await byCode('spare')).toBeUndefined();
    expect(audits('queue:spare').map((a) => [a.action, a.actor, a.reason])).toEqual([
      ['queue.created', 'admin', 'trying a desk out'],
      ['queue.deleted', 'admin', 'not needed after all'],
    ]);
    expect((await del(spare, 'again')).body.error.code).toBe('NOT_FOUND');

    // the sales queue: its service number, its calls and the rules in force name it
    const sales = (await byCode('sales'))?.id ?? 0;
    const refused = await del(sales, 'tidying up');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IN_USE');
    expect(refused.body.error.message).toMatch(
      /^queue sales is still referenced by .*service numbers \+18005550100/,
    );
    expect(await byCode('sales')).toBeDefined();
    expect(audits('queue:sales').filter((a) => a.action === 'queue.deleted')).toEqual([]);
    // the night desk: the rule set in force sends calls to it (published by the test above)
    const nightRefused = await del((await byCode('night'))?.id ?? 0, 'tidying up');
    expect(nightRefused.body.error.message).toMatch(/routing rules v\d+ \(night-accounts\)/);
  });
});
