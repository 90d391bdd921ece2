import { SessionState, type Referral, type Session } from 'sip.js';
import { holdCustomer } from './server-call-hold';
import { OutsideLeg } from './server-call-outside';
import type { TransferRing } from './server-call-ring';
import { attemptHeader, type CallHost, type ServerCall } from './server-call';

/** How long an outside number may ring before the transfer is given up (and the customer with it). */
export const OUTSIDE_RING_MS = 30_000;

/** A header value without line breaks, at most 200 characters. */
const headerSafe = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 200);

/**
 * The agent's softphone transfers the customer (blind REFER) to an outside number. The compliance gate decides it
 * first, as the agent's own dial of that number (the one gate: DNC, audited); blocked → the REFER is refused 403
 * with the gate's `X-Reason: <code>: <text>` (the console shows it, translated) and the agent keeps the customer.
 * Allowed → accepted (202), the first agent's call is over for the hub (`agentHungUp`), the customer hears the hold
 * music while the bridge INVITEs the number (the edge gates that leg again); answered → they talk through
 * rtpengine, the hub no longer follows the call; not answered → the customer is hung up, as a failed blind
 * transfer's caller is.
 */
export function referredOutside(
  host: CallHost,
  call: ServerCall,
  leg: Session,
  referral: Referral,
  number: string,
): void {
  const { deps } = host;
  const events = deps.events();
  if (!events) return void referral.reject({ statusCode: 603 }).catch(() => undefined);
  const now = deps.now();
  const callId = `${call.request.callId}:transfer`;
  const decision = events.dialRequested({ callId, agentId: call.agentId, to: number, at: now });
  if (!decision.allowed) {
    deps.log.info('dialer: transfer to an outside number blocked', {
      callId: call.request.callId,
      code: decision.code,
    });
    void referral
      .reject({
        statusCode: 403,
        reasonPhrase: 'Forbidden',
        extraHeaders: [`X-Reason: ${headerSafe(`${decision.code}: ${decision.reason}`)}`],
      })
      .catch(() => undefined);
    return;
  }
  void referral.accept().catch(() => undefined);
  const outside = new OutsideLeg(deps.ua, deps.ng, call.ids, {
    number: decision.e164,
    callerId: call.request.callerId,
    customerSdp: call.offer ?? '',
    attemptHeader: attemptHeader(call.request),
  });
  const fromCallId = call.hubCallId;
  // the hub's call is over (its `hangup` must not reach this one): the call goes on under the new leg's id
  host.rekey(call, outside.sipCallId);
  host.trackSip(call, outside.sipCallId, { callId, agentId: call.agentId, to: decision.e164 });
  call.phase = 'outside';
  call.agentLeg = null;
  call.outside = { leg: outside, from: leg };
  if (!call.held) {
    call.held = true;
    const agentTag = leg.dialog?.localTag ?? '';
    void holdCustomer(deps.ng, call.ids, agentTag, deps.holdMusic?.() ?? null).catch(() => undefined);
  }
  deps.log.info('dialer: transfer to an outside number', { callId: call.request.callId });
  events.agentHungUp(fromCallId, now);
  void outside.ring(OUTSIDE_RING_MS).then((result) => outsideRang(host, call, result));
}

function outsideRang(host: CallHost, call: ServerCall, result: TransferRing): void {
  const outside = call.outside;
  if (!outside || call.released || call.phase !== 'outside') return;
  if (outside.from.state === SessionState.Established) void outside.from.bye().catch(() => undefined);
  if (result !== 'answered') {
    host.deps.log.info('dialer: outside number did not answer the transfer', {
      callId: call.request.callId,
      result,
    });
    call.released = true;
    host.end(call);
    return;
  }
  call.held = false;
  void outside.leg.connected();
  host.deps.log.info('dialer: transferred to an outside number', { callId: call.request.callId });
  outside.leg.leg.stateChange.addListener((state) => {
    if (state === SessionState.Terminated) {
      call.released = true;
      host.end(call);
    }
  });
}
