import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, interactions, users } from '../../db/schema';
import type { BusinessType } from '../../cti-bridge/protocol/business-types.schema';
import type { SkillOptions } from '../../cti-bridge/protocol/agent-skills.schema';
import type { QueueConfig, QueueSettings } from '../../cti-bridge/protocol/queue-admin.schema';
import type { RuleSetVersion } from '../../cti-bridge/protocol/routing-rules.schema';
import type { RoutingReferences } from '../../cti-bridge/src/server/http/routing-rules.routes';
import { type ApiError, type TestRingside } from '../support/test-ringside';
import { useTestRingside } from '../support/ringside-file';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;

useTestRingside((file) => ({ t, admin, supervisor, agent } = file), { roles: true, endCallsAfterEach: true });

type Err = ApiError;
type Listed = { businessTypes: BusinessType[] };
const SALES_LINE = '+18005550100';

const typesNow = async () => (await t.api<Listed>('GET', '/api/business-types', admin)).body.businessTypes;
const typeOf = async (code: string) => (await typesNow()).find((type) => type.code === code);
const idOf = async (code: string) => (await typeOf(code))?.id ?? 0;
const audits = (code: string) =>
  t.ringside.db
    .select({
      action: auditLog.action,
      actor: users.username,
      decision: auditLog.decision,
      reason: auditLog.reason,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(eq(auditLog.subject, `business-type:${code}`))
    .all();
const create = (code: string, name: string, nameZh: string, reason = 'new product line') =>
  t.api<BusinessType & Err>('POST', '/api/business-types', admin, {
    businessType: { code, name, nameZh },
    reason,
  });
const retire = (id: number, reason = 'product discontinued', token = admin) =>
  t.api<BusinessType & Err>('POST', `/api/business-types/${id}/retire`, token, { reason });
const del = (id: number, reason = 'entered by mistake', token = admin) =>
  t.api<{ id: number; code: string } & Err>(
    'DELETE',
    `/api/business-types/${id}?reason=${encodeURIComponent(reason)}`,
    token,
  );
async function placeCall(attached: Record<string, string>) {
  const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
    from: '+14155550177',
    to: SALES_LINE,
    attached,
  });
  expect(placed.status).toBe(201);
  return t.ringside.db
    .select()
    .from(interactions)
    .where(eq(interactions.id, placed.body.interactionId))
    .get();
}
const queueFor = (code: string): QueueSettings => ({
  code,
  name: `${code} desk`,
  nameZh: null,
  businessType: code,
  slaTargetPercent: 80,
  slaTargetSec: 20,
  priority: 0,
  ringTimeoutSec: 20,
  maxWaitSec: 600,
  maxWaitAction: 'after-hours',
  maxWaitQueue: null,
  overflowQueue: null,
  overflowAfterSec: null,
  timeZone: 'UTC',
  openingHours: null,
  holidays: [],
  afterHoursAction: 'refuse',
  afterHoursReason: 'closed',
  tierOrder: ['A', 'B', 'C'],
  wrapUpSec: 30,
  wrapUpMode: 'auto-close',
  callbacksEnabled: false,
});

