/**
 * Admins manage accounts over the HTTP API: list, create (strong password, SIP identity = username), rename and
 * change role, disable (consoles signed out) and enable, reset a password (the old one stops working, open
 * consoles are signed out). Every change is audited with who; the last enabled admin cannot be disabled or
 * demoted; agents and supervisors are refused. Real bridge, real SQLite, real socket.io clients.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema';
import type { SessionEnded } from '../../cti-bridge/protocol/events';
import type { UserAdminView } from '../../cti-bridge/protocol/users.schema';
import { startTestRingside, type AgentSocket, type TestRingside } from '../support/test-ringside';

const STRONG = 'Winter-Orchid-2027';
let t: TestRingside;
let admin: string;
let adminId: number;

beforeAll(async () => {
  t = await startTestRingside({}, { sessionSweepMs: 50 });
  admin = await t.login('admin');
  adminId = (await t.api<{ id: number }>('GET', '/api/me', admin)).body.id;
});
afterAll(() => t.stop());

type Err = { error: { code: string; message: string } };
const audits = (action: string, userId: number) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subject, `user:${userId}`)))
    .all();
const create = (body: Record<string, unknown>, token = admin) =>
  t.api<UserAdminView & Err>('POST', '/api/users', token, body);
const told = (socket: AgentSocket) =>
  new Promise<SessionEnded>((done, failed) => {
    const timer = setTimeout(() => failed(new Error('the console was not signed out')), 10_000);
    socket.once('session:ended', (fact) => {
      clearTimeout(timer);
      done(fact);
    });
  });

describe('user administration', () => {
  it('refuses agents and supervisors on every user endpoint', async () => {
    for (const name of ['agent1', 'supervisor']) {
      const token = await t.login(name);
      expect((await t.api<Err>('GET', '/api/users', token)).status).toBe(403);
      const made = await create({ username: 'x1', displayName: 'X', role: 'admin', password: STRONG }, token);
      expect(made.body.error.code).toBe('FORBIDDEN');
      expect((await t.api<Err>('POST', `/api/users/${adminId}/disable`, token)).status).toBe(403);
    }
  });

  it('creates an agent with a strong password and a SIP identity, who can sign in; audited without the password', async () => {
    const weak = await create({
      username: 'agent9',
      displayName: 'Nine',
      role: 'agent',
      password: 'agent9agent9',
    });
    expect(weak).toMatchObject({ status: 400, body: { error: { code: 'WEAK_PASSWORD' } } });
    const invalid = await create({
      username: 'Bad Name',
      displayName: 'Nine',
      role: 'agent',
      password: STRONG,
    });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    const made = await create({ username: 'agent9', displayName: '王小明', role: 'agent', password: STRONG });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'agent9', displayName: '王小明', role: 'agent' });
    expect(made.body).toMatchObject({ disabled: false, sipUsername: 'agent9', skills: [] });
    const again = await create({ username: 'agent9', displayName: 'Again', role: 'agent', password: STRONG });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    expect(await t.login('agent9', STRONG)).toBeTruthy();
    const listed = await t.api<{ users: UserAdminView[] }>('GET', '/api/users', admin);
    expect(listed.body.users.find((u) => u.username === 'agent1')?.skills).toEqual(['sales', 'support']);
    const [entry] = audits('user.created', made.body.id);
    expect(entry).toMatchObject({ actorUserId: adminId, decision: 'done' });
    expect(JSON.stringify(audits('user.created', made.body.id))).not.toContain(STRONG);
  });

  it('changes role and name (audited from → to) but never demotes or disables the last enabled admin', async () => {
    const made = await create({ username: 'lead1', displayName: 'Lead', role: 'agent', password: STRONG });
    const id = made.body.id;
    const promoted = await t.api<UserAdminView>('PATCH', `/api/users/${id}`, admin, {
      role: 'supervisor',
      displayName: 'Team lead',
    });
    expect(promoted.body).toMatchObject({ role: 'supervisor', displayName: 'Team lead' });
    expect(audits('user.role-changed', id)[0]?.details).toEqual({ from: 'agent', to: 'supervisor' });
    expect(audits('user.renamed', id)).toHaveLength(1);
    const demoteSelf = await t.api<Err>('PATCH', `/api/users/${adminId}`, admin, { role: 'agent' });
    expect(demoteSelf).toMatchObject({ status: 409, body: { error: { code: 'LAST_ADMIN' } } });
    // a second admin: now the first may be demoted by the second, but the second is then the last
    await t.api('PATCH', `/api/users/${id}`, admin, { role: 'admin' });
    const second = await t.login('lead1', STRONG);
    expect(
      (await t.api<UserAdminView>('PATCH', `/api/users/${adminId}`, second, { role: 'supervisor' })).status,
    ).toBe(200);
    const last = await t.api<Err>('POST', `/api/users/${id}/disable`, await t.login('admin'));
    expect(last.body.error.code).toBe('FORBIDDEN');
    const lastDemote = await t.api<Err>('PATCH', `/api/users/${id}`, second, { role: 'agent' });
    expect(lastDemote.body.error.code).toBe('LAST_ADMIN');
    expect((await t.api<Err>('POST', `/api/users/${id}/disable`, second)).body.error.code).toBe('CONFLICT');
    expect((await t.api('PATCH', `/api/users/${adminId}`, second, { role: 'admin' })).status).toBe(200);
    admin = await t.login('admin');
  });

  it('disables (consoles signed out, no sign-in) and enables again, each audited', async () => {
    const made = await create({ username: 'agent10', displayName: 'Ten', role: 'agent', password: STRONG });
    const id = made.body.id;
    const socket = await t.connect(await t.login('agent10', STRONG));
    const cut = told(socket);
    const disabled = await t.api<UserAdminView>('POST', `/api/users/${id}/disable`, admin);
    expect(disabled.body.disabled).toBe(true);
    expect(await cut).toEqual({ reason: 'disabled' });
    await expect(t.login('agent10', STRONG)).rejects.toThrow(/401/);
    const enabled = await t.api<UserAdminView>('POST', `/api/users/${id}/enable`, admin);
    expect(enabled.body.disabled).toBe(false);
    expect(await t.login('agent10', STRONG)).toBeTruthy();
    expect(audits('user.disabled', id)).toHaveLength(1);
    expect(audits('user.enabled', id)).toHaveLength(1);
  });

  it('resets a password: strong rules, the old one stops working, open consoles are signed out', async () => {
    const made = await create({
      username: 'agent11',
      displayName: 'Eleven',
      role: 'agent',
      password: STRONG,
    });
    const id = made.body.id;
    const socket = await t.connect(await t.login('agent11', STRONG));
    const weak = await t.api<Err>('POST', `/api/users/${id}/password`, admin, { password: 'short' });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const cut = told(socket);
    const fresh = 'Autumn+Lantern+88';
    expect((await t.api('POST', `/api/users/${id}/password`, admin, { password: fresh })).status).toBe(200);
    expect(await cut).toEqual({ reason: 'password-reset' });
    await expect(t.login('agent11', STRONG)).rejects.toThrow(/401/);
    expect(await t.login('agent11', fresh)).toBeTruthy();
    const entries = audits('user.password-reset', id);
    expect(entries).toMatchObject([{ actorUserId: adminId }]);
    expect(JSON.stringify(entries)).not.toContain(fresh);
    const stored = t.ringside.db.select().from(users).where(eq(users.id, id)).get();
    expect(stored?.passwordHash.startsWith('scrypt$')).toBe(true);
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    const missing = await t.api<Err>('POST', '/api/users/99999/enable', admin);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});
