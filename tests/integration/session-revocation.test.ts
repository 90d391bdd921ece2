/**
 * A session that ends loses its connected consoles at once: logout, expiry and a disabled account each cut off
 * every socket of the session (told why first), refuse a command that arrives after the end, and log the agent
 * out of the ACD with the reason recorded. Real bridge, real socket.io clients.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../db/schema';
import type { SessionEnded } from '../../cti-bridge/protocol/events';
import { command, startTestRingside, type AgentSocket, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
const HOUR = 3_600_000;
let t: TestRingside;
let clock = Date.now();

beforeAll(async () => {
  // The sweep re-reads connected sessions every 50 ms here (5 s by default), on the clock the test moves.
  t = await startTestRingside({}, { now: () => clock, sessionSweepMs: 50 });
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
});

async function signIn(username: string) {
  const { status, body } = await t.api<{ token: string; user: { id: number } }>(
    'POST',
    '/api/auth/login',
    undefined,
    { username, password: 'ringside' },
  );
  expect(status).toBe(200);
  return { token: body.token, agentId: body.user.id };
}

async function readyConsole(token: string): Promise<AgentSocket> {
  const socket = await t.connect(token);
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}

/** Resolves with what the console was told and how it was disconnected. */
function cutOff(socket: AgentSocket, timeoutMs = 3000) {
  return new Promise<{ told: SessionEnded | null; disconnect: string }>((done, failed) => {
    let told: SessionEnded | null = null;
    const timer = setTimeout(() => failed(new Error('the socket stayed connected')), timeoutMs);
    socket.on('session:ended', (fact) => (told = fact));
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      done({ told, disconnect: reason });
    });
  });
}

const stateOf = (agentId: number) => t.ringside.callCenter.snapshot(agentId).state;
const auditOf = (action: string, subject: string) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subject, subject)))
    .all();

