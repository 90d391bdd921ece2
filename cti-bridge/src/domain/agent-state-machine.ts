/**
 * The one authoritative agent state machine. Pure: the caller passes the clock reading, and every accepted
 * event yields a new state with `version + 1`; a refused event yields a reason and leaves the state untouched.
 */
import type { AgentState, AgentStatus } from '../../protocol/agent-state.schema';
import { assertNever } from './assert-never';

export type AgentEvent =
  | { type: 'login' }
  | { type: 'go-ready' }
  | { type: 'go-not-ready'; reason: string }
  | { type: 'logout' }
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

/** A colleague's transfer reaches anyone logged in without a call of their own (see `transfer-offer`). */
export const takesTransfers = (status: AgentStatus) => idle(status) || status === 'wrap-up';

export function transition(state: AgentState, event: AgentEvent, now: number): Transition {
  const keepCall = { callId: state.callId, interactionId: state.interactionId };
  switch (event.type) {
    case 'login':
      return state.status === 'logged-out'
        ? move(state, now, 'not-ready', { reason: 'login' })
        : refuse(state, event);
    case 'go-ready':
      return idle(state.status) || state.status === 'wrap-up'
        ? move(state, now, 'ready')
        : refuse(state, event);
    case 'go-not-ready':
      return idle(state.status) || state.status === 'wrap-up'
        ? move(state, now, 'not-ready', { reason: event.reason })
        : refuse(state, event);
    case 'logout':
      return idle(state.status) ? move(state, now, 'logged-out') : refuse(state, event);
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
      return state.status === 'wrap-up' ? move(state, now, 'ready') : refuse(state, event);
    case 'phone-busy':
      return state.status === 'logged-out'
        ? refuse(state, event)
        : { ok: true, state: { ...state, version: state.version + 1, phoneBusy: event.busy } };
    case 'disconnect':
      // Without a console the agent cannot see offers; a call or wrap-up in progress is kept for the reconnect.
      return idle(state.status) || state.status === 'ringing'
        ? move(state, now, 'not-ready', { reason: 'disconnected' })
        : refuse(state, event);
    default:
      return assertNever(event);
  }
}
