/**
 * Attended transfer of server-placed calls: the agent holds the customer, consults a second agent (their own call
 * through Kamailio), then completes with REFER + Replaces; the bridge INVITEs the second agent with that Replaces,
 * their phone swaps the consult for the customer (media through rtpengine), the first agent's leg ends and the hub
 * is told. If the second agent's leg fails, the REFER is refused and the customer stays with the first agent. Real
 * Kamailio + rtpengine, SIPp as the carrier and a talking customer, auto-answering sip.js agents in Chromium.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../cti-bridge/src/logger';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { ensureDefaultHoldMusic } from '../../cti-bridge/src/pbx/kamailio/hold-music';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import type { OriginateRequest, PbxEvents, TransferredCall } from '../../cti-bridge/src/pbx/pbx-adapter';
import { openAgentPage, serveAgentPage } from '../support/agent-page';
import { launchChromium } from '../support/browser';
import { startCarrierLab } from '../support/carrier-lab';
import { logKamailioOnFailure, type RunningKamailio } from '../support/kamailio';
import { startRtpCustomer, type ReceivedRtp, type RtpCustomer } from '../support/rtp-customer';
import type { SippRun } from '../support/sipp';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-talk.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-attended', domain: DOMAIN };
const AGENTS = ['agent-a1', 'agent-a2'];

let dataDir = '';
let customer: RtpCustomer | undefined;
let kam: RunningKamailio | undefined;
let sipp: SippRun | undefined;
let pbx: KamailioPbx | undefined;
let browser: Browser | undefined;
let pageServer: Server | undefined;
let ng: RtpengineNg | undefined;
const agents: Page[] = [];
const logLines: { message: string; fields: Record<string, unknown> }[] = [];
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
    pbx?.ringAgent(call.callId, call.agentId, 15_000);
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

const capture: Logger = {
  debug: () => undefined,
  info: (message, fields = {}) => logLines.push({ message, fields }),
  warn: (message, fields = {}) => logLines.push({ message, fields }),
  error: (message, fields = {}) => logLines.push({ message, fields }),
};

let seq = 0;
function place(to: string): string {
  seq++;
  const request: OriginateRequest = {
    callId: `attended-test-${seq}`,
    campaignId: 7,
    leadId: 100 + seq,
    attemptId: 2000 + seq,
    to,
    callerId: '+15550100999',
    ringTimeoutMs: 15_000,
    agentId: null,
  };
  expect(pbx?.originate(request)).toBe(true);
  return request.callId;
}

async function whoHas(callId: string): Promise<Page | undefined> {
  for (const page of agents) {
    const calls = await page.evaluate(() => window.agent.calls());
    if (calls.some((c) => c.ringsideCall === callId && c.state === 'Established')) return page;
  }
  return undefined;
}

type QueryTags = Record<
  string,
  { medias?: { streams?: { 'local port'?: number; flags?: string[]; stats?: { packets?: number } }[] }[] }
>;

/** rtpengine's port facing the customer of a call (where the customer's RTP goes). */
async function customerPortOf(callId: string): Promise<number> {
  const media = pbx?.serverCallMedia(callId);
  if (!media || !ng) throw new Error(`no media for ${callId}`);
  const reply = await ng.command({ command: 'query', 'call-id': media.callId });
  const tags = (reply['tags'] ?? {}) as QueryTags;
  const stream = tags[media.customerTag]?.medias?.[0]?.streams?.find((s) => s.flags?.includes('RTP'));
  if (!stream?.['local port']) throw new Error('no customer stream');
  return stream['local port'];
}

/** The SSRC rtpengine receives from the connected agent's browser. */
async function agentSsrcOf(callId: string): Promise<number | undefined> {
  const media = pbx?.serverCallMedia(callId);
  if (!media?.agentTag || !ng) return undefined;
  const reply = await ng.command({ command: 'query', 'call-id': media.callId });
  const tags = (reply['tags'] ?? {}) as Record<string, { medias?: { streams?: { SSRC?: number }[] }[] }>;
  return tags[media.agentTag]?.medias?.[0]?.streams?.find((s) => s.SSRC !== undefined)?.SSRC;
}

const agentReceived = async (page: Page, callId: string) =>
  (await page.evaluate((id) => window.agent.packets(id), callId)).received;

