import type { AgentState } from '../../../protocol/agent-state.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import { closeUnfollowedCall } from '../unfollowed-calls';
import { dispatch, endCall, type Acd } from './acd';

/**
 * A supervisor forces the agent not ready: an offer ringing at them goes back to the queue (the agent ends up
 * not ready with `reason`); on a call or in wrap-up, `reason` waits as "not ready after this call".
 */
export function forceNotReady(acd: Acd, agentId: number, reason: string): Result<AgentState> {
  const ringing = acd.calls.ringingAt(agentId);
  if (ringing) {
    ringing.notReadyReason = reason;
    acd.offers.withdraw(ringing, 'supervisor');
  }
  const result = acd.deps.floor.apply(agentId, { type: 'go-not-ready', reason });
  dispatch(acd);
  return result.ok ? ok(result.state) : fail('INVALID_STATE', result.reason);
}

/**
 * A supervisor ends the agent's call. A connected call is hung up and wrapped up as usual. A call the agent's
 * state still shows but nothing here follows (stuck: its end was never reported) is released at the PBX, its
 * interaction closed, and the agent let go through an immediate wrap-up.
 */
export function endCallOf(acd: Acd, agentId: number): Result<null> {
  const { deps } = acd;
  const now = deps.now();
  const call = acd.calls.atAgent(agentId);
  if (call?.status === 'connected') {
    deps.pbx.hangup(call.offer.callId);
    endCall(acd, call, now, 'agent');
    return ok(null);
  }
  const state = deps.floor.get(agentId);
  if (state.status !== 'on-call' || state.callId === null || call)
    return fail('INVALID_STATE', `the agent has no connected call (${state.status})`);
  deps.pbx.hangup(state.callId);
  closeUnfollowedCall(deps, state.callId, now);
  deps.floor.apply(agentId, { type: 'call-ended', wrapUpEndsAt: now });
  deps.floor.apply(agentId, { type: 'wrap-up-done' });
  dispatch(acd);
  return ok(null);
}
