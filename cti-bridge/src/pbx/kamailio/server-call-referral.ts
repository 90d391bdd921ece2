import { SessionState, type Referral, type Session } from 'sip.js';
import { holdCustomer } from './server-call-hold';
import { referredOutside } from './server-call-outside-transfer';
import { TransferLeg, type TransferRing } from './server-call-transfer';
import { attemptHeader, type CallHost, type ServerCall } from './server-call';

/** A Refer-To user that is a number (as kamailio.cfg's DIAL_RE): a transfer to an outside number. */
const OUTSIDE = /^\+?[0-9*#]{3,}$/;

/**
 * The agent's softphone transfers the customer (blind REFER) to another agent: accepted (202), the first agent's
 * call is over for the hub (`agentHungUp`), and the customer goes on as a transferred leg the hub rings at the
 * target (`transferredCall`, then `ringAgent`), hearing the hold music meanwhile. Anything else is refused (603).
 */
export function referred(host: CallHost, call: ServerCall, leg: Session, referral: Referral): void {
  const { deps } = host;
  const events = deps.events();
  const target = referral.referTo.uri.user ?? '';
  const agentId = deps.directory()?.agentIdOf(target) ?? null;
  if (
    call.phase === 'connected' &&
    leg === call.agentLeg &&
    agentId === null &&
    events &&
    OUTSIDE.test(target)
  )
    return referredOutside(host, call, leg, referral, target);
  if (call.phase !== 'connected' || leg !== call.agentLeg || agentId === null || !events) {
    deps.log.info('dialer: transfer refused', { callId: call.request.callId, known: agentId !== null });
    void referral.reject({ statusCode: 603 }).catch(() => undefined);
    return;
  }
  void referral.accept().catch(() => undefined);
  const { ua, ng } = deps;
  const transfer = new TransferLeg(ua, ng, call.ids, {
    sipUser: target,
    customer: call.request.to,
    customerSdp: call.offer ?? '',
    attemptHeader: attemptHeader(call.request),
  });
  const fromCallId = call.hubCallId;
  call.phase = 'transferring';
  call.agentLeg = null;
  call.transfer = { leg: transfer, from: leg };
  host.rekey(call, transfer.callId);
  if (!call.held) {
    call.held = true;
    const agentTag = leg.dialog?.localTag ?? '';
    void holdCustomer(ng, call.ids, agentTag, deps.holdMusic?.() ?? null).catch(() => undefined);
  }
  deps.log.info('dialer: blind transfer', { callId: call.request.callId, agentId });
  const now = deps.now();
  events.agentHungUp(fromCallId, now);
  events.transferredCall({ callId: transfer.callId, fromCallId, agentId, kind: 'blind', at: now });
}

/** The hub rings a transferred customer's target (`PbxAdapter.ringAgent`); false when it is no such leg. */
export function ringTransfer(host: CallHost, call: ServerCall, agentId: number, ringMs: number): boolean {
  const transfer = call.transfer;
  if (!transfer || call.phase !== 'transferring') return false;
  void transfer.leg.ring(ringMs).then((result) => transferRang(host, call, agentId, result));
  return true;
}

function transferRang(host: CallHost, call: ServerCall, agentId: number, result: TransferRing): void {
  const transfer = call.transfer;
  if (!transfer || call.released || call.phase !== 'transferring') return;
  call.transfer = null;
  if (transfer.from.state === SessionState.Established) void transfer.from.bye().catch(() => undefined);
  const { deps } = host;
  const events = deps.events();
  const now = deps.now();
  if (result !== 'answered') {
    // as for an inbound caller whose transfer failed: the leg is over, and the customer with it
    deps.log.info('dialer: transfer not taken', { callId: call.request.callId, result });
    events?.ringFailed(call.hubCallId, agentId, result === 'timeout' ? 'no-answer' : 'rejected', now);
    call.released = true;
    host.end(call);
    return;
  }
  call.held = false;
  call.agentSdp = transfer.leg.agentSdp;
  call.agentId = agentId;
  void transfer.leg.connected();
  host.agentConnected(call, transfer.leg.leg);
  events?.answered(call.hubCallId, agentId, now);
}
