/**
 * An agent whose phone is on a call the bridge does not route — a call with a colleague (consult) or a manual
 * dial to a number — is offered no queue call until that call ends, then is offered the waiting caller at once.
 * Real Kamailio (dialog events, evapi), real bridge, sip.js phones in Node, a silent UDP "PSTN gateway".
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../../db/schema';
import { startTelephony, logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import { hangUp, type TestPhone } from '../support/kamailio-phone';
import { sipAgent, sipCaller, type SipAgent } from '../support/sip-agent';
import { command, next, type TestRingside } from '../support/test-ringside';
import { until } from '../support/until';

const COMPLAINTS = '+18005550102';
const DOMAIN = 'ringside.local';

let t: TestRingside;
let kam: RunningKamailio;
/** Takes INVITEs and never answers: a number that keeps ringing. */
let gateway: { socket: UdpSocket; invites: number };
const phones: TestPhone[] = [];

beforeAll(async () => {
  const socket = createSocket('udp4');
  gateway = { socket, invites: 0 };
  socket.on('message', (data) => {
    if (data.toString().startsWith('INVITE ')) gateway.invites += 1;
  });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.2', () => done()));
  ({ t, kam } = await startTelephony({ pstnGateway: `sip:127.0.0.2:${socket.address().port}` }));
}, 60_000);

logKamailioOnFailure(() => kam);

afterAll(async () => {
  for (const phone of phones) await phone.stop();
  await kam?.stop();
  await t?.stop();
  gateway?.socket.close();
});

const outcomeOf = (callId: string) =>
  t.ringside.db.select().from(interactions).where(eq(interactions.pbxCallId, callId)).get()?.outcome;

/** A caller for the complaints line waits while `agent` is busy, and reaches them once `endBusyCall` ran. */
async function expectCallerWaitsFor(agent: SipAgent, endBusyCall: () => Promise<void>, number: string) {
  const call = (await sipCaller(kam.wsUri, phones, number)).call(`sip:${COMPLAINTS}@${DOMAIN}`);
  await until(() => outcomeOf(call.callId) === 'queued', 5000, 'the call queued');
  await new Promise((done) => setTimeout(done, 500));
  expect(agent.offers.map((offer) => offer.callId)).not.toContain(call.callId);
  expect(outcomeOf(call.callId)).toBe('queued');

  const offered = next(agent.socket, 'call:offered', (offer) => offer.callId === call.callId, 10_000);
  const free = next(agent.socket, 'agent:state-changed', (state) => !state.phoneBusy, 10_000);
  await endBusyCall();
  expect((await free).status).toBe('ready');
  await offered;
  await call.established;
  const wrapUp = next(agent.socket, 'agent:state-changed', (state) => state.status === 'wrap-up');
  await hangUp(call.inviter);
  await wrapUp;
  expect((await command(agent.socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
}

describe('agents busy outside the queues', () => {
  it('offers no queue call during a call with a colleague or a manual dial', async () => {
    const agent = await sipAgent(t, phones, 'agent2');

    // agent1 (no complaints skill) calls agent2 directly, as for a consult
    const colleague = await sipAgent(t, phones, 'agent1', false);
    const busy = next(agent.socket, 'agent:state-changed', (state) => state.phoneBusy, 10_000);
    const internal = colleague.phone.call(`sip:agent2@${DOMAIN}`);
    await internal.established;
    // the versioned state shows it (status and its time unchanged): consoles and supervisors see why
    expect((await busy).status).toBe('ready');
    await expectCallerWaitsFor(agent, () => hangUp(internal.inviter), '2125550181');

    // agent2 dials a number the gate allows; it rings at the gateway until agent2 gives up
    const before = gateway.invites;
    const dialling = next(agent.socket, 'agent:state-changed', (state) => state.phoneBusy, 10_000);
    const dial = agent.phone.call(`sip:+12125550182@${DOMAIN}`);
    await dialling;
    await until(() => gateway.invites > before, 5000, 'the dial reached the gateway');
    await expectCallerWaitsFor(
      agent,
      async () => {
        await dial.inviter.cancel();
        expect((await dial.result).status).toBe(487);
      },
      '2125550183',
    );
  }, 60_000);
});