describe('a revoked session loses its open sockets', () => {
  it('logout: every console of the session is told and disconnected, the agent is logged out and not offered calls', async () => {
    const { token, agentId } = await signIn('agent2');
    const [first, second] = [await readyConsole(token), await t.connect(token)];
    const cuts = [cutOff(first), cutOff(second)];
    expect((await t.api('POST', '/api/auth/logout', token)).status).toBe(200);
    for (const cut of await Promise.all(cuts))
      expect(cut).toEqual({ told: { reason: 'logged-out' }, disconnect: 'io server disconnect' });
    await expect.poll(() => stateOf(agentId).status).toBe('logged-out');
    expect(stateOf(agentId).reason).toBe('session-logged-out');
    expect(auditOf('session.ended', `user:${agentId}`).at(-1)).toMatchObject({
      reason: 'logged-out',
      details: { consolesSignedOut: 2 },
    });
    let offered = false;
    first.on('call:offered', () => (offered = true));
    const call = await t.api<{ interactionId: number }>('POST', '/api/sim/calls', await t.login('admin'), {
      from: '+12125550143',
      to: SUPPORT,
    });
    expect(call.status).toBe(201);
    await new Promise((done) => setTimeout(done, 200));
    expect(offered).toBe(false);
    expect(t.ringside.callCenter.snapshot(agentId).activeCall).toBeNull();
  });

  it('a session ended during a call keeps the caller; the agent is logged out once the call and wrap-up are over', async () => {
    const { token, agentId } = await signIn('agent2');
    const socket = await readyConsole(token);
    const offered = new Promise<{ callId: string }>((done) => socket.once('call:offered', done));
    await t.api('POST', '/api/sim/calls', await t.login('admin'), { from: '+12125550188', to: SUPPORT });
    const { callId } = await offered;
    expect((await command(socket, 'call:answer', { callId })).ok).toBe(true);
    const cut = cutOff(socket);
    await t.api('POST', '/api/auth/logout', token);
    await cut;
    await new Promise((done) => setTimeout(done, 100));
    expect(stateOf(agentId).status).toBe('on-call');
    t.sim.callerHangsUp(callId);
    await expect.poll(() => stateOf(agentId).status).toBe('wrap-up');
    // the wrap-up ends (as its timer would): straight to logged out, never ready without a console
    t.ringside.callCenter.setState(agentId, { status: 'ready' });
    expect(stateOf(agentId)).toMatchObject({ status: 'logged-out', reason: 'session-logged-out' });
  });

  it('logout of one session leaves the agent’s other session connected and their state alone', async () => {
    const a = await signIn('agent3');
    const b = await signIn('agent3');
    const kept = await readyConsole(b.token);
    const ended = cutOff(await t.connect(a.token));
    await t.api('POST', '/api/auth/logout', a.token);
    expect((await ended).told).toEqual({ reason: 'logged-out' });
    expect(kept.connected).toBe(true);
    expect(stateOf(a.agentId).status).toBe('ready');
    expect((await command(kept, 'session:sync', {})).ok).toBe(true);
  });

  it('expiry: a connected session is cut off once its time is up, logged out, and its row deleted', async () => {
    const { token, agentId } = await signIn('agent1');
    const socket = await readyConsole(token);
    const cut = cutOff(socket);
    clock += 12 * HOUR + 1000;
    expect(await cut).toEqual({ told: { reason: 'expired' }, disconnect: 'io server disconnect' });
    await expect.poll(() => stateOf(agentId).status).toBe('logged-out');
    expect(stateOf(agentId).reason).toBe('session-expired');
    await expect
      .poll(() => t.ringside.db.select().from(sessions).where(eq(sessions.userId, agentId)).all().length)
      .toBe(0);
    expect((await t.api('GET', '/api/me', token)).status).toBe(401);
  });

  it('disable: an admin disabling the account signs out every session of it at once', async () => {
    const one = await signIn('agent4');
    const two = await signIn('agent4');
    const cuts = [cutOff(await readyConsole(one.token)), cutOff(await t.connect(two.token))];
    const disabled = await t.api('POST', `/api/users/${one.agentId}/disable`, await t.login('admin'));
    expect(disabled.status).toBe(200);
    for (const cut of await Promise.all(cuts)) expect(cut.told).toEqual({ reason: 'disabled' });
    await expect.poll(() => stateOf(one.agentId).status).toBe('logged-out');
    expect(stateOf(one.agentId).reason).toBe('session-disabled');
    expect(
      (await t.api('POST', '/api/auth/login', undefined, { username: 'agent4', password: 'ringside' }))
        .status,
    ).toBe(401);
    expect(auditOf('user.disabled', `user:${one.agentId}`)).toHaveLength(1);
  });

  it('an account disabled in the store by other means is noticed by the sweep', async () => {
    const { token, agentId } = await signIn('supervisor');
    const cut = cutOff(await t.connect(token));
    t.ringside.db.update(users).set({ disabled: true }).where(eq(users.id, agentId)).run();
    expect((await cut).told).toEqual({ reason: 'disabled' });
  });

  it('a command arriving after the session ended elsewhere is refused and the socket cut off', async () => {
    // The default sweep (5 s): the command, not the sweep, is what finds the session gone.
    const slow = await startTestRingside();
    const { status, body } = await slow.api<{ token: string; user: { id: number } }>(
      'POST',
      '/api/auth/login',
      undefined,
      { username: 'agent1', password: 'ringside' },
    );
    expect(status).toBe(200);
    const [token, agentId] = [body.token, body.user.id];
    const socket = await slow.connect(token);
    const cut = cutOff(socket);
    // Another bridge (or an operator) deleted the session: nothing here announced it.
    try {
      slow.ringside.db.delete(sessions).where(eq(sessions.userId, agentId)).run();
      const refused = await command(socket, 'agent:set-state', { status: 'ready' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect((await cut).told).toEqual({ reason: 'logged-out' });
      await expect.poll(() => slow.ringside.callCenter.snapshot(agentId).state.status).toBe('logged-out');
    } finally {
      await slow.stop();
    }
  });
});