describe('business types admin API', () => {
  it('agents get 403; supervisors read every type with what uses it, but change nothing', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/business-types', undefined],
      ['POST', '/api/business-types', { businessType: { code: 'x', name: 'X', nameZh: 'X' }, reason: 'xyz' }],
    ] as const)
      expect((await t.api<Err>(method, path, agent, body)).body.error.code).toBe('FORBIDDEN');
    const read = await t.api<Listed>('GET', '/api/business-types', supervisor);
    expect(read.status).toBe(200);
    expect(read.body.businessTypes.map((type) => type.code)).toEqual([
      'sales',
      'support',
      'complaints',
      'billing',
    ]);
    expect(read.body.businessTypes[0]).toMatchObject({
      code: 'sales',
      retiredAt: null,
      usage: {
        queues: ['sales'],
        serviceNumbers: expect.arrayContaining([SALES_LINE]),
        agents: expect.arrayContaining(['agent1']),
      },
    });
    for (const [method, path, body] of [
      ['POST', '/api/business-types', { businessType: { code: 'x', name: 'X', nameZh: 'X' }, reason: 'xyz' }],
      ['PATCH', '/api/business-types/1', { changes: { name: 'Selling' }, reason: 'xyz' }],
      ['POST', '/api/business-types/1/retire', { reason: 'xyz' }],
      ['DELETE', '/api/business-types/1?reason=xyz', undefined],
    ] as const)
      expect((await t.api<Err>(method, path, supervisor, body)).status).toBe(403);
  });

  it.each([
    ['a code with capitals and spaces', { code: 'Extended Warranty' }, 'code'],
    ['an empty English name', { name: '  ' }, 'name'],
    ['a Chinese name over 60 characters', { nameZh: '保'.repeat(61) }, 'nameZh'],
    ['a stray field', { colour: 'red' }, 'colour'],
  ])('adding a type with %s is a 400 VALIDATION_FAILED naming the field', async (_, patch, field) => {
    const res = await t.api<Err>('POST', '/api/business-types', admin, {
      businessType: { code: 'warranty', name: 'Warranty', nameZh: '保修', ...patch },
      reason: 'new product line',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(field);
  });

  it('a change without a reason is refused', async () => {
    const res = await t.api<Err>('POST', '/api/business-types', admin, {
      businessType: { code: 'warranty', name: 'Warranty', nameZh: '保修' },
    });
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.error.message).toContain('reason');
  });

  it('adds a type (audited); routing, queues and skills can use it at once; a rename shows at once', async () => {
    const created = await create('warranty', 'Warranty', '保修');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'warranty',
      name: 'Warranty',
      nameZh: '保修',
      retiredAt: null,
    });
    expect((await create('warranty', 'Again', '再次')).body.error.code).toBe('CONFLICT');
    const refs = await t.api<RoutingReferences>('GET', '/api/routing-rules/references', admin);
    expect(refs.body.businessTypes).toContainEqual({ code: 'warranty', name: 'Warranty', nameZh: '保修' });

    const desk = await t.api<Err>('POST', '/api/queues', admin, {
      queue: queueFor('warranty'),
      reason: 'a desk',
    });
    expect(desk.body.error?.message).toBeUndefined();
    expect(desk.status).toBe(201);
    // the IVR's choice reaches the new type's queue with no restart and no rule edited (the default rules)
    const call = await placeCall({ 'X-Ringside-Business-Type': 'warranty' });
    expect(call?.businessTypeId).toBe(await idOf('warranty'));
    expect(call?.ruleId).toBe('ivr-warranty');
    expect((await typeOf('warranty'))?.usage).toMatchObject({
      queues: ['warranty'],
      waitingCalls: 1,
      recordedCalls: 1,
    });

    const renamed = await t.api<BusinessType>(
      'PATCH',
      `/api/business-types/${await idOf('warranty')}`,
      admin,
      {
        changes: { name: 'Warranty claims', nameZh: '保修索赔' },
        reason: 'clearer name',
      },
    );
    expect(renamed.body).toMatchObject({ code: 'warranty', name: 'Warranty claims', nameZh: '保修索赔' });
    const options = await t.api<SkillOptions>('GET', '/api/skills/options', supervisor);
    expect(options.body.businessTypes).toContainEqual(
      expect.objectContaining({ code: 'warranty', name: 'Warranty claims', nameZh: '保修索赔' }),
    );
    expect(audits('warranty')).toEqual([
      expect.objectContaining({
        action: 'business-type.created',
        actor: 'admin',
        reason: 'new product line',
      }),
      expect.objectContaining({
        action: 'business-type.renamed',
        actor: 'admin',
        reason: 'clearer name',
        details: {
          changes: {
            name: { from: 'Warranty', to: 'Warranty claims' },
            nameZh: { from: '保修', to: '保修索赔' },
          },
        },
      }),
    ]);
  });

  it('a type with a waiting call cannot be retired; once it is gone, retired: out of routing and pickers', async () => {
    const id = await idOf('warranty');
    await placeCall({ 'X-Ringside-Business-Type': 'warranty' });
    const refused = await retire(id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'IN_USE',
      message: 'business type warranty is still used by 1 waiting call(s)',
    });
    for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);

    const retired = await retire(id);
    expect(retired.status).toBe(200);
    expect(retired.body.retiredAt).toEqual(expect.any(Number));
    // no new call reaches it: the IVR's choice is not a rule any more, the number's own queue takes the call
    const call = await placeCall({ 'X-Ringside-Business-Type': 'warranty' });
    expect(call?.businessTypeId).toBe(await idOf('sales'));
    const refs = await t.api<RoutingReferences>('GET', '/api/routing-rules/references', admin);
    expect(refs.body.businessTypes.map((type) => type.code)).not.toContain('warranty');
    const options = await t.api<SkillOptions>('GET', '/api/skills/options', admin);
    expect(options.body.businessTypes.map((type) => type.code)).not.toContain('warranty');
    const newQueue = await t.api<Err>('POST', '/api/queues', admin, {
      queue: { ...queueFor('warranty'), code: 'warranty2' },
      reason: 'another desk',
    });
    expect(newQueue.body.error.message).toContain('businessType: no business type warranty');
    // its own queue keeps it, and can still be edited
    const queues = (await t.api<{ queues: QueueConfig[] }>('GET', '/api/queues', admin)).body.queues;
    const desk = queues.find((queue) => queue.code === 'warranty');
    const edited = await t.api<QueueConfig>('PATCH', `/api/queues/${desk?.id}`, admin, {
      changes: { priority: 2 },
      reason: 'wind down',
    });
    expect(edited.body).toMatchObject({ businessType: 'warranty', priority: 2 });
    // a retired type with history cannot be deleted
    const gone = await del(id);
    expect(gone.body.error.code).toBe('IN_USE');
    expect(gone.body.error.message).toContain('recorded call(s) (retire it instead)');

    const restored = await t.api<BusinessType>('POST', `/api/business-types/${id}/restore`, admin, {
      reason: 'back in the catalogue',
    });
    expect(restored.body.retiredAt).toBeNull();
    expect(audits('warranty').map((a) => [a.action, a.decision, a.reason])).toEqual([
      ['business-type.created', 'done', 'new product line'],
      ['business-type.renamed', 'done', 'clearer name'],
      ['business-type.retire-refused', 'blocked', 'product discontinued'],
      ['business-type.retired', 'done', 'product discontinued'],
      ['business-type.delete-refused', 'blocked', 'entered by mistake'],
      ['business-type.restored', 'done', 'back in the catalogue'],
    ]);
  });

  it('deletes a type nothing uses (audited); one in use is refused naming every use', async () => {
    const spare = (await create('spare', 'Spare', '备用')).body.id;
    expect((await del(spare, 'not needed', supervisor)).status).toBe(403);
    expect((await del(spare, ' ')).body.error.code).toBe('VALIDATION_FAILED');
    // an agent's skill keeps it
    const agent2 = t.ringside.db.select().from(users).where(eq(users.username, 'agent2')).get()?.id;
    const skilled = await t.api('POST', `/api/users/${agent2}/skills`, admin, {
      skills: [{ businessType: 'spare', level: 5 }],
      languages: ['en'],
      reason: 'cover',
    });
    expect(skilled.status).toBe(200);
    expect((await del(spare)).body.error.message).toBe(
      'business type spare is still used by skills of agents agent2',
    );
    // a draft rule naming it keeps it too
    const draft = await t.api<RuleSetVersion>('GET', '/api/routing-rules/draft', admin);
    const document = structuredClone(draft.body.document);
    // the draft starts as a copy of the rules in force: the built-in ones only for types a queue serves
    expect(document.rules.map((rule) => rule.id)).not.toContain('ivr-spare');
    document.rules.unshift({
      id: 'spare-vip',
      name: 'VIP',
      when: { attached: { account: '1' } },
      businessType: 'spare',
      queue: 'sales',
    });
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    expect((await retire(spare)).body.error.message).toBe(
      'business type spare is still used by routing rules draft (spare-vip)',
    );
    document.rules = document.rules.filter((rule) => rule.businessType !== 'spare');
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    await t.api('POST', `/api/users/${agent2}/skills`, admin, {
      skills: [
        { businessType: 'support', level: 5 },
        { businessType: 'complaints', level: 5 },
      ],
      languages: ['en'],
      reason: 'back',
    });

    expect((await del(spare, 'not needed after all')).body).toEqual({ id: spare, code: 'spare' });
    expect(await typeOf('spare')).toBeUndefined();
    expect((await del(spare)).body.error.code).toBe('NOT_FOUND');
    expect(audits('spare').map((a) => [a.action, a.actor, a.decision])).toEqual([
      ['business-type.created', 'admin', 'done'],
      ['business-type.delete-refused', 'admin', 'blocked'],
      ['business-type.retire-refused', 'admin', 'blocked'],
      ['business-type.deleted', 'admin', 'done'],
    ]);

    const sales = await del(await idOf('sales'), 'tidying up');
    expect(sales.status).toBe(409);
    expect(sales.body.error.code).toBe('IN_USE');
    expect(sales.body.error.message).toMatch(
      /^business type sales is still used by queues sales; service numbers \+18005550100.*; skills of agents agent1.*; \d+ recorded call\(s\)/,
    );
    expect((await retire(await idOf('sales'))).body.error.message).toMatch(/service numbers \+18005550100/);
    expect((await typeOf('sales'))?.retiredAt).toBeNull();
  });

  it('a retired type is offered to no new campaign: the campaign form lists types in service, the bridge refuses', async () => {
    const id = (await create('legacy', 'Legacy', '旧业务')).body.id;
    const refs = async () =>
      (await t.api<RoutingReferences>('GET', '/api/routing-rules/references', admin)).body.businessTypes;
    expect((await refs()).map((type) => type.code)).toContain('legacy');
    expect((await retire(id)).status).toBe(200);
    expect((await refs()).map((type) => type.code)).not.toContain('legacy');
    const campaign = {
      name: 'Legacy winback',
      mode: 'preview',
      callingWindow: { from: '09:00', to: '20:00' },
      rules: 'US',
      maxAttempts: 3,
    };
    for (const field of ['businessType', 'skill']) {
      const refused = await t.api<Err>('POST', '/api/campaigns', admin, { ...campaign, [field]: 'legacy' });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: 'business type legacy is retired',
      });
    }
    const inService = await t.api('POST', '/api/campaigns', admin, { ...campaign, businessType: 'sales' });
    expect(inService.status).toBe(201);
  });
});
