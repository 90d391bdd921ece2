/**
 * A server-placed customer transferred by the agent's softphone to an outside number, after the number answered:
 * the customer hangs up first, or the outside party does. Either way the other side gets a BYE, rtpengine keeps no
 * session of the call, and the hub heard of it once (the agent's hang-up at the transfer) and nothing later. Real
 * Kamailio + rtpengine, SIPp as the carrier (uas-carrier-hangup.xml: the customer and the outside party are its
 * calls, whose hang-ups are keyed on the dialled number), a sip.js agent in Chromium.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { startServerCallLab, type ServerCallLab } from '../support/carrier-lab';
import { carrierMessages } from '../support/carrier-probes';
import { logKamailioOnFailure } from '../support/kamailio';
import { startRtpCustomer, type RtpCustomer } from '../support/rtp-customer';
import { until } from '../support/until';

const DOMAIN = 'ringside.local';
const SCENARIO = resolve(import.meta.dirname, '../fixtures/sipp/uas-carrier-hangup.xml');
const DIALER = { username: 'ringside-dialer', password: 'dialer-secret-for-hangup', domain: DOMAIN };

let lab: ServerCallLab | undefined;
let customer: RtpCustomer | undefined;
const reported: string[] = [];
const busy = new Set<number>();

const events: PbxEvents = {
  inboundCall: () => undefined,
  transferredCall: () => undefined,
  callerHungUp: (callId) => reported.push(`${callId} caller-hung-up`),
  agentHungUp: (callId) => {
    reported.push(`${callId} agent-hung-up`);
    busy.delete(1);
  },
  answered: (callId, agentId) => reported.push(`${callId} answered-by ${agentId}`),
  callInProgress: () => undefined,
  ringFailed: (callId, _agentId, reason) => reported.push(`${callId} ring-failed ${reason}`),
  phoneBusy: () => undefined,
  phoneFree: () => undefined,
  dialRequested: (request) => ({ allowed: true, e164: request.to }),
  outboundProgress: (callId, what) => reported.push(`${callId} ${what}`),
  callHeld: (callId, held) => reported.push(`${callId} ${held ? 'held' : 'resumed'}`),
  agentForAnswered: (_callId, _campaignId, tried) => {
    if (busy.has(1) || tried.includes(1)) return null;
    busy.add(1);
    return 1;
  },
};

/** One SIP message of SIPp's trace (-trace_msg), as the carrier sent or received it. */
function carrierTrace(): { received: boolean; firstLine: string; callId: string; cseq: string }[] {
  if (!lab) return [];
  return carrierMessages(lab.dataDir).flatMap((block) => {
    const match = /(received|sent) \[\d+\] bytes :\s*\n+([\s\S]*)$/.exec(block);
    if (!match?.[2]) return [];
    const [head = ''] = match[2].replace(/\r/g, '').split('\n\n');
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
    const firstLine = head.split('\n')[0] ?? '';
    return [
      { received: match[1] === 'received', firstLine, callId: header('Call-ID'), cseq: header('CSeq') },
    ];
  });
}

/** The carrier's SIP Call-ID of the INVITE to a number. */
const invitedCallId = (number: string) =>
  carrierTrace().find((m) => m.received && m.firstLine.startsWith(`INVITE sip:${number}@`))?.callId;

/** Whether a SIP call of the carrier got a BYE from the bridge. */
const byeReceived = (sipCallId: string) =>
  carrierTrace().some((m) => m.received && m.callId === sipCallId && m.firstLine.startsWith('BYE '));
/** The bridge's 200 to the carrier's own BYE. */
const byeAnswered = (sipCallId: string) =>
  carrierTrace().some(
    (m) =>
      m.received && m.callId === sipCallId && m.cseq === '1 BYE' && m.firstLine.startsWith('SIP/2.0 200'),
  );

/** Whether rtpengine still has a session under a SIP Call-ID. */
const rtpengineHas = (sipCallId: string) =>
  lab
    ? lab.ng.command({ command: 'query', 'call-id': sipCallId }).then(
        () => true,
        () => false,
      )
    : Promise.resolve(false);

/** What the hub was told from `from` on, leaving out other tests' calls. */
const toldSince = (from: number, callId: string) =>
  reported.slice(from).filter((r) => !/^carrier-hangup-\d+ /.test(r) || r.startsWith(`${callId} `));

/**
 * Places a call to `to`, lets the agent answer it and transfer it to `outside`; resolves once the number answered,
 * with the SIP Call-IDs of the customer's leg (rtpengine's session) and of the outside leg.
 */
