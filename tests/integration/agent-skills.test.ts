/**
 * Supervisors and admins set an agent's skills (levels 1–10 per business type) and languages over the HTTP API:
 * validated, refused to agents, audited with who and why; routing uses the change at once (a call already
 * waiting goes to the agent in the same request) and the agent's console is told. Real bridge, SQLite, sockets.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, interactions, users } from '../../db/schema';
import type { AgentSkillsView, SkillOptions } from '../../cti-bridge/protocol/agent-skills.schema';
import type { UserAdminView } from '../../cti-bridge/protocol/users.schema';
import { command, next, startTestRingside, type TestRingside } from '../support/test-ringside';

const SALES = '+18005550100';
let t: TestRingside;
let admin: string;
let supervisor: string;

type Err = { error: { code: string; message: string } };
const idOf = (username: string) =>
  t.ringside.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id ?? 0;
const setSkills = (id: number, body: unknown, token = supervisor) =>
  t.api<AgentSkillsView & Err>('POST', `/api/users/${id}/skills`, token, body);
const audits = (userId: number) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'user.skills-changed'), eq(auditLog.subject, `user:${userId}`)))
    .all();

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  supervisor = await t.login('supervisor');
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
});

describe('agent skills and languages', () => {
  it('offers a waiting call to the agent in the same request that gives them its skill; the agent is told who and why', async () => {
    const agent3 = idOf('agent3');
    const socket = await t.connect(await t.login('agent3'));
    expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    // nobody on the floor sells: the call waits
    const call = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
      from: '+12125550141',
      to: SALES,
    });
    expect(call.status).toBe(201);
    const row = () =>
      t.ringside.db.select().from(interactions).where(eq(interactions.id, call.body.interactionId)).get();
    expect(row()?.agentId ?? null).toBeNull();

    const offered = next(socket, 'call:offered', (offer) => offer.callId === call.body.callId);
    const told = next(socket, 'agent:skills-changed');
    const changed = await setSkills(agent3, {
      skills: [
        { businessType: 'complaints', level: 8 },
        { businessType: 'billing', level: 5 },
        { businessType: 'sales', level: 7 },
      ],
      languages: ['en', 'es'],
      reason: 'covering the sales line today',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.skills.map((s) => [s.businessType, s.level])).toEqual([
      ['billing', 5],
      ['complaints', 8],
      ['sales', 7],
    ]);
    expect(changed.body.languages).toEqual(['en', 'es']);
    // decided while the request ran, not at the next tick: the decision is on the interaction already
    expect(row()?.routingRule).toMatch(/^queue sales, .*agent level 7 of 10/);
    const offer = await offered;
    expect(offer.routingRule).toMatch(/agent level 7 of 10/);
    expect(await told).toMatchObject({
      by: 'Sofia Martins',
      reason: 'covering the sales line today',
      profile: { agentId: agent3, languages: ['en', 'es'] },
    });
    const own = await t.api<AgentSkillsView>('GET', '/api/me/skills', await t.login('agent3'));
    expect(own.body.skills.find((s) => s.businessType === 'sales')?.level).toBe(7);
    socket.disconnect();
  });

  it('audits each change with who, why, and the profile before and after', async () => {
    const agent2 = idOf('agent2');
    const supervisorId = idOf('supervisor');
    const body = {
      skills: [{ businessType: 'support', level: 10 }],
      languages: ['zh'],
      reason: '客户投诉升级',
    };
    expect((await setSkills(agent2, body)).status).toBe(200);
    const [entry] = audits(agent2);
    expect(entry).toMatchObject({ actorUserId: supervisorId, decision: 'done', reason: '客户投诉升级' });
    expect(entry?.details).toEqual({
      from: { skills: { complaints: 5, support: 8 }, languages: ['en'] },
      to: { skills: { support: 10 }, languages: ['zh'] },
    });
    // admins may too; the users list shows the new skills
    const byAdmin = await setSkills(agent2, { ...body, skills: [], reason: 'off the floor' }, admin);
    expect(byAdmin.body.skills).toEqual([]);
    expect(audits(agent2)[1]?.actorUserId).toBe(idOf('admin'));
    const listed = await t.api<{ users: UserAdminView[] }>('GET', '/api/users', admin);
    expect(listed.body.users.find((u) => u.id === agent2)?.skills).toEqual([]);
  });

  it.each([
    ['a level above 10', { skills: [{ businessType: 'sales', level: 11 }] }],
    ['a level below 1', { skills: [{ businessType: 'sales', level: 0 }] }],
    ['a fractional level', { skills: [{ businessType: 'sales', level: 5.5 }] }],
    ['an unknown business type', { skills: [{ businessType: 'astrology', level: 5 }] }],
    [
      'a business type twice',
      {
        skills: [
          { businessType: 'sales', level: 5 },
          { businessType: 'sales', level: 6 },
        ],
      },
    ],
    ['no language', { languages: [] }],
    ['a malformed language', { languages: ['english!'] }],
    ['no reason', { reason: ' ' }],
    ['a reason with control characters', { reason: 'bad\u0007' }],
  ])('refuses %s (VALIDATION_FAILED) and changes nothing', async (_name, patch) => {
    const agent4 = idOf('agent4');
    const before = await t.api<AgentSkillsView>('GET', `/api/users/${agent4}/skills`, supervisor);
    const refused = await setSkills(agent4, {
      skills: [{ businessType: 'sales', level: 5 }],
      languages: ['en'],
      reason: 'test',
      ...patch,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((await t.api('GET', `/api/users/${agent4}/skills`, supervisor)).body).toEqual(before.body);
    expect(audits(agent4)).toHaveLength(0);
  });

  it('refuses an unknown user (404) and an admin, who takes no calls (400)', async () => {
    const body = { skills: [], languages: ['en'], reason: 'test' };
    expect((await setSkills(999_999, body)).body.error.code).toBe('NOT_FOUND');
    expect((await setSkills(idOf('admin'), body)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses agents (403) on the editor endpoints; an agent reads only their own skills', async () => {
    const agent = await t.login('agent1');
    const agent1 = idOf('agent1');
    const body = { skills: [{ businessType: 'sales', level: 10 }], languages: ['en'], reason: 'me' };
    const refused = await setSkills(agent1, body, agent);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await t.api('GET', `/api/users/${agent1}/skills`, agent)).status).toBe(403);
    expect((await t.api('GET', '/api/skills/options', agent)).status).toBe(403);
    expect((await t.api('POST', `/api/users/${agent1}/skills`, undefined, body)).status).toBe(401);
    const own = await t.api<AgentSkillsView>('GET', '/api/me/skills', agent);
    expect(own.body.skills.map((s) => [s.businessType, s.level])).toEqual([
      ['sales', 8],
      ['support', 5],
    ]);
    expect(audits(agent1)).toHaveLength(0);
  });

  it('offers the editor every business type and the languages in use', async () => {
    const options = await t.api<SkillOptions>('GET', '/api/skills/options', supervisor);
    expect(options.body.businessTypes.map((b) => b.code)).toEqual(
      expect.arrayContaining(['billing', 'complaints', 'sales', 'support']),
    );
    expect(options.body.languages).toEqual(expect.arrayContaining(['en', 'zh']));
  });
});
