import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../cti-bridge/protocol/audit.schema';
import { createAuditLogRepository } from '../../cti-bridge/src/repositories/audit-log.repository';
import { AUDIT_SCAN_WINDOW } from '../../cti-bridge/src/services/audit/audit-log.service';
import { signInRoles, startTestRingside, type ApiError, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let admin: string;
let supervisor: string;
let agent: string;
let campaignId: number;
const SYNTHETIC = 60_000;
const STEP_MS = 10;
let base: number;

const audit = (query: string, token = admin) => t.api<AuditPage>('GET', `/api/audit?${query}`, token);
const raw = async (query: string, token = admin) => {
  const response = await fetch(`${t.url}/api/audit?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

beforeAll(async () => {
  t = await startTestRingside();
  // 60,000 older rows first (ids grow with time, as the bridge writes them): the time range, paging and bounds
  const client = t.ringside.db.$client;
  expect(client.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  base = Date.now() - 3_600_000;
  const insert = client.prepare(
    "INSERT INTO audit_log (at, actor_user_id, action, subject, decision, details) VALUES (?, NULL, 'test.synthetic', ?, 'done', ?)",
  );
  client.transaction(() => {
    for (let i = 0; i < SYNTHETIC; i++) insert.run(base + i * STEP_MS, `thing:${i}`, JSON.stringify({ i }));
  })();
  ({ admin, supervisor, agent } = await signInRoles(t));
  const created = await t.api<{ id: number }>('POST', '/api/campaigns', admin, {
    name: 'Audit',
    mode: 'preview',
    callingWindow: { from: '09:00', to: '20:00' },
    rules: 'US',
    maxAttempts: 3,
  });
  campaignId = created.body.id;
  await t.api('POST', '/api/dnc', supervisor, { number: '+12125550199', reason: 'asked not to be called' });
  await t.api('POST', '/api/dnc', admin, {
    number: '+12125550198',
    reason: 'her husband asked from +1 212 555 0177 too',
  });
  await t.api('POST', '/api/compliance/check', supervisor, { number: '(212) 555-0199' });
  await t.api('POST', '/api/users', admin, {
    username: 'auditee',
    displayName: 'Audit Ee',
    role: 'agent',
    password: 'a long enough password 42',
  });
}, 60_000);
afterAll(() => t.stop());

describe('GET /api/audit', () => {
  it('finds the gate’s block decision for a DNC number, with its inputs and reasons, never the whole number', async () => {
    const found = await audit('category=compliance&decision=blocked&number=%2B1%20212-555-0199');
    expect(found.status).toBe(200);
    expect(found.body.numberLast4).toBe('0199');
    expect(found.body.entries).toHaveLength(1);
    const [entry] = found.body.entries;
    expect(entry).toMatchObject({
      action: 'dial.dry-run',
      decision: 'blocked',
      actor: { username: 'supervisor' },
      details: { number: '•••••••0199', dnc: ['global'], path: 'dry-run' },
    });
    expect(entry?.reason).toContain('DNC_GLOBAL');
    expect(entry?.details?.['reasons']).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'DNC_GLOBAL' })]),
    );
    // matched on the last 4 digits: the DNC add of the same number too, but not 0198's
    const byNumber = await audit('number=0199');
    expect(byNumber.body.entries.map((e) => e.action).sort()).toEqual(['dial.dry-run', 'dnc.add']);
    const all = await raw('limit=100');
    for (const whole of ['2125550199', '2125550198', '2125550177', '212 555 0177'])
      expect(all.text).not.toContain(whole);
    const typed = (await audit('category=dnc')).body.entries.find((e) => e.details?.['last4'] === '0198');
    expect(typed?.reason).toBe('her husband asked from •••••••0177 too');
  });

  it('filters by actor, action, category, subject (exact or a kind) and decision', async () => {
    const bySupervisor = await audit('actor=supervisor&limit=100');
    expect(bySupervisor.body.entries.map((e) => e.action).sort()).toEqual(['dial.dry-run', 'dnc.add']);
    expect((await audit('actor=nobody')).body).toMatchObject({ entries: [], next: null });
    const created = await audit('action=campaign.create');
    expect(created.body.entries).toEqual([
      expect.objectContaining({
        subject: `campaign:${campaignId}`,
        actor: expect.objectContaining({ username: 'admin' }),
      }),
    ]);
    expect((await audit(`subject=campaign:${campaignId}`)).body.entries).toHaveLength(1);
    expect((await audit('subject=campaign:')).body.entries.map((e) => e.action)).toEqual(['campaign.create']);
    const dnc = await audit('category=dnc');
    expect(dnc.body.entries.map((e) => e.action)).toEqual(['dnc.add', 'dnc.add']);
    expect((await audit('decision=allowed')).body.entries).toEqual([]);
    expect((await audit('category=users')).body.entries.map((e) => e.action)).toContain('user.created');
  });

  it('a time range is an id range: pages newest first by id, each bounded, until the range ends', async () => {
    const from = base + 20_000 * STEP_MS;
    const to = base + 21_000 * STEP_MS;
    const seen: number[] = [];
    let before: number | null = null;
    let requests = 0;
    do {
      const cursor: string = before === null ? '' : `&before=${before}`;
      const page = await audit(`from=${from}&to=${new Date(to).toISOString()}&limit=100${cursor}`);
      expect(page.status).toBe(200);
      expect(page.body.scanned).toBeLessThanOrEqual(AUDIT_SCAN_WINDOW);
      seen.push(...page.body.entries.map((e) => e.id));
      for (const e of page.body.entries) expect(e.at >= from && e.at < to).toBe(true);
      before = page.body.next;
      requests++;
    } while (before !== null && requests < 20);
    expect(seen).toHaveLength(1_000);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(1_000);
    expect(requests).toBe(10);
  });

  it('a filter that matches nothing reads one bounded window per request, and says where it got to', async () => {
    let page = await audit('action=nothing.here');
    let requests = 1;
    expect(page.body).toMatchObject({ entries: [], scanned: AUDIT_SCAN_WINDOW });
    expect(page.body.next).not.toBeNull();
    expect(page.body.searchedDownTo).toBeGreaterThan(base);
    while (page.body.next !== null && requests < 10) {
      page = await audit(`action=nothing.here&before=${page.body.next}`);
      expect(page.body.scanned).toBeLessThanOrEqual(AUDIT_SCAN_WINDOW);
      requests++;
    }
    expect(page.body.next).toBeNull();
    const { n } = t.ringside.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number };
    expect(requests).toBe(Math.ceil(n / AUDIT_SCAN_WINDOW));
  });

  it('reads audit_log by rowid range only (no index on at, no sort, no full scan)', () => {
    const plan = createAuditLogRepository(t.ringside.db).plan({
      from: base,
      prefixes: ['dial.'],
      last4: '0199',
      actorUserId: 1,
    });
    expect(plan.join('\n')).toMatch(/SEARCH a USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN a\b/);
    const indexes = t.ringside.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'")
      .all();
    expect(indexes).toEqual([]);
  });

  it('exports the filter as CSV (bounded), numbers masked', async () => {
    const csv = await raw('category=compliance&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,subject,decision,reason,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('dial.dry-run');
    expect(lines[1]).toContain('•••••••0199');
    expect(csv.text).not.toContain('2125550199');
  });

  it('supervisors read all but user, login and session entries; agents and strangers nothing', async () => {
    const seen = await audit('limit=100', supervisor);
    expect(seen.status).toBe(200);
    expect(seen.body.entries.map((e) => e.action)).not.toContain('user.created');
    expect(seen.body.entries.map((e) => e.action)).toContain('campaign.create');
    expect((await t.api<ApiError>('GET', '/api/audit?category=users', supervisor)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await t.api<ApiError>('GET', '/api/audit?action=user.created', supervisor)).status).toBe(403);
    expect((await t.api<ApiError>('GET', '/api/audit', agent)).body.error.code).toBe('FORBIDDEN');
    expect((await t.api<ApiError>('GET', '/api/audit')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['from=yesterday', 'from'],
    ['from=2000&to=1000', 'to must be after from'],
    ['number=abc', 'number'],
    ['number=12', 'number'],
    ['category=everything', 'category'],
    ['action=DROP%20TABLE', 'action'],
    ['decision=maybe', 'decision'],
    ['before=-1', 'before'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (query, named) => {
    const refused = await t.api<ApiError>('GET', `/api/audit?${query}`, admin);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.message).toContain(named);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    expect(doc.body.paths['/api/audit']?.['get']).toBeDefined();
  });
});
