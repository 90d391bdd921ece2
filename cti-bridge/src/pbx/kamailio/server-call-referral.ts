import { SessionState, type Referral, type Session } from 'sip.js';
import { holdCustomer } from './server-call-hold';
import { referredOutside } from './server-call-outside-transfer';
import { decideReferral, refusalHeader } from './referral-decision';
import { referredAttended, replacesOf } from './server-call-attended';
import type { TransferRing } from './server-call-ring';
import { TransferLeg } from './server-call-transfer';
import { attemptHeader, type CallHost, type ServerCall } from './server-call';

/**
 * The agent's softphone transfers the customer (REFER), as `decideReferral` decides: blind to another agent →
 * accepted (202), the first agent's call is over for the hub (`agentHungUp`), and the customer goes on as a
 * transferred leg the hub rings at the target (`transferredCall`, then `ringAgent`), hearing the hold music
 * meanwhile; to an outside number → server-call-outside-transfer.ts; the completion of a consult (Replaces) with
 * another agent → server-call-attended.ts. Anything else is refused with its reason (`X-Reason`), and the agent
 * keeps the call.
 */
export function referred(host: CallHost, call: ServerCall, leg: Session, referral: Referral): void {
  const { deps } = host;
  const events = deps.events();
  const targetUser = referral.referTo.uri.user ?? '';
  const replaces = referral.replaces === undefined ? null : replacesOf(referral);
  const decision = decideReferral({
    connected: call.phase === 'connected',
    fromAgentLeg: leg === call.agentLeg,
    hubThere: events !== null,
    attendedPending: call.attended !== null,
    targetUser,
    targetAgentId: deps.directory()?.agentIdOf(targetUser) ?? null,
    replaces: referral.replaces !== undefined,
  });
  if (decision.kind === 'outside') return referredOutside(host, call, leg, referral, decision.number);
  if (decision.kind === 'attended' && replaces !== null)
    return referredAttended(host, call, leg, referral, { ...decision, sipUser: targetUser, replaces });
  if (decision.kind !== 'blind' || !events) {
    const code = decision.kind === 'refuse' ? decision.code : 'TRANSFER_UNKNOWN_TARGET';
    deps.log.info('dialer: transfer refused', { callId: call.request.callId, code });
    const status = decision.kind === 'refuse' ? decision.status : 603;
    void referral.reject({ statusCode: status, extraHeaders: [refusalHeader(code)] }).catch(() => undefined);
    return;
  }
  const { agentId } = decision;
  void referral.accept().catch(() => undefined);
  const { ua, ng } = deps;
  const transfer = new TransferLeg(ua, ng, call.ids, {
    sipUser: targetUser,
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
  if (call.replacedBy === agentId && call.phase === 'connected') {
    // an attended transfer's target already talks with the customer: their "ring" is answered at once
    call.replacedBy = null;
    setImmediate(() => {
      if (call.phase === 'connected' && !call.released)
        host.deps.events()?.answered(call.hubCallId, agentId, host.deps.now());
    });
    return true;
  }
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
