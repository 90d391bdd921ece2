/**
 * Hold, resume and transfer on server-placed calls: the bridge's dialer is the far end of the agent's softphone
 * (a back-to-back user agent), so the softphone's re-INVITE reaches it and it answers through rtpengine alone. Real
 * Kamailio + rtpengine, SIPp as the carrier and a talking customer, auto-answering sip.js agents in Chromium.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultHoldMusic } from '../../cti-bridge/src/pbx/kamailio/hold-music';
import type { PbxEvents, TransferredCall } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { agentReceived, agentSsrcOf as ssrcOf, customerPortOf as portOf } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { startRtpCustomer, type ReceivedRtp, type RtpCustomer } from '../support/rtp-customer';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-talk.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-hold', domain: DOMAIN };
const AGENTS = ['agent-h1', 'agent-h2'];

let lab: ServerCallLab | undefined;
let customer: RtpCustomer | undefined;
const reported: string[] = [];
const busy = new Map<number, string>();
const transfers: TransferredCall[] = [];
const free = (callId: string) => {
  for (const [agentId, id] of busy) if (id === callId) busy.delete(agentId);
};

const events: PbxEvents = {
  inboundCall: () => undefined,
  // the hub's part of a transfer: ring the target at once
  transferredCall: (call) => {
    transfers.push(call);
    busy.set(call.agentId, call.callId);
    lab?.pbx?.ringAgent(call.callId, call.agentId, 15_000);
  },
  callerHungUp: (callId) => {
    reported.push(`${callId} caller-hung-up`);
    free(callId);
  },
  agentHungUp: (callId) => {
    reported.push(`${callId} agent-hung-up`);
    free(callId);
  },
  answered: (callId, agentId) => reported.push(`${callId} answered-by ${agentId}`),
  callInProgress: () => undefined,
  ringFailed: (callId, _agentId, reason) => reported.push(`${callId} ring-failed ${reason}`),
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => reported.push(`${callId} ${what}`),
  callHeld: (callId, held) => reported.push(`${callId} ${held ? 'held' : 'resumed'}`),
  agentForAnswered: (callId, _campaignId, tried) => {
    const agentId = [1, 2].find((id) => !busy.has(id) && !tried.includes(id));
    if (agentId === undefined) return null;
    busy.set(agentId, callId);
    return agentId;
  },
};

const place = (to: string): string => lab?.place(to) ?? '';
const whoHas = (callId: string) => lab?.whoHas(callId, true) ?? Promise.resolve(undefined);
const customerPortOf = (callId: string) =>
  lab ? portOf(lab.pbx, lab.ng, callId) : Promise.reject(new Error('no lab'));
const agentSsrcOf = (callId: string) => (lab ? ssrcOf(lab.pbx, lab.ng, callId) : Promise.resolve(undefined));

/** The SSRC most packets came with. */
function mainSsrc(packets: readonly ReceivedRtp[]): number {
  const counts = new Map<number, number>();
  for (const p of packets) counts.set(p.ssrc, (counts.get(p.ssrc) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;
}

logKamailioOnFailure(() => lab?.kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('reported', JSON.stringify(reported));
  lab?.report();
});

beforeAll(async () => {
  customer = await startRtpCustomer();
  lab = await startServerCallLab({
    name: 'ringside-server-hold-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    sippArgs: ['-set', 'mport', String(customer.port)],
    events,
    dialerOptions: (dataDir) => ({
      holdMusic: ensureDefaultHoldMusic(join(dataDir, 'messages', 'hold.wav')),
      connectWindowMs: 6000,
    }),
    calls: { callPrefix: 'hold-test', attemptBase: 2000 },
  });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  customer?.stop();
});

describe('hold and transfer on server-placed calls', () => {
  it('hold: the customer stops hearing the agent and hears the music; resume: both ways again', async () => {
    if (!customer) throw new Error('no customer');
    const callId = place('+15550100011');
    await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
    const page = await whoHas(callId);
    if (!page) throw new Error('no agent took the call');
    const port = await customerPortOf(callId);
    customer.talkTo(port);
    const heard = (after: number) =>
      (customer?.received ?? []).filter((p) => p.fromPort === port && p.at > after);

    // talking: the customer hears the agent's stream, the agent the customer
    await until(() => heard(0).length >= 25, 15_000, "the agent's audio at the customer");
    const agentSsrc = mainSsrc(heard(0));
    await expect.poll(() => agentReceived(page, callId), { timeout: 15_000 }).toBeGreaterThan(20);

    // hold (a re-INVITE with sendonly, answered by the bridge): no more of the agent, the music instead
    const askedHold = Date.now();
    expect(await page.evaluate((id) => window.agent.hold(id, true), callId)).toBe(true);
    const heldAt = Date.now();
    expect(reported).toContain(`${callId} held`);
    await until(
      () => heard(heldAt).filter((p) => p.ssrc !== agentSsrc).length >= 50,
      15_000,
      'the hold music at the customer',
    );
    // packets already on their way when the 200 OK left may still arrive for a few ms
    expect(heard(heldAt + 300).filter((p) => p.ssrc === agentSsrc)).toHaveLength(0);
    const musicSsrc = mainSsrc(heard(heldAt).filter((p) => p.ssrc !== agentSsrc));

    // resume: the agent again, both ways, and the music stops
    const before = await agentReceived(page, callId);
    const askedResume = Date.now();
    expect(await page.evaluate((id) => window.agent.hold(id, false), callId)).toBe(true);
    const resumedAt = Date.now();
    expect(reported).toContain(`${callId} resumed`);
    await until(
      () => heard(resumedAt).filter((p) => p.ssrc === agentSsrc).length >= 25,
      15_000,
      "the agent's audio at the customer again",
    );
    await expect.poll(() => agentReceived(page, callId), { timeout: 15_000 }).toBeGreaterThan(before + 20);
    expect(heard(resumedAt + 300).filter((p) => p.ssrc === musicSsrc)).toHaveLength(0);
    if (process.env['RINGSIDE_HOLD_TIMES']) {
      const first = (after: number, music: boolean) =>
        (heard(after).find((p) => (p.ssrc === agentSsrc) !== music)?.at ?? NaN) - after;
      console.info(
        'hold → music',
        first(askedHold, true),
        'ms; resume → agent',
        first(askedResume, false),
        'ms',
      );
    }

    await page.evaluate((id) => window.agent.hangUp(id), callId);
    await until(() => reported.includes(`${callId} agent-hung-up`), 10_000, 'the agent hung up');
  }, 60_000);

  it("blind transfer: the customer talks with the second agent, the first agent's leg ends", async () => {
    if (!customer) throw new Error('no customer');
    const callId = place('+15550100021');
    await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
    const first = await whoHas(callId);
    if (!first) throw new Error('no agent took the call');
    const second = (lab?.pages ?? []).find((page) => page !== first) as Page;
    const target = AGENTS[(lab?.pages ?? []).indexOf(second)] as string;
    const port = await customerPortOf(callId);
    customer.talkTo(port);
    const heard = (after: number) =>
      (customer?.received ?? []).filter((p) => p.fromPort === port && p.at > after);
    await until(() => heard(0).length >= 25, 15_000, "the first agent's audio at the customer");
    const firstSsrc = mainSsrc(heard(0));

    const asked = Date.now();
    expect(
      await first.evaluate((a) => window.agent.transfer(a.callId, a.to), {
        callId,
        to: `sip:${target}@${DOMAIN}`,
      }),
    ).toBe(true);
    await until(() => transfers.some((t) => t.fromCallId === callId), 10_000, 'the transfer told to the hub');
    const transfer = transfers.find((t) => t.fromCallId === callId) as TransferredCall;
    expect(transfer).toMatchObject({ agentId: (lab?.pages ?? []).indexOf(second) + 1, kind: 'blind' });
    // the first agent's call is over for the hub; the customer's goes on as the new leg
    expect(reported).toContain(`${callId} agent-hung-up`);
    await until(
      () => reported.includes(`${transfer.callId} answered-by ${transfer.agentId}`),
      15_000,
      'the second agent answered',
    );
    await expect
      .poll(
        async () =>
          (await first.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === callId)?.state,
        {
          timeout: 10_000,
        },
      )
      .toBe('Terminated');

    // the customer (same rtpengine port, no re-INVITE) hears the second agent, who hears the customer
    const answeredAt = Date.now();
    await until(
      () => heard(answeredAt).filter((p) => p.ssrc !== firstSsrc).length >= 25,
      15_000,
      "the second agent's audio at the customer",
    );
    const secondSsrc = mainSsrc(heard(answeredAt));
    // the stream the customer hears is the one rtpengine receives from the second agent's browser
    expect(secondSsrc).toBe(await agentSsrcOf(transfer.callId));
    await expect.poll(() => agentReceived(second, transfer.callId), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(heard(answeredAt + 300).filter((p) => p.ssrc === firstSsrc)).toHaveLength(0);
    if (process.env['RINGSIDE_HOLD_TIMES'])
      console.info('transfer asked → second agent answered', answeredAt - asked, 'ms');

    await second.evaluate((id) => window.agent.hangUp(id), transfer.callId);
    await until(
      () => reported.includes(`${transfer.callId} agent-hung-up`),
      10_000,
      'the second agent hung up',
    );
    expect(reported.filter((r) => r.startsWith(`${callId} `) && r.endsWith('hung-up'))).toEqual([
      `${callId} agent-hung-up`,
    ]);
    await until(() => !lab?.pbx?.serverCallMedia(transfer.callId), 10_000, 'both legs ended');
  }, 60_000);
});
