/**
 * Attended transfer of server-placed calls: the agent holds the customer, consults a second agent (their own call
 * through Kamailio), then completes with REFER + Replaces; the bridge INVITEs the second agent with that Replaces,
 * their phone swaps the consult for the customer (media through rtpengine), the first agent's leg ends and the hub
 * is told. If the second agent's leg fails, the REFER is refused and the customer stays with the first agent. Real
 * Kamailio + rtpengine, SIPp as the carrier and a talking customer, auto-answering sip.js agents in Chromium.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultHoldMusic } from '../../cti-bridge/src/pbx/kamailio/hold-music';
import type { PbxEvents, TransferredCall } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import {
  agentReceived,
  agentSsrcOf as ssrcOf,
  customerPortOf as portOf,
  rtpengineCounts,
} from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { startRtpCustomer, type ReceivedRtp, type RtpCustomer } from '../support/rtp-customer';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-talk.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-attended', domain: DOMAIN };
const AGENTS = ['agent-a1', 'agent-a2'];

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
    name: 'ringside-server-attended-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    sippArgs: ['-set', 'mport', String(customer.port)],
    events,
    dialerOptions: (dataDir) => ({
      holdMusic: ensureDefaultHoldMusic(join(dataDir, 'messages', 'hold.wav')),
      connectWindowMs: 6000,
    }),
    calls: { callPrefix: 'attended-test', attemptBase: 3000 },
  });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  customer?.stop();
});

const ng = () => {
  if (!lab) throw new Error('no lab');
  return lab.ng;
};

const stateOf = async (page: Page, id: string) =>
  (await page.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === id)?.state;

/** A placed customer connected to an agent and talking; the other agent; what the customer hears. */
async function connectedCustomer(to: string) {
  if (!customer) throw new Error('no customer');
  const callId = place(to);
  await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
  const first = await whoHas(callId);
  if (!first) throw new Error('no agent took the call');
  const second = lab?.pages.find((page) => page !== first) as Page;
  const port = await customerPortOf(callId);
  customer.talkTo(port);
  const heard = (after: number) =>
    (customer?.received ?? []).filter((p) => p.fromPort === port && p.at > after);
  await until(() => heard(0).length >= 25, 15_000, "the first agent's audio at the customer");
  const firstSsrc = mainSsrc(heard(0));
  // "Consult first": the customer on hold, then a call to the second agent (who answers it)
  expect(await first.evaluate((id) => window.agent.hold(id, true), callId)).toBe(true);
  const secondUser = AGENTS[lab?.pages.indexOf(second) ?? -1] as string;
  const aor = `sip:${secondUser}@${DOMAIN}`;
  const consultId = await first.evaluate((target) => window.agent.consult(target), aor);
  if (!consultId) throw new Error('the consult was not answered');
  await expect.poll(() => stateOf(second, consultId), { timeout: 10_000 }).toBe('Established');
  return { callId, first, second, aor, consultId, heard, firstSsrc };
}

