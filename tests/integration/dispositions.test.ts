/**
 * Dispositions are written once by the agent: the idempotency key belongs to one interaction, a recorded
 * disposition cannot be overwritten from the console (not even to do-not-call), and a supervisor corrects one
 * through an audited HTTP action.
 */
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, dispositions, dncEntries, interactions, users } from '../../db/schema';
import {
  command,
  next,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
} from '../support/test-ringside';

const SALES = '+18005550100';
let t: TestRingside;
let supervisor: string;
let agent: AgentSocket;
let agentToken: string;

beforeAll(async () => {
  t = await startTestRingside();
  supervisor = await t.login('supervisor');
  agentToken = await t.login('agent1');
  agent = await t.connect(agentToken);
});
afterAll(() => t.stop());
afterEach(() => {
  for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
});

/** A call agent1 answers and hangs up: ended, waiting for its disposition. */
async function endedCall(from: string): Promise<number> {
  expect((await command(agent, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  const offered = next(agent, 'call:offered');
  const placed = await t.api<{ callId: string; interactionId: number }>(
    'POST',
    '/api/sim/calls',
    supervisor,
    {
      from,
      to: SALES,
    },
  );
  const { callId, interactionId } = placed.body;
  await offered;
  expect((await command(agent, 'call:answer', { callId })).ok).toBe(true);
  expect((await command(agent, 'call:hangup', { callId })).ok).toBe(true);
  return interactionId;
}

const wrapUp = (interactionId: number, idempotencyKey: string, dispositionCode = 'resolved') =>
  command(agent, 'interaction:wrap-up', { interactionId, idempotencyKey, dispositionCode, notes: '' });

const row = (id: number) => t.ringside.db.select().from(interactions).where(eq(interactions.id, id)).get();
const codeOf = (id: number) =>
  t.ringside.db
    .select({ code: dispositions.code })
    .from(interactions)
    .innerJoin(dispositions, eq(dispositions.id, interactions.dispositionId))
    .where(eq(interactions.id, id))
    .get()?.code;
const onDnc = (e164: string) =>
  t.ringside.db.select().from(dncEntries).where(eq(dncEntries.e164, e164)).get() !== undefined;

describe('the wrap-up idempotency key', () => {
  it('belongs to its interaction: reused on another one it is CONFLICT (was INTERNAL), a resend replays', async () => {
    const first = await endedCall('+12125550161');
    expect((await wrapUp(first, 'key-shared-1')).ok).toBe(true);
    const second = await endedCall('+12125550162');
    const reused = await wrapUp(second, 'key-shared-1');
    expect(reused).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/^idempotencyKey: .*another interaction/) as string,
      },
    });
    expect(row(second)?.dispositionId).toBeNull();
    expect(await wrapUp(first, 'key-shared-1')).toMatchObject({ ok: true, data: { interactionId: first } });
    expect((await wrapUp(second, 'key-shared-2')).ok).toBe(true);
  });
});

describe('a recorded disposition', () => {
  it('cannot be overwritten by the agent, not even to do-not-call', async () => {
    const id = await endedCall('+12125550163');
    expect((await wrapUp(id, 'key-first-163')).ok).toBe(true);
    const again = await wrapUp(id, 'key-second-163', 'do-not-call');
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(codeOf(id)).toBe('resolved');
    expect(onDnc('+12125550163')).toBe(false);
  });

  it("cannot be overwritten on the agent's old calls recorded without a key (history)", async () => {
    const agentId = t.ringside.db.select().from(users).where(eq(users.username, 'agent1')).get()?.id ?? 0;
    const old = t.ringside.db
      .select()
      .from(interactions)
      .where(
        and(
          eq(interactions.agentId, agentId),
          isNotNull(interactions.dispositionId),
          isNotNull(interactions.endedAt),
          isNull(interactions.wrapUpKey),
          isNotNull(interactions.callerE164),
        ),
      )
      .orderBy(desc(interactions.id))
      .get();
    expect(old).toBeDefined();
    const before = codeOf(old?.id ?? 0);
    const overwrite = await wrapUp(old?.id ?? 0, 'key-overwrite-old', 'do-not-call');
    expect(overwrite).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('supervisor') as string },
    });
    expect(codeOf(old?.id ?? 0)).toBe(before);
    expect(row(old?.id ?? 0)?.wrapUpKey).toBeNull();
  });
});

describe('a supervisor correction', () => {
  const correct = (token: string, id: number, body: unknown) =>
    t.api<{ error?: { code: string } } & Record<string, unknown>>(
      'POST',
      `/api/interactions/${id}/disposition`,
      token,
      body,
    );

  it('is refused to agents and without a reason; applied and audited with who and why for a supervisor', async () => {
    const id = await endedCall('+12125550164');
    expect((await wrapUp(id, 'key-first-164')).ok).toBe(true);

    const byAgent = await correct(agentToken, id, { dispositionCode: 'do-not-call', reason: 'caller asked' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error?.code).toBe('FORBIDDEN');
    const noReason = await correct(supervisor, id, { dispositionCode: 'do-not-call' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.code).toBe('VALIDATION_FAILED');
    expect((await correct(supervisor, 999_999, { dispositionCode: 'resolved', reason: 'typo' })).status).toBe(
      404,
    );
    expect(codeOf(id)).toBe('resolved');

    const corrected = await correct(supervisor, id, {
      dispositionCode: 'do-not-call',
      reason: 'the caller asked not to be called again; agent picked the wrong code',
    });
    expect(corrected).toEqual({
      status: 200,
      body: { interactionId: id, from: 'resolved', to: 'do-not-call', followUpId: null, addedToDnc: true },
    });
    expect(codeOf(id)).toBe('do-not-call');
    expect(onDnc('+12125550164')).toBe(true);
    const supervisorId =
      t.ringside.db.select().from(users).where(eq(users.username, 'supervisor')).get()?.id ?? 0;
    const audit = t.ringside.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'disposition.correct'), eq(auditLog.subject, `interaction:${id}`)))
      .get();
    expect(audit).toMatchObject({
      actorUserId: supervisorId,
      decision: 'done',
      reason: 'the caller asked not to be called again; agent picked the wrong code',
      details: { from: 'resolved', to: 'do-not-call', notesReplaced: false },
    });
    // the agent's own resend of their first submission still replays; it does not undo the correction
    expect((await wrapUp(id, 'key-first-164')).ok).toBe(true);
    expect(codeOf(id)).toBe('do-not-call');
  });
});
