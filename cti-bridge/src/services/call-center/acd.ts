import type { CallEnded } from '../../../protocol/events';
import type { Logger } from '../../logger';
import type { PbxAdapter } from '../../pbx/pbx-adapter';
import type { CustomerCardRepository } from '../../repositories/customer-card.repository';
import type { InteractionsRepository } from '../../repositories/interactions.repository';
import type { QueueingRepository } from '../../repositories/queueing.repository';
import type { ReferenceRepository } from '../../repositories/reference.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import type { CustomerLookup } from '../customer-lookup';
import type { Faults } from '../faults';
import { offerOf, type LiveCall, type QueueInboundDeps } from '../live-call';
import { LiveCalls } from '../live-calls';
import { Offers } from '../offers';
import type { CallbackIntake } from '../queueing/callback-intake';
import type { QueueRouter } from '../queueing/queue-router';
import { WrapUpTimers } from '../wrap-up-timers';

export interface CallCenterDeps {
  now: () => number;
  pbx: PbxAdapter;
  floor: AgentFloor;
  lookup: CustomerLookup;
  reference: ReferenceRepository;
  interactions: InteractionsRepository;
  cards: CustomerCardRepository;
  channel: AgentChannel;
  log: Logger;
  /** Where the ring and wrap-up timers report a failure instead of throwing out of the timer. */
  faults: Faults;
  /** Routing rules as data (see `QueueInboundDeps.routeByRules`). */
  routeByRules?: QueueInboundDeps['routeByRules'];
  /** Queue order, agent choice, wait limits, positions (services/queueing). */
  router: QueueRouter;
  queueing: Pick<QueueingRepository, 'routed'>;
  /** Callback requests join their queue through it (a repeat merges into the open request). */
  callbackIntake: CallbackIntake;
}

/** The call center's state, shared by its parts (PBX facts, agents' and supervisors' commands). */
export interface Acd {
  readonly deps: CallCenterDeps;
  readonly calls: LiveCalls;
  readonly offers: Offers;
  readonly wrapUps: WrapUpTimers;
  /** Agents whose session ended while on a call or in wrap-up, with the reason: logged out once it is over. */
  readonly signOutsPending: Map<number, string>;
}

export function createAcd(deps: CallCenterDeps): Acd {
  const acd: Acd = {
    deps,
    calls: new LiveCalls(),
    signOutsPending: new Map(),
    wrapUps: new WrapUpTimers(
      deps.faults.guarded('wrap-up expiry', (agentId: number, interactionId: number) =>
        wrapUpAutoClosed(acd, agentId, interactionId),
      ),
    ),
    offers: new Offers({
      ...deps,
      onRingTimeout: (call) => {
        acd.offers.withdraw(call, 'ring-timeout');
        dispatch(acd);
      },
    }),
  };
  return acd;
}

/** Logs out who waited for their call to end, then offers the waiting calls (and callbacks) to free agents. */
export function dispatch(acd: Acd): void {
  const { deps } = acd;
  completeSignOuts(acd);
  const waiting = acd.calls.waitingLive();
  if (waiting.length === 0 && !deps.router.hasCallbacks()) return;
  const now = deps.now();
  for (const { call, decision } of deps.router.route(waiting, deps.floor.routable(), now))
    offer(acd, call, decision.agentId);
}

/** Agents signed out during a call leave the ACD once it and its wrap-up are over. */
function completeSignOuts({ deps, signOutsPending }: Acd): void {
  for (const [agentId, reason] of signOutsPending)
    if (deps.floor.apply(agentId, { type: 'logout', reason }).ok) signOutsPending.delete(agentId);
}

export function offer(acd: Acd, call: LiveCall, agentId: number): void {
  const wasWrapping = acd.deps.floor.get(agentId).status === 'wrap-up';
  // a transfer can reach an agent still wrapping up the previous call: that wrap-up's pop gives way
  if (acd.offers.offer(call, agentId) && wasWrapping) acd.wrapUps.finish(agentId);
}

/** A connected call is over: recorded, and its agent goes into wrap-up (timed by the queue's settings). */
export function endCall(acd: Acd, call: LiveCall, at: number, endedBy: CallEnded['endedBy']): CallEnded {
  const { deps } = acd;
  const agentId = call.agentId ?? 0;
  const talkMs = Math.max(0, at - (call.answeredAt ?? at));
  acd.calls.delete(call.offer.callId);
  deps.interactions.ended(call.offer.interactionId, at, talkMs);
  deps.router.handled(call.queue.id, talkMs / 1000 + call.queue.wrapUpSec);
  const wrapUpEndsAt = at + call.queue.wrapUpSec * 1000;
  // an agent not back since a bridge restart was never on this call in the bridge's eyes: no wrap-up to time
  if (deps.floor.apply(agentId, { type: 'call-ended', wrapUpEndsAt }).ok)
    acd.wrapUps.start(agentId, offerOf(call), wrapUpEndsAt - at, call.queue.wrapUpMode);
  const fact = {
    callId: call.offer.callId,
    interactionId: call.offer.interactionId,
    endedAt: at,
    talkMs,
    endedBy,
  };
  deps.channel.emit(agentId, 'call:ended', fact);
  return fact;
}

/**
 * Wrap-up time is over in an auto-close queue: the call is closed as "no disposition" and the agent moves on
 * (ready, or their pending not-ready reason).
 */
function wrapUpAutoClosed(acd: Acd, agentId: number, interactionId: number): void {
  const state = acd.deps.floor.get(agentId);
  if (state.status !== 'wrap-up' || state.interactionId !== interactionId) return;
  closeUnsaved(acd, agentId, interactionId);
  acd.deps.floor.apply(agentId, { type: 'wrap-up-done' });
  dispatch(acd);
}

/** A wrap-up ended without a disposition: recorded as such, and the console told to close its form. */
export function closeUnsaved({ deps }: Acd, agentId: number, interactionId: number): void {
  const at = deps.now();
  if (!deps.interactions.closedWithoutDisposition(interactionId, at)) return;
  deps.channel.emit(agentId, 'interaction:auto-closed', { interactionId, closedAt: at });
}

/** The agent goes on-call for a call taken on after a restart, once logged in (a refusal leaves it for later). */
export function resume({ deps }: Acd, call: LiveCall): void {
  const { agentId, answeredAt, offer } = call;
  if (agentId === null || answeredAt === null || deps.floor.get(agentId).status === 'logged-out') return;
  const { callId, interactionId } = offer;
  deps.floor.apply(agentId, { type: 'call-resumed', callId, interactionId, answeredAt });
}
