/**
 * A supervisor changing an agent's languages re-routes at once (sim PBX, real bridge, SQLite, sockets). Language
 * is a preference in the agent choice (best level first, then a speaker of the caller's language, then longest
 * idle): a Chinese caller waits while nobody free can serve the line, is offered in the same request that makes a
 * Chinese speaker of the right skill, and among agents of equal level goes to the one just made a speaker, ahead
 * of an agent idle longer.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { interactions, users } from '../../db/schema';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';

/** The Chinese sales line: its calls carry the language zh-CN. */
const SALES_CN = '+864008200100';
let t: TestRingside;
let admin: string;
let supervisor: string;
const sockets: AgentSocket[] = [];

const idOf = (username: string) =>
  t.ringside.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id ?? 0;
const profile = (username: string, skills: { businessType: string; level: number }[], languages: string[]) =>
  t.api('POST', `/api/users/${idOf(username)}/skills`, supervisor, {
    skills,
    languages,
    reason: 'language test',
  });
const decisionOf = (interactionId: number) =>
  t.ringside.db.select().from(interactions).where(eq(interactions.id, interactionId)).get();

async function ready(username: string): Promise<AgentSocket> {
  const socket = await t.connect(await t.login(username));
  sockets.push(socket);
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}

async function chineseCall() {
  const call = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
    from: '+8613800138000',
    to: SALES_CN,
  });
  expect(call.status).toBe(201);
  return call.body;
}

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  supervisor = await t.login('supervisor');
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
  for (const socket of sockets.splice(0)) socket.disconnect();
});

describe('a supervisor changing languages re-routes at once', () => {
  it('a Chinese caller waits until a Chinese speaker with the skill exists, then is offered in that request', async () => {
    // nobody on the floor sells: agent3 (complaints, billing) is ready but cannot take a sales call
    const agent3 = await ready('agent3');
    const call = await chineseCall();
    expect(decisionOf(call.interactionId)?.agentId ?? null).toBeNull();

    const offered = next(agent3, 'call:offered', (offer) => offer.callId === call.callId);
    const changed = await profile('agent3', [{ businessType: 'sales', level: 6 }], ['en', 'zh']);
    expect(changed.status).toBe(200);
    // decided while the request ran: the decision is on the interaction already, in words
    expect(decisionOf(call.interactionId)?.routingRule).toMatch(
      /^queue sales, .*agent level 6 of 10, speaks zh-CN, idle/,
    );
    expect((await offered).routingRule).toMatch(/speaks zh-CN/);
  });

  it('among equal levels the agent just given Chinese gets the call ahead of one idle longer', async () => {
    // agent3 leaves sales; agent1 and agent4 sell at the same level, English only; agent1 is idle longer
    expect((await profile('agent3', [{ businessType: 'complaints', level: 8 }], ['en'])).status).toBe(200);
    expect((await profile('agent1', [{ businessType: 'sales', level: 6 }], ['en'])).status).toBe(200);
    expect((await profile('agent4', [{ businessType: 'sales', level: 6 }], ['en'])).status).toBe(200);
    const agent1 = await ready('agent1');
    const agent4 = await ready('agent4');

    // the supervisor makes agent4 a Chinese speaker: the next Chinese caller goes to agent4, not to agent1
    expect((await profile('agent4', [{ businessType: 'sales', level: 6 }], ['en', 'zh'])).status).toBe(200);
    const toAgent4 = next(agent4, 'call:offered');
    const first = await chineseCall();
    expect((await toAgent4).callId).toBe(first.callId);
    expect(decisionOf(first.interactionId)).toMatchObject({ agentId: idOf('agent4') });
    expect(decisionOf(first.interactionId)?.routingRule).toMatch(/speaks zh-CN/);

    // agent4 busy: the next Chinese caller goes to agent1, recorded as having no Chinese speaker free
    const toAgent1 = next(agent1, 'call:offered');
    const second = await chineseCall();
    expect((await toAgent1).callId).toBe(second.callId);
    expect(decisionOf(second.interactionId)?.routingRule).toMatch(/no zh-CN speaker free/);
  });
});
