/**
 * Which attached headers are read, as admins change them through the rule set API: each field validated and
 * bounded (RFC 3261 header token, no credential headers, a safe pattern, at most 16), the change audited with who
 * and why (added / removed / changed), and the next call read with the new set.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, interactions, users } from '../../db/schema';
import type { AttachedField, RuleSetVersion } from '../../cti-bridge/protocol/routing-rules.schema';
import { type ApiError, type TestRingside } from '../support/test-ringside';
import { useTestRingside } from '../support/ringside-file';

let t: TestRingside;
let admin: string;
let supervisor: string;

useTestRingside((file) => ({ t, admin, supervisor } = file), { roles: true, endCallsAfterEach: true });

const segment: AttachedField = {
  header: 'X-Customer-Segment',
  key: 'segment',
  label: 'Segment',
  labelZh: '客户分群',
  maxLength: 12,
  charset: 'token',
  pattern: 'gold|silver',
  showInPop: true,
};
const draftWith = async (fields: (current: AttachedField[]) => unknown[]) => {
  const draft = await t.api<RuleSetVersion>('GET', '/api/routing-rules/draft', admin);
  return { ...draft.body.document, attachedFields: fields(draft.body.document.attachedFields) };
};

describe('attached headers admin API', () => {
  it.each([
    ['a header with a space', { header: 'X Segment' }, 'attachedFields[5].header'],
    ['a credential header', { header: 'Proxy-Authorization' }, 'a header with credentials is never read'],
    ['a pattern that backtracks', { pattern: '(a+)+$' }, 'a repeated group may not repeat or branch inside'],
    ['a pattern that does not compile', { pattern: '[a-' }, 'not a valid regular expression'],
    ['a value longer than 256', { maxLength: 257 }, 'attachedFields[5].maxLength'],
    ['an unknown charset', { charset: 'emoji' }, 'attachedFields[5].charset'],
  ])('a field with %s is refused with its place', async (_, patch, message) => {
    const document = await draftWith((fields) => [...fields, { ...segment, ...patch }]);
    const checked = await t.api<{ valid: boolean; issues: { path: string; message: string }[] }>(
      'POST',
      '/api/routing-rules/validate',
      admin,
      { document },
    );
    expect(checked.body.valid).toBe(false);
    expect(checked.body.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n')).toContain(
      message,
    );
    const saved = await t.api<ApiError>('POST', '/api/routing-rules/draft', admin, { document });
    expect(saved.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('more than 16 fields are refused', async () => {
    const document = await draftWith((fields) => [
      ...fields,
      ...Array.from({ length: 12 }, (_, i) => ({ ...segment, header: `X-Extra-${i}`, key: `extra${i}` })),
    ]);
    const saved = await t.api<ApiError>('POST', '/api/routing-rules/draft', admin, { document });
    expect(saved.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(saved.body.error.message).toContain('attachedFields');
  });

  it('supervisors cannot change them', async () => {
    const document = await draftWith((fields) => [...fields, segment]);
    expect((await t.api('POST', '/api/routing-rules/draft', supervisor, { document })).status).toBe(403);
  });

  it('an admin adds one and removes another: audited with who and why; the next call is read with the new set', async () => {
    const document = await draftWith((fields) => [...fields.filter((field) => field.key !== 'uui'), segment]);
    expect((await t.api('POST', '/api/routing-rules/draft', admin, { document })).status).toBe(200);
    const published = await t.api<RuleSetVersion>('POST', '/api/routing-rules/publish', admin, {
      note: 'segments from the new IVR',
    });
    expect(published.status).toBe(201);
    const audits = t.ringside.db
      .select({ actor: users.username, reason: auditLog.reason, details: auditLog.details })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.action, 'routing-rules.attached-fields-changed'))
      .all();
    expect(audits).toEqual([
      {
        actor: 'admin',
        reason: 'segments from the new IVR',
        details: {
          version: published.body.version,
          added: [segment],
          removed: ['User-to-User'],
          changed: [],
        },
      },
    ]);

    const placed = await t.api<{ interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+14155550177',
      to: '+18005550100',
      attached: { 'X-Customer-Segment': 'gold', 'User-to-User': '0a1b', 'X-Ringside-Account': '42' },
    });
    expect(placed.status).toBe(201);
    const row = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.id, placed.body.interactionId))
      .get();
    expect(row?.attachedData).toEqual({ segment: 'gold', account: '42' });
    expect(row?.attachedDropped).toEqual([{ header: 'User-to-User', reason: 'not-configured' }]);
  });
});
