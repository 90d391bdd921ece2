/**
 * Supervisors' control of the floor over real socket.io: force an agent not ready (now, while ringing, after the
 * call) or signed out, end a call (one the PBX lost, too), and listen / whisper / barge on the simulated call with
 * the agent told and the supervisor's page told when the call ends. Agents are refused every one of these. Each
 * action is audited with who and why.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, interactions } from '../../db/schema';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';

const SUPPORT = '+18005550101';
const WAIT = 10_000;
let t: TestRingside;
let admin: string;
let supervisor: AgentSocket;
let supervisorId: number;
let supervisorName: string;

beforeAll(async () => {
  t = await startTestRingside();
  admin = await t.login('admin');
  const token = await t.login('supervisor');
  const me = (await t.api<{ id: number; displayName: string }>('GET', '/api/me', token)).body;
  supervisorId = me.id;
  supervisorName = me.displayName;
  supervisor = await t.connect(token);
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
});

const audits = (action: string, agentId: number) =>
  t.ringside.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subject, `user:${agentId}`)))
    .all();

async function agent(username: string) {
  const token = await t.login(username);
  const id = (await t.api<{ id: number }>('GET', '/api/me', token)).body.id;
  const socket = await t.connect(token);
  return { socket, id, token };
}

async function ready(socket: AgentSocket) {
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
}

/** A support call ringing at this (the only ready support) agent; answered when `answer`. */
async function callAt(socket: AgentSocket, answer: boolean) {
  const offered = next(socket, 'call:offered', () => true, WAIT);
  const placed = await t.api<{ callId: string; interactionId: number }>('POST', '/api/sim/calls', admin, {
    from: '+12125550123',
    to: SUPPORT,
  });
  expect(placed.status).toBe(201);
  const offer = await offered;
  if (answer) expect((await command(socket, 'call:answer', { callId: offer.callId })).ok).toBe(true);
  return offer;
}

