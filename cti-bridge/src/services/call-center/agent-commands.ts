import type { AgentState, SetStateCommand } from '../../../protocol/agent-state.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import type { CallAnswered, CallEnded, CallHeld } from '../../../protocol/events';
import { closeUnsaved, dispatch, endCall, resume, type Acd } from './acd';

/** A console of the agent connected: logged in if they were out, and a call taken on after a restart resumed. */
export function agentConnected(acd: Acd, agentId: number): AgentState {
  const { floor } = acd.deps;
  acd.signOutsPending.delete(agentId);
  const state = floor.get(agentId);
  if (state.status === 'logged-out') {
    floor.apply(agentId, { type: 'login' });
    const resumed = acd.calls.atAgent(agentId);
    if (resumed?.status === 'connected') resume(acd, resumed);
  }
  return floor.get(agentId);
}

/** The agent's last console went away: stop offering them calls; a call or wrap-up in progress is kept. */
export function agentDisconnected(acd: Acd, agentId: number): void {
  const call = acd.calls.ringingAt(agentId);
  if (call) acd.offers.withdraw(call, 'agent-logged-out');
  acd.deps.floor.apply(agentId, { type: 'disconnect' });
  dispatch(acd);
}

/**
 * The agent's session was revoked (logout, expiry, disabled account) and no console of theirs is left: an
 * offer ringing at them goes to someone else and they leave the ACD, logged out with `reason`. A call or
 * wrap-up in progress is kept as for a lost connection (the caller is not cut off); the agent finds it again
 * at their next sign-in.
 */
export function agentSignedOut(acd: Acd, agentId: number, reason: string): void {
  const call = acd.calls.ringingAt(agentId);
  if (call) acd.offers.withdraw(call, 'agent-logged-out');
  const { floor } = acd.deps;
  if (!floor.apply(agentId, { type: 'logout', reason }).ok) {
    // on a call or wrapping up: logged out as soon as that is over, never back to ready without a console
    acd.signOutsPending.set(agentId, reason);
    floor.apply(agentId, { type: 'disconnect' });
  }
  dispatch(acd);
}

export function setState(acd: Acd, agentId: number, command: SetStateCommand): Result<AgentState> {
  const { floor } = acd.deps;
  const event =
    command.status === 'ready'
      ? ({ type: 'go-ready' } as const)
      : command.status === 'not-ready'
        ? ({ type: 'go-not-ready', reason: command.reason } as const)
        : ({ type: 'logout' } as const);
  const before = floor.get(agentId);
  const wrapping = before.status === 'wrap-up' ? before.interactionId : null;
  const endsWrapUp = wrapping !== null && event.type === 'go-ready' && before.pendingNotReady === null;
  if (endsWrapUp && acd.wrapUps.modeOf(agentId) === 'disposition-required')
    return fail('INVALID_STATE', 'save a disposition first: this queue requires one for every call');
  const result = floor.apply(agentId, event);
  if (!result.ok) return fail('INVALID_STATE', result.reason);
  // "not ready after this call" keeps the agent in wrap-up; Ready ends it, closing what was not saved
  if (wrapping !== null && result.state.status !== 'wrap-up') {
    acd.wrapUps.finish(agentId);
    closeUnsaved(acd, agentId, wrapping);
  }
  dispatch(acd);
  return ok(result.state);
}

/** Called after a wrap-up was stored: ends the agent's wrap-up state if it was for this interaction. */
export function wrapUpStored(acd: Acd, agentId: number, interactionId: number): void {
  const { floor } = acd.deps;
  const state = floor.get(agentId);
  if (state.status !== 'wrap-up' || state.interactionId !== interactionId) return;
  floor.apply(agentId, { type: 'wrap-up-done' });
  acd.wrapUps.finish(agentId);
  dispatch(acd);
}

export function answer(acd: Acd, agentId: number, callId: string): Result<CallAnswered> {
  const call = acd.calls.get(callId);
  if (!call || call.status !== 'ringing' || call.agentId !== agentId)
    return fail('INVALID_STATE', 'this call is not ringing at your position');
  const { pbx } = acd.deps;
  if (!pbx.capabilities().answerFromConsole) return fail('NOT_AVAILABLE', 'answer the call on the softphone');
  pbx.answer(callId, agentId);
  // The adapter reports the answer through `answered`, which updates the live call synchronously.
  const connected = acd.calls.connectedAt(agentId, callId);
  if (!connected || connected.answeredAt === null)
    return fail('INTERNAL', 'the phone system did not connect the call');
  return ok({ callId, interactionId: connected.offer.interactionId, answeredAt: connected.answeredAt });
}

export function reject(acd: Acd, agentId: number, callId: string): Result<null> {
  const call = acd.calls.get(callId);
  if (!call || call.status !== 'ringing' || call.agentId !== agentId)
    return fail('INVALID_STATE', 'this call is not ringing at your position');
  acd.offers.withdraw(call, 'rejected');
  dispatch(acd);
  return ok(null);
}

export function hold(acd: Acd, agentId: number, callId: string, held: boolean): Result<CallHeld> {
  const call = acd.calls.connectedAt(agentId, callId);
  if (!call) return fail('INVALID_STATE', 'no connected call with this id at your position');
  acd.deps.pbx.hold(callId, held);
  call.held = held;
  const fact = { callId, held };
  acd.deps.channel.emit(agentId, 'call:held', fact);
  return ok(fact);
}

export function hangup(acd: Acd, agentId: number, callId: string): Result<CallEnded> {
  const call = acd.calls.connectedAt(agentId, callId);
  if (!call) return fail('INVALID_STATE', 'no connected call with this id at your position');
  acd.deps.pbx.hangup(callId);
  return ok(endCall(acd, call, acd.deps.now(), 'agent'));
}