async function transferredOutside(to: string, outside: string) {
  const from = reported.length;
  const callId = lab?.place(to) ?? '';
  let page: Page | undefined;
  await until(
    async () => Boolean((page = await lab?.whoHas(callId, true))),
    20_000,
    "the agent's call established",
  );
  // the bridge's side of the agent leg is up too (its ACK may lag the phone's 200 under load): a REFER before that
  // finds no connected call
  await until(() => reported.includes(`${callId} answered`), 20_000, 'the bridge connected the customer');
  const customerSip = lab?.pbx?.serverCallMedia(callId)?.callId ?? '';
  expect(customerSip).not.toBe('');
  expect(await rtpengineHas(customerSip)).toBe(true);
  expect(
    await (page as Page).evaluate((a) => window.agent.transfer(a.callId, a.to), {
      callId,
      to: `sip:${outside}@${DOMAIN}`,
    }),
  ).toBe(true);
  await until(
    () =>
      (lab?.logLines ?? []).some(
        (l) => l.message === 'dialer: transferred to an outside number' && l.fields['callId'] === callId,
      ),
    20_000,
    'the outside number answered',
  );
  const outsideSip = invitedCallId(outside) ?? '';
  expect(outsideSip).not.toBe('');
  expect(customerSip).not.toBe(outsideSip);
  return { from, callId, customerSip, outsideSip, page: page as Page };
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
    name: 'ringside-server-outside-hangup-',
    scenario: SCENARIO,
    dialer: DIALER,
    agents: ['agent-h1'],
    sippArgs: ['-set', 'mport', String(customer.port)],
    events,
    dialerOptions: () => ({ connectWindowMs: 6000 }),
    calls: { callPrefix: 'carrier-hangup', attemptBase: 4000 },
  });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  customer?.stop();
});

describe('a server-placed customer transferred to an outside number, after the answer', () => {
  it('the customer hangs up: the outside party gets a BYE, no rtpengine session is left, the hub heard the transfer once', async () => {
    // the customer's number ends in 3: SIPp hangs it up once the outside number (ending in 4) answered
    const call = await transferredOutside('+15550100013', '+15550100014');
    await until(() => byeAnswered(call.customerSip), 15_000, "the customer's BYE answered 200");
    await until(() => byeReceived(call.outsideSip), 15_000, 'the outside party got a BYE');
    await expect.poll(() => rtpengineHas(call.customerSip), { timeout: 15_000 }).toBe(false);
    expect(lab?.pbx?.serverCallMedia(call.callId)).toBeNull();
    // the bridge sent the customer nothing: the customer's leg ended with its own BYE
    expect(byeReceived(call.customerSip)).toBe(false);
    expect(toldSince(call.from, call.callId).sort()).toEqual(
      [`${call.callId} ringing`, `${call.callId} answered`, `${call.callId} agent-hung-up`].sort(),
    );
    expect(lab?.pbx?.dialerConnected()).toBe(true);
  }, 60_000);

  it('the outside party hangs up: the customer gets a BYE, no rtpengine session is left, the hub heard the transfer once', async () => {
    const earlier = [...reported];
    // the outside number ends in 5: SIPp hangs it up 2 s after its answer
    const call = await transferredOutside('+15550100021', '+15550100025');
    await until(() => byeAnswered(call.outsideSip), 15_000, "the outside party's BYE answered 200");
    await until(() => byeReceived(call.customerSip), 15_000, 'the customer got a BYE');
    await expect.poll(() => rtpengineHas(call.customerSip), { timeout: 15_000 }).toBe(false);
    expect(lab?.pbx?.serverCallMedia(call.callId)).toBeNull();
    expect(byeReceived(call.outsideSip)).toBe(false);
    expect(toldSince(call.from, call.callId).sort()).toEqual(
      [`${call.callId} ringing`, `${call.callId} answered`, `${call.callId} agent-hung-up`].sort(),
    );
    // nothing late about the first call arrived while this one ran
    expect(reported.slice(0, earlier.length)).toEqual(earlier);
    expect(reported.filter((r) => !r.startsWith(`${call.callId} `)).length).toBe(earlier.length);
    const state = (await call.page.evaluate(() => window.agent.calls())).find(
      (c) => c.ringsideCall === call.callId,
    )?.state;
    expect(state === undefined || state === 'Terminated').toBe(true);
  }, 60_000);
});
