import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, interactions } from '../../db/schema';
import type { RuleSetDocument, RuleSetVersion } from '../../cti-bridge/protocol/routing-rules.schema';
import { command, next, type ApiError, type TestRingside } from '../support/test-ringside';
import { useTestRingside } from '../support/ringside-file';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;

useTestRingside((file) => ({ t, admin, supervisor, agent } = file), { roles: true });

type Err = ApiError;
const db = () => t.ringside.db;

describe('routing rules API', () => {
  it.each([
    ['GET', '/api/routing-rules/versions', undefined],
    ['GET', '/api/routing-rules/references', undefined],
    ['GET', '/api/routing-rules/draft', undefined],
    ['POST', '/api/routing-rules/draft', { document: {} }],
    ['POST', '/api/routing-rules/validate', { document: {} }],
    ['POST', '/api/routing-rules/publish', {}],
  ])('agents get 403 on %s %s', async (method, path, body) => {
    expect((await t.api<Err>(method, path, agent, body)).status).toBe(403);
  });

  it('supervisors read versions but cannot edit or publish', async () => {
    expect((await t.api('GET', '/api/routing-rules/versions', supervisor)).status).toBe(200);
    expect((await t.api('POST', '/api/routing-rules/draft', supervisor, { document: {} })).status).toBe(403);
    expect((await t.api('POST', '/api/routing-rules/publish', supervisor, {})).status).toBe(403);
  });

  it('draft → validate → publish: each publish a new version, old ones kept, every step audited', async () => {
    const start = await t.api<RuleSetVersion>('GET', '/api/routing-rules/draft', admin);
    expect(start.body.status).toBe('draft');
    const document: RuleSetDocument = start.body.document;
    expect(document.rules.map((rule) => rule.id)).toContain('ivr-complaints');

    const bad = structuredClone(document);
    bad.rules.unshift({
      id: 'vip',
      name: 'VIP',
      when: { attached: { account: '999' } },
      businessType: 'nope',
    });
    const check = await t.api<{ valid: boolean; issues: { path: string; message: string }[] }>(
      'POST',
      '/api/routing-rules/validate',
      admin,
      { document: bad },
    );
    expect(check.body).toEqual({
      valid: false,
      issues: expect.arrayContaining([{ path: 'rules[0].businessType', message: 'no business type nope' }]),
    });
    // a draft with a name that does not exist saves (the shape is right) but does not publish
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document: bad })).status).toBe(200);
    const refused = await t.api<Err>('POST', '/api/routing-rules/publish', admin, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.error.message).toContain('rules[0].businessType: no business type nope');
    const shapeless = await t.api<Err>('POST', '/api/routing-rules/draft', admin, {
      document: { rules: 'x' },
    });
    expect(shapeless.status).toBe(400);

    const good = structuredClone(document);
    good.rules.unshift({
      id: 'vip-account',
      name: 'Account 999 to complaints',
      when: { attached: { account: '999' } },
      businessType: 'complaints',
      queue: 'complaints',
    });
    expect(
      (await t.api('POST', '/api/routing-rules/draft', admin, { document: good, note: 'vip' })).status,
    ).toBe(200);
    const v1 = await t.api<RuleSetVersion>('POST', '/api/routing-rules/publish', admin, {});
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, status: 'published', inForce: true, note: 'vip' });
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    const v2 = await t.api<RuleSetVersion>('POST', '/api/routing-rules/publish', admin, { note: 'back' });
    expect(v2.body.version).toBe(2);
    const versions = await t.api<RuleSetVersion[]>('GET', '/api/routing-rules/versions', supervisor);
    expect(versions.body.map((v) => [v.version, v.inForce])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await t.api<Err>('POST', '/api/routing-rules/publish', admin, {})).body.error.code).toBe(
      'INVALID_STATE',
    );
    const actions = db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subject, 'routing-rules'))
      .all()
      .map((row) => row.action);
    expect(actions).toEqual([
      'routing-rules.draft-saved',
      'routing-rules.publish-refused',
      'routing-rules.draft-saved',
      'routing-rules.published',
      'routing-rules.draft-saved',
      'routing-rules.published',
    ]);
  });

  it('attached data chooses the queue, travels in the pop, and what was dropped is recorded with its reason', async () => {
    const socket = await t.connect(await t.login('agent3')); // complaints + billing
    expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    const offered = next(socket, 'call:offered');
    const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+14155550123',
      to: '+18005550100', // the sales line: the IVR's choice overrides it
      attached: {
        'X-Ringside-Business-Type': 'billing',
        'X-Ringside-Account': '4711',
        'X-Ringside-Language': 'zh-CN',
        'X-Evil': 'x',
        'User-to-User': 'not hex at all',
        'X-Ringside-Account-Too': 'y'.repeat(2000),
      },
    });
    expect(placed.status).toBe(201);
    const offer = await offered;
    expect(offer.businessType.code).toBe('billing');
    expect(offer.queue.code).toBe('billing');
    expect(offer.attached).toEqual([
      { key: 'account', label: 'Account number', labelZh: '账号', value: '4711' },
      { key: 'language', label: 'Language', labelZh: '语言', value: 'zh-CN' },
    ]);
    const row = db().select().from(interactions).where(eq(interactions.id, placed.body.interactionId)).get();
    expect(row).toMatchObject({
      ruleSetVersion: 2,
      ruleId: 'ivr-billing',
      attachedData: { businessType: 'billing', account: '4711', language: 'zh-CN' },
      attachedDropped: [
        { header: 'X-Evil', reason: 'not-configured' },
        { header: 'User-to-User', reason: 'bad-charset' },
        { header: 'X-Ringside-Account-Too', reason: 'not-configured' },
      ],
    });
    t.sim.callerHangsUp(placed.body.callId);
    socket.disconnect();
  });

  it('without attached data the service number table routes as before', async () => {
    const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+14155550124',
      to: '+18005550102',
    });
    const row = db().select().from(interactions).where(eq(interactions.id, placed.body.interactionId)).get();
    expect(row).toMatchObject({ ruleSetVersion: null, ruleId: null, attachedData: null });
    t.sim.callerHangsUp(placed.body.callId);
  });
});
