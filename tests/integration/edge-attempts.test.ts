/**
 * A PBX where the agent's softphone places campaign calls (Kamailio's way): the bridge asks the console to dial
 * (`outbound:dial-requested` with the attempt id for `X-Ringside-Attempt`) and the SIP edge asks the gate about
 * the INVITE. Here the edge's questions are put to the bridge's real PBX events directly, as the Kamailio adapter
 * does: a valid attempt ties the SIP call to it (the interaction keeps the SIP Call-ID), a forged, replayed,
 * malformed or colleague's attempt is refused (ATTEMPT_INVALID), and a number listed after the dialer chose it is
 * refused at the edge, ending the attempt blocked.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAttempts, users } from '../../db/schema';
import type { PbxCapabilities, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { createRunningCampaign } from '../support/campaigns';
import { command, next, startTestRingside, type TestRingside } from '../support/test-ringside';

/** The simulator, but calls are placed by the agent's phone and decided at the edge (no originate). */
class AgentPhonePbx extends SimPbx {
  edge: PbxEvents | null = null;
  override capabilities(): PbxCapabilities {
    return { ...super.capabilities(), originate: false, agentPhoneDials: true };
  }
  override async start(events: PbxEvents): Promise<void> {
    this.edge = events;
    await super.start(events);
  }
}

const pbx = new AgentPhonePbx();
let t: TestRingside;
let admin: string;

beforeAll(async () => {
  t = await startTestRingside({}, { pbx });
  admin = await t.login('admin');
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

const userId = (username: string) =>
  t.ringside.db.select().from(users).where(eq(users.username, username)).get()?.id ?? -1;
const attempt = (id: number) =>
  t.ringside.db.select().from(callAttempts).where(eq(callAttempts.id, id)).get();
const invite = (agentId: number, callId: string, to: string, attemptHeader?: string) => {
  if (!pbx.edge) throw new Error('the bridge did not start the PBX');
  return pbx.edge.dialRequested({
    callId,
    agentId,
    to,
    at: Date.now(),
    ...(attemptHeader === undefined ? {} : { attemptHeader }),
  });
};

describe('X-Ringside-Attempt at the SIP edge', () => {
  it('ties the INVITE to its attempt once, refuses forged ones, and refuses a number listed since', async () => {
    const A = '+12025550161';
    const B = '+12025550162';
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Edge attempts',
      mode: 'progressive',
      leads: [`${A},Ann,Acme,UTC`, `${B},Bob,Acme,UTC`],
    });
    const agent = userId('agent1');
    const colleague = userId('agent2');
    const socket = await t.connect(await t.login('agent1'));
    const firstDial = next(socket, 'outbound:dial-requested', () => true, 10_000);
    expect((await command(socket, 'campaign:join', { campaignId })).ok).toBe(true);
    expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    const dial = await firstDial;
    const attemptId = Number(dial.attemptHeader);
    expect(attempt(attemptId)).toMatchObject({ e164: dial.number, agentId: agent, campaignId });

    // Refused, and none of them uses the attempt up: an unknown id, a malformed one, a colleague claiming it,
    // the agent claiming it for another number.
    expect(invite(agent, 'sip-forged-1', dial.number, '999999')).toMatchObject({
      allowed: false,
      code: 'ATTEMPT_INVALID',
    });
    expect(invite(agent, 'sip-forged-2', dial.number, '12;abc')).toMatchObject({ code: 'ATTEMPT_INVALID' });
    expect(invite(colleague, 'sip-forged-3', dial.number, dial.attemptHeader ?? '')).toMatchObject({
      code: 'ATTEMPT_INVALID',
    });
    expect(invite(agent, 'sip-forged-4', '+12025550199', dial.attemptHeader ?? '')).toMatchObject({
      code: 'ATTEMPT_INVALID',
    });

    // The console's own INVITE: allowed with the campaign known, and the interaction keeps its SIP Call-ID.
    expect(invite(agent, 'sip-call-A', dial.number, dial.attemptHeader ?? '')).toMatchObject({
      allowed: true,
      attemptId,
    });
    expect(t.ringside.interactions.find(dial.interactionId)?.pbxCallId).toBe('sip-call-A');
    // A replay of the same header (a second INVITE riding on the attempt) is refused.
    expect(invite(agent, 'sip-replay', dial.number, dial.attemptHeader ?? '')).toMatchObject({
      code: 'ATTEMPT_INVALID',
    });
    const audit = t.ringside.db.$client
      .prepare(`SELECT reason FROM audit_log WHERE action = 'dial.check' AND reason LIKE '%ATTEMPT_INVALID%'`)
      .all();
    expect(audit).toHaveLength(5);

    // The SIP call's progress by its Call-ID is the attempt's: answered, hung up, dispositioned.
    const answered = next(socket, 'call:answered', () => true, 10_000);
    pbx.edge?.outboundProgress('sip-call-A', 'answered', Date.now());
    await answered;
    const ended = next(socket, 'call:ended', () => true, 10_000);
    pbx.edge?.agentHungUp('sip-call-A', Date.now());
    await ended;
    const secondDial = next(socket, 'outbound:dial-requested', () => true, 10_000);
    const wrapped = await command(socket, 'interaction:wrap-up', {
      interactionId: dial.interactionId,
      idempotencyKey: 'edge-attempts-a',
      dispositionCode: 'sale-made',
      notes: '',
    });
    expect(wrapped.ok, JSON.stringify(wrapped)).toBe(true);
    expect(attempt(attemptId)).toMatchObject({ outcome: 'answered' });
    expect(t.ringside.leads.get(attempt(attemptId)?.leadId ?? -1)).toMatchObject({ status: 'done' });

    // The next lead's number is put on the DNC list after the dialer chose it: the edge refuses the INVITE,
    // the attempt ends blocked with the code, the lead is closed and the agent is free again.
    const dialB = await secondDial;
    expect(dialB.number).toBe(B);
    const listed = await t.api('POST', '/api/dnc', admin, { number: B, reason: 'asked on another call' });
    expect(listed.status).toBe(201);
    const over = next(socket, 'outbound:ended', () => true, 10_000);
    expect(invite(agent, 'sip-call-B', B, dialB.attemptHeader ?? '')).toMatchObject({
      allowed: false,
      code: 'DNC_GLOBAL',
    });
    expect(await over).toMatchObject({ outcome: 'blocked', needsDisposition: false });
    const blocked = attempt(Number(dialB.attemptHeader));
    expect(blocked).toMatchObject({ outcome: 'blocked', blockCodes: ['DNC_GLOBAL'] });
    expect(t.ringside.leads.get(blocked?.leadId ?? -1)).toMatchObject({ status: 'blocked' });
    await command(socket, 'campaign:leave', {});
    socket.disconnect();
  });
});