describe('control of the floor', () => {
  it('refuses an agent every supervisor command', async () => {
    const { socket } = await agent('agent1');
    const target = { agentId: supervisorId, reason: 'x' };
    for (const result of [
      await command(socket, 'supervisor:force-state', { ...target, status: 'not-ready' }),
      await command(socket, 'supervisor:end-call', target),
      await command(socket, 'monitor:start', { agentId: supervisorId, mode: 'listen' }),
      await command(socket, 'monitor:stop', { monitorId: 'm1' }),
    ])
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await command(supervisor, 'supervisor:force-state', {
      agentId: supervisorId,
      status: 'not-ready',
      reason: '  ',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    socket.disconnect();
  });

  it('forces a ready agent not ready with the reason; the agent is told who and why; audited', async () => {
    const a = await agent('agent4');
    await ready(a.socket);
    const told = next(a.socket, 'agent:supervised', () => true, WAIT);
    const state = next(a.socket, 'agent:state-changed', (s) => s.status === 'not-ready', WAIT);
    const forced = await command(supervisor, 'supervisor:force-state', {
      agentId: a.id,
      status: 'not-ready',
      reason: 'Team meeting 会议',
    });
    expect(forced).toMatchObject({ ok: true, data: { status: 'not-ready', reason: 'Team meeting 会议' } });
    expect(await told).toMatchObject({
      action: 'force-not-ready',
      reason: 'Team meeting 会议',
      pending: false,
    });
    expect((await told).by).toBe(supervisorName);
    expect((await state).reason).toBe('Team meeting 会议');
    expect(audits('supervisor.force-not-ready', a.id)).toMatchObject([
      { actorUserId: supervisorId, reason: 'Team meeting 会议', decision: 'done' },
    ]);
    a.socket.disconnect();
  });

  it('forcing a ringing agent takes the offer back; on a call it waits for the end of the wrap-up', async () => {
    const a = await agent('agent4');
    await ready(a.socket);
    const ringing = await callAt(a.socket, false);
    const withdrawn = next(a.socket, 'call:offer-withdrawn', () => true, WAIT);
    const forced = await command(supervisor, 'supervisor:force-state', {
      agentId: a.id,
      status: 'not-ready',
      reason: 'coaching',
    });
    expect(forced).toMatchObject({ ok: true, data: { status: 'not-ready', reason: 'coaching' } });
    expect(await withdrawn).toEqual({ callId: ringing.callId, reason: 'supervisor' });
    t.sim.callerHangsUp(ringing.callId);

    await ready(a.socket);
    const live = await callAt(a.socket, true);
    const pending = await command(supervisor, 'supervisor:force-state', {
      agentId: a.id,
      status: 'not-ready',
      reason: 'coaching',
    });
    expect(pending).toMatchObject({ ok: true, data: { status: 'on-call', pendingNotReady: 'coaching' } });
    expect((await command(a.socket, 'call:hangup', { callId: live.callId })).ok).toBe(true);
    const after = next(a.socket, 'agent:state-changed', (s) => s.status === 'not-ready', WAIT);
    const saved = await command(a.socket, 'interaction:wrap-up', {
      interactionId: live.interactionId,
      idempotencyKey: `fc-${live.callId}`,
      dispositionCode: 'resolved',
      notes: '',
    });
    expect(saved.ok).toBe(true);
    expect((await after).reason).toBe('coaching');
    a.socket.disconnect();
  });

  it('ends a call the phone system lost (its end never reported): the agent goes to wrap-up, the call is closed', async () => {
    const a = await agent('agent4');
    await ready(a.socket);
    const live = await callAt(a.socket, true);
    t.sim.hangup(live.callId); // the PBX forgets the call and reports nothing: stuck on-call
    const ended = next(a.socket, 'call:ended', () => true, WAIT);
    const told = next(a.socket, 'agent:supervised', () => true, WAIT);
    const result = await command(supervisor, 'supervisor:end-call', { agentId: a.id, reason: 'stuck call' });
    expect(result).toEqual({ ok: true, data: null });
    expect((await ended).callId).toBe(live.callId);
    expect(await told).toMatchObject({ action: 'end-call', reason: 'stuck call' });
    expect(t.ringside.callCenter.snapshot(a.id).state.status).toBe('wrap-up');
    const row = t.ringside.db
      .select()
      .from(interactions)
      .where(eq(interactions.id, live.interactionId))
      .get();
    expect(row?.endedAt).not.toBeNull();
    expect(audits('supervisor.end-call', a.id)).toMatchObject([
      { actorUserId: supervisorId, reason: 'stuck call' },
    ]);
    const again = await command(supervisor, 'supervisor:end-call', { agentId: a.id, reason: 'again' });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await command(a.socket, 'interaction:wrap-up', {
      interactionId: live.interactionId,
      idempotencyKey: `fc-${live.callId}`,
      dispositionCode: 'resolved',
      notes: '',
    });
    a.socket.disconnect();
  });

  it('forces an agent out: told why, signed out, logged out of the ACD; audited', async () => {
    const a = await agent('agent3');
    await ready(a.socket);
    const told = next(a.socket, 'agent:supervised', () => true, WAIT);
    const ended = next(a.socket, 'session:ended', () => true, WAIT);
    const result = await command(supervisor, 'supervisor:force-state', {
      agentId: a.id,
      status: 'logged-out',
      reason: 'end of shift',
    });
    expect(result.ok).toBe(true);
    expect(await told).toMatchObject({ action: 'force-logout', reason: 'end of shift' });
    expect(await ended).toEqual({ reason: 'forced' });
    await expect
      .poll(() => t.ringside.callCenter.snapshot(a.id).state.status, { timeout: WAIT })
      .toBe('logged-out');
    expect((await t.api('GET', '/api/me', a.token)).status).toBe(401);
    expect(audits('supervisor.force-logout', a.id)).toMatchObject([{ actorUserId: supervisorId }]);
  });
});

describe('listening in (simulated call, no audio)', () => {
  it('listen, whisper, barge: the agent is told, each step audited; the call ends and the supervisor is told', async () => {
    const a = await agent('agent4');
    await ready(a.socket);
    const idle = await command(supervisor, 'monitor:start', { agentId: a.id, mode: 'listen' });
    expect(idle).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const live = await callAt(a.socket, true);
    const toldListen = next(a.socket, 'agent:monitored', () => true, WAIT);
    const started = await command(supervisor, 'monitor:start', { agentId: a.id, mode: 'listen' });
    expect(started).toMatchObject({
      ok: true,
      data: { agentId: a.id, callId: live.callId, mode: 'listen', offer: null },
    });
    if (!started.ok) return;
    expect(await toldListen).toMatchObject({ callId: live.callId, mode: 'listen' });
    const monitorId = started.data.monitorId;
    for (const mode of ['whisper', 'barge'] as const) {
      const told = next(a.socket, 'agent:monitored', (f) => f.mode === mode, WAIT);
      expect(await command(supervisor, 'monitor:mode', { monitorId, mode })).toMatchObject({
        ok: true,
        data: { mode },
      });
      expect((await told).by).toBeTruthy();
    }
    const twice = await command(supervisor, 'monitor:start', { agentId: a.id, mode: 'listen' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const ended = next(supervisor, 'monitor:ended', () => true, WAIT);
    const cleared = next(a.socket, 'agent:monitored', (f) => f.mode === null, WAIT);
    t.sim.callerHangsUp(live.callId);
    expect(await ended).toEqual({ monitorId, callId: live.callId, reason: 'call-ended' });
    expect((await cleared).callId).toBe(live.callId);
    expect(audits('supervisor.monitor-started', a.id)).toHaveLength(1);
    expect(audits('supervisor.monitor-mode', a.id)).toHaveLength(2);
    expect(audits('supervisor.monitor-ended', a.id)).toMatchObject([{ actorUserId: supervisorId }]);
    expect(await command(supervisor, 'monitor:stop', { monitorId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await command(a.socket, 'interaction:wrap-up', {
      interactionId: live.interactionId,
      idempotencyKey: `fc-${live.callId}`,
      dispositionCode: 'resolved',
      notes: '',
    });
    a.socket.disconnect();
  });

  it('stopping ends the session at once while the call goes on', async () => {
    const a = await agent('agent4');
    await ready(a.socket);
    const live = await callAt(a.socket, true);
    const started = await command(supervisor, 'monitor:start', { agentId: a.id, mode: 'listen' });
    if (!started.ok) throw new Error(started.error.message);
    const ended = next(supervisor, 'monitor:ended', () => true, WAIT);
    expect(await command(supervisor, 'monitor:stop', { monitorId: started.data.monitorId })).toEqual({
      ok: true,
      data: null,
    });
    expect((await ended).reason).toBe('stopped');
    expect(t.ringside.callCenter.snapshot(a.id).state.status).toBe('on-call');
    expect((await command(a.socket, 'call:hangup', { callId: live.callId })).ok).toBe(true);
    a.socket.disconnect();
  });
});
