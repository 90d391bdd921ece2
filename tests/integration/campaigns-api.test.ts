import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { type ApiError, type TestRingside } from '../support/test-ringside';
import { useTestRingside } from '../support/ringside-file';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;

useTestRingside((file) => ({ t, admin, supervisor, agent } = file), { roles: true });

type Err = ApiError;
type Campaign = {
  id: number;
  state: string;
  callingWindow: { from: string; to: string };
  agentIds: number[];
};

const base = {
  name: 'Renewals',
  businessType: 'sales',
  mode: 'preview',
  callingWindow: { from: '09:00', to: '20:00' },
  rules: 'US',
  maxAttempts: 3,
};

describe('campaigns API', () => {
  it('creates a draft campaign (admins only) with the defaults the law needs', async () => {
    const refused = await t.api<Err>('POST', '/api/campaigns', supervisor, base);
    expect(refused.status).toBe(403);
    const created = await t.api<Campaign & { ringTimeSec: number; abandonTarget: number }>(
      'POST',
      '/api/campaigns',
      admin,
      base,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft', ringTimeSec: 20, abandonTarget: 0.03 });
    const read = await t.api<Campaign>('GET', `/api/campaigns/${created.body.id}`, agent);
    expect(read.body.callingWindow).toEqual({ from: '09:00', to: '20:00' });
  });

  it.each([
    [{ callingWindow: { from: '07:00', to: '20:00' } }, 'CALLING_WINDOW_TOO_WIDE'],
    [{ rules: 'UK', callingWindow: { from: '08:00', to: '21:30' } }, 'CALLING_WINDOW_TOO_WIDE'],
    [{ callingWindow: { from: '9am', to: '20:00' } }, 'VALIDATION_FAILED'],
    [{ ringTimeSec: 10 }, 'VALIDATION_FAILED'],
    [{ mode: 'robocall' }, 'VALIDATION_FAILED'],
    [{ businessType: 'nope' }, 'VALIDATION_FAILED'],
    [{ agentIds: [99999] }, 'VALIDATION_FAILED'],
  ])('refuses %j with 400 %s', async (change, code) => {
    const response = await t.api<Err>('POST', '/api/campaigns', admin, {
      ...base,
      name: `bad ${code} ${JSON.stringify(change)}`,
      ...change,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
  });

  it('accepts any window without a rule set; a PATCH cannot widen a US window beyond the law', async () => {
    const night = await t.api<Campaign>('POST', '/api/campaigns', admin, {
      ...base,
      name: 'Night',
      rules: 'none',
      callingWindow: { from: '06:00', to: '23:00' },
    });
    expect(night.status).toBe(201);
    const toUs = await t.api<Err>('PATCH', `/api/campaigns/${night.body.id}`, admin, { rules: 'US' });
    expect(toUs.status).toBe(400);
    expect(toUs.body.error.code).toBe('CALLING_WINDOW_TOO_WIDE');
    const fixed = await t.api<Campaign>('PATCH', `/api/campaigns/${night.body.id}`, admin, {
      rules: 'US',
      callingWindow: { from: '08:00', to: '21:00' },
      agentIds: [2, 3],
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.agentIds).toEqual([2, 3]);
  });

  it('starts, pauses and stops (supervisors too), refuses a restart after stop, and audits every change', async () => {
    const { body } = await t.api<Campaign>('POST', '/api/campaigns', admin, { ...base, name: 'Lifecycle' });
    expect((await t.api('POST', `/api/campaigns/${body.id}/start`, agent)).status).toBe(403);
    expect((await t.api<Campaign>('POST', `/api/campaigns/${body.id}/start`, supervisor)).body.state).toBe(
      'running',
    );
    expect((await t.api<Campaign>('POST', `/api/campaigns/${body.id}/pause`, admin)).body.state).toBe(
      'paused',
    );
    expect((await t.api<Campaign>('POST', `/api/campaigns/${body.id}/stop`, admin)).body.state).toBe(
      'stopped',
    );
    const again = await t.api<Err>('POST', `/api/campaigns/${body.id}/start`, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');
    const actions = t.ringside.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subject, `campaign:${body.id}`))
      .all()
      .map((row) => row.action);
    expect(actions).toEqual(['campaign.create', 'campaign.start', 'campaign.pause', 'campaign.stop']);
  });

  it('lists the campaign endpoints in the OpenAPI document, the import with a text/csv body', async () => {
    const doc = await t.api<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>('GET', '/api/openapi.json');
    for (const [path, method] of [
      ['/api/campaigns', 'post'],
      ['/api/campaigns', 'get'],
      ['/api/campaigns/{id}', 'patch'],
      ['/api/campaigns/{id}/start', 'post'],
      ['/api/campaigns/{id}/pause', 'post'],
      ['/api/campaigns/{id}/stop', 'post'],
      ['/api/campaigns/{id}/leads/import', 'post'],
      ['/api/campaigns/{id}/scrub', 'get'],
      ['/api/dnc', 'post'],
      ['/api/dnc', 'delete'],
      ['/api/dnc/import', 'post'],
      ['/api/dnc/search', 'get'],
      ['/api/compliance/check', 'post'],
    ] as const)
      expect(doc.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.body.paths['/api/campaigns/{id}/leads/import']?.['post']?.requestBody?.content).toHaveProperty(
      'text/csv',
    );
  });
});
