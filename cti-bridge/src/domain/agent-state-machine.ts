/**
 * The one authoritative agent state machine. Pure: the caller passes the clock reading, and every accepted
 * event yields a new state with `version + 1`; a refused event yields a reason and leaves the state untouched.
 */
import type { AgentState, AgentStatus } from '../../protocol/agent-state.schema';
import { assertNever } from './assert-never';

export type AgentEvent =
  | { type: 'login' }
  /** From idle or wrap-up; on a call or in wrap-up with a pending "not ready after this call", takes that back. */
  | { type: 'go-ready' }
  /** From idle; on a call or in wrap-up it is kept as `pendingNotReady` and applies when the wrap-up ends. */
  | { type: 'go-not-ready'; reason: string }
  /** `reason` says why when the agent did not choose it (their session was revoked, expired or disabled). */
  | { type: 'logout'; reason?: string }
  | { type: 'offer'; callId: string; interactionId: number }
  /**
   * A colleague transferred a caller to this agent. Unlike a queue offer it also reaches an agent who is not
   * ready or still wrapping up: the colleague chose this person (and, for an attended transfer, already spoke to
   * them), so only an agent with a call of their own is busy.
   */
  | { type: 'transfer-offer'; callId: string; interactionId: number }
  /**
   * The offer ended without an answer: ring timeout counts as missed; otherwise the agent goes back to ready, or
   * to not-ready with `notReadyReason` (a transfer that reached them while they were not ready).
   */
  | { type: 'offer-withdrawn'; missed: boolean; notReadyReason?: string }
  | { type: 'answer'; callId: string }
  /**
   * The bridge restarted during this agent's call and took it on again (the PBX still had it up): straight to
   * on-call from the state the agent's reconnect left them in, with the time counted from the answer.
   */
  | { type: 'call-resumed'; callId: string; interactionId: number; answeredAt: number }
  | { type: 'call-ended'; wrapUpEndsAt: number }
  /** The wrap-up ended (disposition saved, or closed by auto-close): ready, or not ready with the pending reason. */
  | { type: 'wrap-up-done' }
  /** The phone started or ended a call outside the queues; the status and its time stay as they are. */
  | { type: 'phone-busy'; busy: boolean }
  | { type: 'disconnect' };

export type Transition = { ok: true; state: AgentState } | { ok: false; reason: string };

export function initialAgentState(agentId: number, now: number): AgentState {
  return {
    agentId,
    status: 'logged-out',
    version: 0,
    since: now,
    reason: null,
    callId: null,
    interactionId: null,
    wrapUpEndsAt: null,
    phoneBusy: false,
    pendingNotReady: null,
  };
}

function move(
  state: AgentState,
  now: number,
  status: AgentStatus,
  patch: Partial<AgentState> = {},
): Transition {
  return {
    ok: true,
    state: {
      ...state,
      status,
      version: state.version + 1,
      since: now,
      reason: null,
      callId: null,
      interactionId: null,
      wrapUpEndsAt: null,
      pendingNotReady: null,
      ...patch,
    },
  };
}

const refuse = (state: AgentState, event: AgentEvent): Transition => ({
  ok: false,
  reason: `cannot ${event.type} while ${state.status}`,
});

/** States in which the agent holds no call and may change availability freely. */
const idle = (status: AgentStatus) => status === 'ready' || status === 'not-ready';

/** States in which a change of availability waits for the end of the call (and its wrap-up). */
const holdsCall = (status: AgentStatus) => status === 'on-call' || status === 'wrap-up';

/** Same status and time in state, one flag changed: a new version only. */
const annotate = (state: AgentState, patch: Partial<AgentState>): Transition => ({
  ok: true,
  state: { ...state, ...patch, version: state.version + 1 },
});

/** A colleague's transfer reaches anyone logged in without a call of their own (see `transfer-offer`). */
export const takesTransfers = (status: AgentStatus) => idle(status) || status === 'wrap-up';

export function transition(state: AgentState, event: AgentEvent, now: number): Transition {
  const keepCall = {
    callId: state.callId,
    interactionId: state.interactionId,
    pendingNotReady: state.pendingNotReady,
  };
  switch (event.type) {
    case 'login':
      return state.status === 'logged-out'
        ? move(state, now, 'not-ready', { reason: 'login' })
        : refuse(state, event);
    case 'go-ready':
      if (holdsCall(state.status) && state.pendingNotReady !== null)
        return annotate(state, { pendingNotReady: null });
      // ending wrap-up early: the call center closes the unsaved wrap-up (or refuses, if its queue needs one)
      return idle(state.status) || state.status === 'wrap-up'
        ? move(state, now, 'ready')
        : refuse(state, event);
    case 'go-not-ready':
      if (idle(state.status)) return move(state, now, 'not-ready', { reason: event.reason });
      return holdsCall(state.status)
        ? annotate(state, { pendingNotReady: event.reason })
        : refuse(state, event);
    case 'logout':
      return idle(state.status)
        ? move(state, now, 'logged-out', { reason: event.reason ?? null })
        : refuse(state, event);
    case 'offer':
      return state.status === 'ready'
        ? move(state, now, 'ringing', { callId: event.callId, interactionId: event.interactionId })
        : refuse(state, event);
    case 'transfer-offer':
      return takesTransfers(state.status)
        ? move(state, now, 'ringing', { callId: event.callId, interactionId: event.interactionId })
        : refuse(state, event);
    case 'offer-withdrawn':
      if (state.status !== 'ringing') return refuse(state, event);
      if (event.missed) return move(state, now, 'not-ready', { reason: 'missed' });
      return event.notReadyReason === undefined
        ? move(state, now, 'ready')
        : move(state, now, 'not-ready', { reason: event.notReadyReason });
    case 'answer':
      return state.status === 'ringing' && state.callId === event.callId
        ? move(state, now, 'on-call', keepCall)
        : refuse(state, event);
    case 'call-resumed':
      return idle(state.status)
        ? move(state, now, 'on-call', {
            callId: event.callId,
            interactionId: event.interactionId,
            since: Math.min(now, event.answeredAt),
          })
        : refuse(state, event);
    case 'call-ended':
      return state.status === 'on-call'
        ? move(state, now, 'wrap-up', { ...keepCall, wrapUpEndsAt: event.wrapUpEndsAt })
        : refuse(state, event);
    case 'wrap-up-done':
      if (state.status !== 'wrap-up') return refuse(state, event);
      return state.pendingNotReady === null
        ? move(state, now, 'ready')
        : move(state, now, 'not-ready', { reason: state.pendingNotReady });
    case 'phone-busy':
      return state.status === 'logged-out'
        ? refuse(state, event)
        : annotate(state, { phoneBusy: event.busy });
    case 'disconnect':
      // Without a console the agent cannot see offers; a call or wrap-up in progress is kept for the reconnect.
      return idle(state.status) || state.status === 'ringing'
        ? move(state, now, 'not-ready', { reason: 'disconnected' })
        : refuse(state, event);
    default:
      return assertNever(event);
  }
}