describe('attended transfer of server-placed calls', () => {
  it('consult, then complete: the customer talks with the second agent, the first agent wraps up', async () => {
    const { callId, first, second, aor, consultId, heard, firstSsrc } =
      await connectedCustomer('+15550100031');
    const result = await first.evaluate((a) => window.agent.completeConsult(a.callId, a.consultId, a.aor), {
      callId,
      consultId,
      aor,
    });
    expect(result).toEqual({ status: 0, reason: undefined });
    const transfer = transfers.find((t) => t.fromCallId === callId) as TransferredCall;
    expect(transfer).toMatchObject({ agentId: (lab?.pages.indexOf(second) ?? -2) + 1, kind: 'attended' });
    // the hub: the first agent's call is over (wrap-up), the new leg is the second agent's, answered
    expect(reported).toContain(`${callId} agent-hung-up`);
    await until(
      () => reported.includes(`${transfer.callId} answered-by ${transfer.agentId}`),
      10_000,
      'the second agent answered',
    );
    // the first agent's leg and the consult are over; the second agent's phone swapped the consult for the customer
    await expect.poll(() => stateOf(first, callId), { timeout: 10_000 }).toBe('Terminated');
    await expect.poll(() => stateOf(second, consultId), { timeout: 10_000 }).toBe('Terminated');
    await expect.poll(() => stateOf(first, consultId), { timeout: 10_000 }).toBe('Terminated');
    expect(await stateOf(second, transfer.callId)).toBe('Established');

    // audio both ways between the customer and the second agent (no more music, nothing of the first agent)
    const answeredAt = Date.now();
    await until(
      async () => {
        const ssrc = await agentSsrcOf(transfer.callId);
        return heard(answeredAt).filter((p) => p.ssrc === ssrc).length >= 25;
      },
      15_000,
      "the second agent's audio at the customer",
    );
    const before = await agentReceived(second, transfer.callId);
    await expect
      .poll(() => agentReceived(second, transfer.callId), { timeout: 15_000 })
      .toBeGreaterThan(before + 20);
    const secondSsrc = await agentSsrcOf(transfer.callId);
    const settled = Date.now() + 300;
    await until(() => heard(settled).length >= 25, 15_000, 'more audio at the customer');
    expect(heard(settled).every((p) => p.ssrc === secondSsrc && p.ssrc !== firstSsrc)).toBe(true);
    // rtpengine: one call for the customer, their side and the second agent's both carrying packets
    const counts = await rtpengineCounts(lab?.pbx, ng(), transfer.callId);
    expect(counts.customer).toBeGreaterThan(0);
    expect(counts.agent).toBeGreaterThan(0);
    expect(lab?.pbx?.serverCallMedia(transfer.callId)?.agentTag).toBeTruthy();

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

  it('the consulted agent hung up first: the REFER is refused and the customer stays with the first agent', async () => {
    const { callId, first, second, aor, consultId, heard, firstSsrc } =
      await connectedCustomer('+15550100032');
    await second.evaluate((id) => window.agent.hangUp(id), consultId);
    await expect.poll(() => stateOf(first, consultId), { timeout: 10_000 }).toBe('Terminated');
    const result = await first.evaluate((a) => window.agent.completeConsult(a.callId, a.consultId, a.aor), {
      callId,
      consultId,
      aor,
    });
    expect(result.status).toBe(480);
    expect(result.reason).toMatch(/^TRANSFER_TARGET_GONE: /);
    // nothing changed for the hub; the first agent still has the customer, on hold
    expect(transfers.some((t) => t.fromCallId === callId)).toBe(false);
    expect(reported.filter((r) => r.startsWith(`${callId} `) && r.endsWith('hung-up'))).toEqual([]);
    expect(await stateOf(first, callId)).toBe('Established');
    expect(lab?.pbx?.serverCallMedia(callId)?.agentTag).toBeTruthy();

    // a consult with an outside number cannot be completed: refused with its reason, the agent keeps the call
    const outside = await first.evaluate((a) => window.agent.completeConsult(a.callId, a.consultId, a.aor), {
      callId,
      consultId,
      aor: `sip:+15550100777@${DOMAIN}`,
    });
    expect(outside.status).toBe(403);
    expect(outside.reason).toMatch(/^TRANSFER_OUTSIDE_CONSULT: /);
    expect(await stateOf(first, callId)).toBe('Established');

    // resume: the first agent and the customer hear each other again
    const before = await agentReceived(first, callId);
    expect(await first.evaluate((id) => window.agent.hold(id, false), callId)).toBe(true);
    const resumedAt = Date.now();
    await until(
      () => heard(resumedAt).filter((p) => p.ssrc === firstSsrc).length >= 25,
      15_000,
      "the first agent's audio at the customer again",
    );
    await expect.poll(() => agentReceived(first, callId), { timeout: 15_000 }).toBeGreaterThan(before + 20);
    expect((await rtpengineCounts(lab?.pbx, ng(), callId)).agent).toBeGreaterThan(0);

    await first.evaluate((id) => window.agent.hangUp(id), callId);
    await until(() => reported.includes(`${callId} agent-hung-up`), 10_000, 'the first agent hung up');
    await until(() => !lab?.pbx?.serverCallMedia(callId), 10_000, 'the call ended');
  }, 60_000);
});
