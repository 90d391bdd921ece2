/**
 * An outbound call survives the console: an agent's connection drops (or the console reloads) mid-call, and the
 * session snapshot a new connection gets (`session:sync`) brings back the campaign joined, the card in hand and the
 * call on it — ringing, connected, or ended with the disposition due — with real socket.io clients on the sim PBX.
 */
import { describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../cti-bridge/protocol/events';
import { createRunningCampaign, simAlways } from '../support/campaigns';
import { useTestRingside } from '../support/ringside-file';
import { command, next, type AgentSocket, type TestRingside } from '../support/test-ringside';

let t: TestRingside;
let admin: string;

useTestRingside((file) => ({ t, admin } = file));

/** A new console of the same session (a reconnect or a reload): what the bridge gives it back. */
async function reconnect(token: string, old: AgentSocket): Promise<[AgentSocket, SessionSnapshot]> {
  old.disconnect();
  const socket = await t.connect(token);
  const synced = await command(socket, 'session:sync', {});
  if (!synced.ok) throw new Error(JSON.stringify(synced));
  return [socket, synced.data];
}

describe('outbound work restored with the session', () => {
  it('a ringing call, a connected call and a call in wrap-up come back with the campaign and the card', async () => {
    const RINGS = '+12025550451';
    const ANSWERS = '+12025550452';
    const campaignId = await createRunningCampaign(t, admin, {
      name: 'Restore me',
      mode: 'progressive',
      leads: [`${RINGS},Rita,Ring Co,UTC`, `${ANSWERS},Ann,Acme Ltd,UTC`],
    });
    // nobody picks up (the ring limit is 15 s): the first call rings while the console comes back
    t.sim.setOutboundProfile(campaignId, {
      answerRate: 0,
      busyRate: 0,
      failRate: 0,
      machineShare: 0,
      setupMs: [50, 100],
      pickUpMs: [300, 500],
    });
    const token = await t.login('agent1');
    let socket = await t.connect(token);
    expect((await command(socket, 'campaign:join', { campaignId })).ok).toBe(true);
    const ringing = next(socket, 'outbound:progressed', (p) => p.progress === 'ringing');
    expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    const { callId: ringingId } = await ringing;

    let snapshot: SessionSnapshot;
    [socket, snapshot] = await reconnect(token, socket);
    expect(snapshot.outbound?.joined).toMatchObject({
      id: campaignId,
      name: 'Restore me',
      mode: 'progressive',
    });
    expect(snapshot.outbound?.card).toMatchObject({
      campaignId,
      lead: { e164: RINGS, fields: { first_name: 'Rita' } },
      call: { callId: ringingId, phase: 'ringing' },
    });
    expect(snapshot.state.status).toBe('ringing');

    // the agent gives up on it from the restored card; the next lead's customer answers
    simAlways(t, campaignId, 'answered');
    const answered = next(socket, 'call:answered');
    expect((await command(socket, 'outbound:hangup', { callId: ringingId })).ok).toBe(true);
    const { callId, interactionId } = await answered;

    [socket, snapshot] = await reconnect(token, socket);
    expect(snapshot.state).toMatchObject({ status: 'on-call', callId });
    expect(snapshot.outbound?.card).toMatchObject({
      lead: { e164: ANSWERS },
      script: expect.arrayContaining([{ field: 'first_name', value: 'Ann' }]),
      dispositionCodes: expect.arrayContaining(['sale-made']),
      call: { callId, interactionId, phase: 'connected' },
    });
    expect(snapshot.outbound?.card?.call?.answeredAt).toBeGreaterThan(0);

    // hung up: in wrap-up the card still shows the call, ended, whose disposition is due
    const ended = next(socket, 'call:ended');
    expect((await command(socket, 'outbound:hangup', { callId })).ok).toBe(true);
    await ended;
    [socket, snapshot] = await reconnect(token, socket);
    expect(snapshot.state).toMatchObject({ status: 'wrap-up', interactionId });
    expect(snapshot.outbound?.card).toMatchObject({
      lead: { e164: ANSWERS },
      call: { interactionId, phase: 'ended', outcome: 'answered' },
    });

    const wrapped = await command(socket, 'interaction:wrap-up', {
      interactionId,
      idempotencyKey: 'restore-me-1',
      dispositionCode: 'sale-made',
      notes: '',
    });
    expect(wrapped.ok, JSON.stringify(wrapped)).toBe(true);
    // dispositioned: still in the campaign, no card in hand (nothing left to call)
    [socket, snapshot] = await reconnect(token, socket);
    expect(snapshot.outbound).toMatchObject({ joined: { id: campaignId }, card: null });
    expect((await command(socket, 'campaign:leave', {})).ok).toBe(true);
    [socket, snapshot] = await reconnect(token, socket);
    expect(snapshot.outbound).toEqual({ joined: null, card: null });
    socket.disconnect();
  }, 60_000);
});