/** The SSRC most packets came with. */
function mainSsrc(packets: readonly ReceivedRtp[]): number {
  const counts = new Map<number, number>();
  for (const p of packets) counts.set(p.ssrc, (counts.get(p.ssrc) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1;
}

logKamailioOnFailure(() => kam);
afterEach((context) => {
  if (context.task.result?.state !== 'fail') return;
  console.error('reported', JSON.stringify(reported));
  console.error('bridge log', JSON.stringify(logLines.slice(-30)));
  console.error('sipp errors', sipp?.errors());
});

beforeAll(async () => {
  customer = await startRtpCustomer();
  const lab = await startCarrierLab({
    name: 'ringside-server-attended-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: AGENTS,
    sippArgs: ['-set', 'mport', String(customer.port)],
  });
  ({ dataDir, kam, sipp } = lab);
  ng = new RtpengineNg(lab.ngAddress);
  const messageFile = ensureDefaultAbandonMessage(join(dataDir, 'messages', 'abandon.wav'));
  const holdMusic = ensureDefaultHoldMusic(join(dataDir, 'messages', 'hold.wav'));
  pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: lab.kam.evapiPort },
    log: capture,
    dialer: {
      ...DIALER,
      wsUri: lab.kam.wsUri,
      rtpengineNg: lab.ngAddress,
      messageFile: () => messageFile,
      holdMusic,
      connectWindowMs: 6000,
    },
  });
  await pbx.start(events, {
    agentIdOf: (user) => AGENTS.indexOf(user) + 1 || null,
    sipUsernameOf: (agentId) => AGENTS[agentId - 1] ?? null,
  });
  await until(() => Boolean(pbx?.isConnected() && pbx.dialerConnected()), 15_000, 'the dialer connected');
  browser = await launchChromium();
  const served = await serveAgentPage();
  pageServer = served.server;
  for (const user of AGENTS) {
    const sip = { wsUri: lab.kam.wsUri, aor: `sip:${user}@${DOMAIN}`, user, password: 'pw' };
    agents.push(await openAgentPage(browser, served.url, sip));
  }
}, 90_000);

afterAll(async () => {
  await pbx?.stop();
  ng?.close();
  await browser?.close();
  pageServer?.close();
  sipp?.kill();
  await kam?.stop();
  customer?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** rtpengine's tags of the call's media with the packets each received. */
async function rtpengineTags(callId: string): Promise<Record<string, number>> {
  const media = pbx?.serverCallMedia(callId);
  if (!media || !ng) return {};
  const reply = await ng.command({ command: 'query', 'call-id': media.callId });
  const tags = (reply['tags'] ?? {}) as QueryTags;
  return Object.fromEntries(
    Object.entries(tags).map(([tag, t]) => [
      tag,
      (t.medias ?? []).flatMap((m) => m.streams ?? []).reduce((n, s) => n + (s.stats?.packets ?? 0), 0),
    ]),
  );
}

const stateOf = async (page: Page, id: string) =>
  (await page.evaluate(() => window.agent.calls())).find((c) => c.ringsideCall === id)?.state;

/** A placed customer connected to an agent and talking; the other agent; what the customer hears. */
async function connectedCustomer(to: string) {
  if (!customer) throw new Error('no customer');
  const callId = place(to);
  await until(() => reported.includes(`${callId} answered`), 20_000, 'the customer connected');
  const first = await whoHas(callId);
  if (!first) throw new Error('no agent took the call');
  const second = agents.find((page) => page !== first) as Page;
  const port = await customerPortOf(callId);
  customer.talkTo(port);
  const heard = (after: number) =>
    (customer?.received ?? []).filter((p) => p.fromPort === port && p.at > after);
  await until(() => heard(0).length >= 25, 15_000, "the first agent's audio at the customer");
  const firstSsrc = mainSsrc(heard(0));
  // "Consult first": the customer on hold, then a call to the second agent (who answers it)
  expect(await first.evaluate((id) => window.agent.hold(id, true), callId)).toBe(true);
  const secondUser = AGENTS[agents.indexOf(second)] as string;
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
    expect(transfer).toMatchObject({ agentId: agents.indexOf(second) + 1, kind: 'attended' });
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
    const media = pbx?.serverCallMedia(transfer.callId);
    if (!media?.agentTag) throw new Error('no media for the transferred leg');
    const tags = await rtpengineTags(transfer.callId);
    expect(tags[media.customerTag]).toBeGreaterThan(0);
    expect(tags[media.agentTag]).toBeGreaterThan(0);

    await second.evaluate((id) => window.agent.hangUp(id), transfer.callId);
    await until(
      () => reported.includes(`${transfer.callId} agent-hung-up`),
      10_000,
      'the second agent hung up',
    );
    expect(reported.filter((r) => r.startsWith(`${callId} `) && r.endsWith('hung-up'))).toEqual([
      `${callId} agent-hung-up`,
    ]);
    await until(() => !pbx?.serverCallMedia(transfer.callId), 10_000, 'both legs ended');
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
    expect(pbx?.serverCallMedia(callId)?.agentTag).toBeTruthy();

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
    const tags = await rtpengineTags(callId);
    const media = pbx?.serverCallMedia(callId);
    expect(media?.agentTag && tags[media.agentTag]).toBeGreaterThan(0);

    await first.evaluate((id) => window.agent.hangUp(id), callId);
    await until(() => reported.includes(`${callId} agent-hung-up`), 10_000, 'the first agent hung up');
    await until(() => !pbx?.serverCallMedia(callId), 10_000, 'the call ended');
  }, 60_000);
});
