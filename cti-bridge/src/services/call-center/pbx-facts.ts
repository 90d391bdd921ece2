import { takesTransfers } from '../../domain/agent-state-machine';
import type { CallInProgress, InboundCall, RingFailure, TransferredCall } from '../../pbx/pbx-adapter';
import { queueInboundCall, type LiveCall } from '../live-call';
import { isTransferLeg } from '../offers';
import { admitted, callbackChosen as keepAsCallback, ivrCallbackRequested } from '../queueing/queue-flow';
import { transferLeg } from '../transfer-leg';
import { closeUnfollowedCall, resumedCall } from '../unfollowed-calls';
import { dispatch, endCall, offer, resume, type Acd } from './acd';

/** How long an untracked transfer (of a call the bridge never saw) may ring its target. */
const UNTRACKED_TRANSFER_RING_MS = 30_000;

/** A call for a service number: queued by business type (or refused, or turned into a callback), then offered. */
export function inboundCall(acd: Acd, call: InboundCall): void {
  const { deps, calls } = acd;
  if (calls.has(call.callId)) return;
  const queued = queueInboundCall(deps, call);
  if (!queued) {
    deps.log.warn('inbound call to an unknown service number refused', { to: call.to });
    deps.pbx.hangup(call.callId);
    return;
  }
  if (!admitted(deps, queued)) return;
  if (queued.callbackTo !== undefined && ivrCallbackRequested(deps, queued)) {
    dispatch(acd);
    return;
  }
  calls.set(call.callId, queued);
  deps.log.info('call queued', {
    callId: call.callId,
    queue: queued.queue.code,
    match: queued.offer.lookup.match,
  });
  dispatch(acd);
}

/** A colleague transferred a caller to this agent: a new leg, popped and rung like an offer. */
export function transferredCall(acd: Acd, transfer: TransferredCall): void {
  const { deps, calls } = acd;
  const { callId, agentId } = transfer;
  if (calls.has(callId)) return;
  const from = deps.interactions.legOfPbxCall(transfer.fromCallId);
  if (!from) {
    deps.log.warn('transfer of a call the bridge did not record: connected untracked', { callId });
    deps.pbx.ringAgent(callId, agentId, UNTRACKED_TRANSFER_RING_MS);
    return;
  }
  if (!takesTransfers(deps.floor.get(agentId).status)) {
    deps.log.info('transfer refused: the target has a call of their own', { callId, agentId });
    deps.pbx.hangup(callId);
    return;
  }
  const leg = transferLeg(deps, transfer, from);
  if (!leg) {
    deps.log.warn('transfer of a call on a line that no longer exists refused', { callId });
    deps.pbx.hangup(callId);
    return;
  }
  calls.set(callId, leg);
  deps.log.info('transferred call offered', { callId, kind: transfer.kind });
  offer(acd, leg, agentId);
}

/** A call answered before this bridge started (it restarted mid-call): followed to its end. */
export function callInProgress(acd: Acd, call: CallInProgress): void {
  const { deps, calls } = acd;
  if (calls.has(call.callId)) return;
  const live = resumedCall(deps, call);
  if (!live) {
    deps.log.warn('a call in progress without an open interaction: not followed', { callId: call.callId });
    return;
  }
  calls.set(call.callId, live);
  deps.log.info('call in progress taken on', { callId: call.callId, agentId: call.agentId });
  // an agent whose console is back already shows the call now; one still reconnecting, at the login
  resume(acd, live);
}

/** Before an answer the caller abandoned; after it, the call is over. */
export function callerHungUp(acd: Acd, callId: string, at: number): void {
  const { deps, calls } = acd;
  const call = calls.get(callId);
  if (!call) return closeUnfollowedCall(deps, callId, at);
  if (call.status === 'connected') {
    endCall(acd, call, at, 'caller');
    return;
  }
  if (call.status === 'ringing') acd.offers.withdraw(call, 'caller-abandoned');
  calls.delete(callId);
  deps.router.abandoned(call, at);
  deps.interactions.abandoned(call.offer.interactionId, at, at - call.offer.queuedAt);
  deps.log.info('call abandoned', { callId, waitMs: at - call.offer.queuedAt });
  dispatch(acd);
}

/** A waiting caller chose a callback instead (see `PbxEvents.callbackChosen`): it keeps their place. */
export function callbackChosen(acd: Acd, callId: string, at: number): void {
  const { deps, calls } = acd;
  const call = calls.get(callId);
  if (!call || call.status === 'connected') return;
  if (call.status === 'ringing') acd.offers.withdraw(call, 'caller-abandoned');
  calls.delete(callId);
  if (!keepAsCallback(deps, call, at)) {
    deps.router.abandoned(call, at);
    deps.interactions.abandoned(call.offer.interactionId, at, at - call.offer.queuedAt);
  }
  dispatch(acd);
}

export function answered(acd: Acd, callId: string, agentId: number, at: number): void {
  const { deps } = acd;
  const call = acd.calls.get(callId);
  if (!call || call.status !== 'ringing' || call.agentId !== agentId) return;
  acd.offers.stopTimer(call);
  const moved = deps.floor.apply(agentId, { type: 'answer', callId });
  if (!moved.ok) deps.log.error('answer refused by the state machine', { callId, reason: moved.reason });
  call.status = 'connected';
  call.answeredAt = at;
  deps.router.answered(call, at);
  deps.interactions.answered(call.offer.interactionId, agentId, at, at - call.offer.queuedAt);
  deps.channel.emit(agentId, 'call:answered', {
    callId,
    interactionId: call.offer.interactionId,
    answeredAt: at,
  });
}

export function agentHungUp(acd: Acd, callId: string, at: number): void {
  const call = acd.calls.get(callId);
  if (!call) closeUnfollowedCall(acd.deps, callId, at);
  else if (call.status === 'connected') endCall(acd, call, at, 'agent');
}

export function ringFailed(acd: Acd, callId: string, agentId: number, reason: RingFailure, at: number): void {
  const call = acd.calls.get(callId);
  if (call && isTransferLeg(call)) {
    transferFailed(acd, call, reason, at);
    return;
  }
  if (!call || call.status !== 'ringing' || call.agentId !== agentId) return;
  // An unregistered phone counts as missed too: the agent is not really reachable and should not stay ready.
  acd.offers.withdraw(call, reason === 'rejected' ? 'rejected' : 'ring-timeout');
  dispatch(acd);
}

/** The transfer target did not take the caller, who got the failure: the leg ends as missed. */
function transferFailed(acd: Acd, call: LiveCall, reason: RingFailure, at: number): void {
  acd.offers.withdraw(call, reason === 'rejected' ? 'rejected' : 'ring-timeout');
  acd.calls.delete(call.offer.callId);
  acd.deps.interactions.missed(call.offer.interactionId, at);
  acd.deps.log.info('transfer not taken', { callId: call.offer.callId, reason });
  dispatch(acd);
}
