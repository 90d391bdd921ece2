import type { AgentState, SetStateCommand } from '../../protocol/agent-state.schema';
import { fail, ok, type Result } from '../../protocol/errors';
import type { CallAnswered, CallEnded, CallHeld, SessionSnapshot } from '../../protocol/events';
import { takesTransfers } from '../domain/agent-state-machine';
import type {
  CallInProgress,
  InboundCall,
  PbxAdapter,
  RingFailure,
  TransferredCall,
} from '../pbx/pbx-adapter';
import type { CustomerCardRepository } from '../repositories/customer-card.repository';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { ReferenceRepository } from '../repositories/reference.repository';
import type { Logger } from '../logger';
import type { AgentChannel } from './agent-channel';
import type { AgentFloor } from './agent-floor';
import type { CustomerLookup } from './customer-lookup';
import type { Faults } from './faults';
import { offerOf, queueInboundCall, type LiveCall, type QueueInboundDeps } from './live-call';
import { isTransferLeg, Offers } from './offers';
import { LiveCalls } from './live-calls';
import { closeUnfollowedCall, resumedCall } from './unfollowed-calls';
import { transferLeg } from './transfer-leg';
import { WrapUpTimers } from './wrap-up-timers';
import type { QueueingRepository } from '../repositories/queueing.repository';
import { admitted, callbackChosen, ivrCallbackRequested, waitLimitReached } from './queueing/queue-flow';
import type { CallbackIntake } from './queueing/callback-intake';
import type { QueueRouter } from './queueing/queue-router';

/** How long an untracked transfer (of a call the bridge never saw) may ring its target. */
const UNTRACKED_TRANSFER_RING_MS = 30_000;

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

/**
 * The inbound ACD: takes calls from the PBX, queues them by business type, reserves the longest-idle skilled
 * agent, pushes the pop with the ring, and follows the call to its end and the agent through wrap-up.
 */
export class CallCenter {
  private readonly calls = new LiveCalls();
  private readonly wrapUps: WrapUpTimers;
  private readonly offers: Offers;
  /** Agents whose session ended while on a call or in wrap-up, with the reason: logged out once it is over. */
  private readonly signOutsPending = new Map<number, string>();

  constructor(private readonly deps: CallCenterDeps) {
    this.wrapUps = new WrapUpTimers(
      deps.faults.guarded('wrap-up expiry', (agentId: number, interactionId: number) =>
        this.wrapUpAutoClosed(agentId, interactionId),
      ),
    );
    this.offers = new Offers({
      ...deps,
      onRingTimeout: (call) => {
        this.offers.withdraw(call, 'ring-timeout');
        this.dispatch();
      },
    });
  }

  // ---- PBX facts ---------------------------------------------------------------------------------------

  inboundCall(call: InboundCall): void {
    const { deps } = this;
    if (this.calls.has(call.callId)) return;
    const queued = queueInboundCall(deps, call);
    if (!queued) {
      deps.log.warn('inbound call to an unknown service number refused', { to: call.to });
      deps.pbx.hangup(call.callId);
      return;
    }
    if (!admitted(deps, queued)) return;
    if (queued.callbackTo !== undefined && ivrCallbackRequested(deps, queued)) {
      this.dispatch();
      return;
    }
    this.calls.set(call.callId, queued);
    deps.log.info('call queued', {
      callId: call.callId,
      queue: queued.queue.code,
      match: queued.offer.lookup.match,
    });
    this.dispatch();
  }

  /** A colleague transferred a caller to this agent: a new leg, popped and rung like an offer. */
  transferredCall(transfer: TransferredCall): void {
    const { deps } = this;
    const { callId, agentId } = transfer;
    if (this.calls.has(callId)) return;
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
    this.calls.set(callId, leg);
    deps.log.info('transferred call offered', { callId, kind: transfer.kind });
    this.offer(leg, agentId);
  }

  /** A call answered before this bridge started (it restarted mid-call): followed to its end. */
  callInProgress(call: CallInProgress): void {
    const { deps } = this;
    if (this.calls.has(call.callId)) return;
    const live = resumedCall(deps, call);
    if (!live) {
      deps.log.warn('a call in progress without an open interaction: not followed', { callId: call.callId });
      return;
    }
    this.calls.set(call.callId, live);
    deps.log.info('call in progress taken on', { callId: call.callId, agentId: call.agentId });
    // an agent whose console is back already shows the call now; one still reconnecting, at the login
    this.resume(live);
  }

  /** The agent's phone is on a call outside the queues (see `PbxEvents.phoneBusy`). */
  phoneBusy(agentId: number, callId: string): void {
    this.deps.floor.phoneBusy(agentId, callId);
  }

  phoneFree(agentId: number, callId: string): void {
    this.deps.floor.phoneFree(agentId, callId);
    this.dispatch();
  }

  callerHungUp(callId: string, at: number): void {
    const call = this.calls.get(callId);
    if (!call) return closeUnfollowedCall(this.deps, callId, at);
    if (call.status === 'connected') {
      this.endCall(call, at, 'caller');
      return;
    }
    if (call.status === 'ringing') this.offers.withdraw(call, 'caller-abandoned');
    this.calls.delete(callId);
    this.deps.router.abandoned(call, at);
    this.deps.interactions.abandoned(call.offer.interactionId, at, at - call.offer.queuedAt);
    this.deps.log.info('call abandoned', { callId, waitMs: at - call.offer.queuedAt });
    this.dispatch();
  }

  /** A waiting caller chose a callback instead (see `PbxEvents.callbackChosen`): it keeps their place. */
  callbackChosen(callId: string, at: number): void {
    const call = this.calls.get(callId);
    if (!call || call.status === 'connected') return;
    if (call.status === 'ringing') this.offers.withdraw(call, 'caller-abandoned');
    this.calls.delete(callId);
    if (!callbackChosen(this.deps, call, at)) {
      this.deps.router.abandoned(call, at);
      this.deps.interactions.abandoned(call.offer.interactionId, at, at - call.offer.queuedAt);
    }
    this.dispatch();
  }

  answered(callId: string, agentId: number, at: number): void {
    const call = this.calls.get(callId);
    if (!call || call.status !== 'ringing' || call.agentId !== agentId) return;
    this.offers.stopTimer(call);
    const moved = this.deps.floor.apply(agentId, { type: 'answer', callId });
    if (!moved.ok)
      this.deps.log.error('answer refused by the state machine', { callId, reason: moved.reason });
    call.status = 'connected';
    call.answeredAt = at;
    this.deps.router.answered(call, at);
    this.deps.interactions.answered(call.offer.interactionId, agentId, at, at - call.offer.queuedAt);
    this.deps.channel.emit(agentId, 'call:answered', {
      callId,
      interactionId: call.offer.interactionId,
      answeredAt: at,
    });
  }

  agentHungUp(callId: string, at: number): void {
    const call = this.calls.get(callId);
    if (!call) closeUnfollowedCall(this.deps, callId, at);
    else if (call.status === 'connected') this.endCall(call, at, 'agent');
  }

  ringFailed(callId: string, agentId: number, reason: RingFailure, at: number): void {
    const call = this.calls.get(callId);
    if (call && isTransferLeg(call)) {
      this.transferFailed(call, reason, at);
      return;
    }
    if (!call || call.status !== 'ringing' || call.agentId !== agentId) return;
    // An unregistered phone counts as missed too: the agent is not really reachable and should not stay ready.
    this.offers.withdraw(call, reason === 'rejected' ? 'rejected' : 'ring-timeout');
    this.dispatch();
  }

  // ---- agent commands ------------------------------------------------------------------------------------

  agentConnected(agentId: number): AgentState {
    this.signOutsPending.delete(agentId);
    const state = this.deps.floor.get(agentId);
    if (state.status === 'logged-out') {
      this.deps.floor.apply(agentId, { type: 'login' });
      const resumed = this.calls.atAgent(agentId);
      if (resumed?.status === 'connected') this.resume(resumed);
    }
    return this.deps.floor.get(agentId);
  }

  /** The agent's last console went away: stop offering them calls; a call or wrap-up in progress is kept. */
  agentDisconnected(agentId: number): void {
    const call = this.calls.ringingAt(agentId);
    if (call) this.offers.withdraw(call, 'agent-logged-out');
    this.deps.floor.apply(agentId, { type: 'disconnect' });
    this.dispatch();
  }

  /**
   * The agent's session was revoked (logout, expiry, disabled account) and no console of theirs is left: an
   * offer ringing at them goes to someone else and they leave the ACD, logged out with `reason`. A call or
   * wrap-up in progress is kept as for a lost connection (the caller is not cut off); the agent finds it again
   * at their next sign-in.
   */
  agentSignedOut(agentId: number, reason: string): void {
    const call = this.calls.ringingAt(agentId);
    if (call) this.offers.withdraw(call, 'agent-logged-out');
    const { floor } = this.deps;
    if (!floor.apply(agentId, { type: 'logout', reason }).ok) {
      // on a call or wrapping up: logged out as soon as that is over, never back to ready without a console
      this.signOutsPending.set(agentId, reason);
      floor.apply(agentId, { type: 'disconnect' });
    }
    this.dispatch();
  }

  setState(agentId: number, command: SetStateCommand): Result<AgentState> {
    const { floor } = this.deps;
    const event =
      command.status === 'ready'
        ? ({ type: 'go-ready' } as const)
        : command.status === 'not-ready'
          ? ({ type: 'go-not-ready', reason: command.reason } as const)
          : ({ type: 'logout' } as const);
    const before = floor.get(agentId);
    const wrapping = before.status === 'wrap-up' ? before.interactionId : null;
    const endsWrapUp = wrapping !== null && event.type === 'go-ready' && before.pendingNotReady === null;
    if (endsWrapUp && this.wrapUps.modeOf(agentId) === 'disposition-required')
      return fail('INVALID_STATE', 'save a disposition first: this queue requires one for every call');
    const result = floor.apply(agentId, event);
    if (!result.ok) return fail('INVALID_STATE', result.reason);
    // "not ready after this call" keeps the agent in wrap-up; Ready ends it, closing what was not saved
    if (wrapping !== null && result.state.status !== 'wrap-up') {
      this.wrapUps.finish(agentId);
      this.closeUnsaved(agentId, wrapping);
    }
    this.dispatch();
    return ok(result.state);
  }

  answer(agentId: number, callId: string): Result<CallAnswered> {
    const call = this.calls.get(callId);
    if (!call || call.status !== 'ringing' || call.agentId !== agentId)
      return fail('INVALID_STATE', 'this call is not ringing at your position');
    if (!this.deps.pbx.capabilities().answerFromConsole)
      return fail('NOT_AVAILABLE', 'answer the call on the softphone');
    this.deps.pbx.answer(callId, agentId);
    // The adapter reports the answer through `answered`, which updates the live call synchronously.
    const connected = this.calls.connectedAt(agentId, callId);
    if (!connected || connected.answeredAt === null)
      return fail('INTERNAL', 'the phone system did not connect the call');
    return ok({ callId, interactionId: connected.offer.interactionId, answeredAt: connected.answeredAt });
  }

  reject(agentId: number, callId: string): Result<null> {
    const call = this.calls.get(callId);
    if (!call || call.status !== 'ringing' || call.agentId !== agentId)
      return fail('INVALID_STATE', 'this call is not ringing at your position');
    this.offers.withdraw(call, 'rejected');
    this.dispatch();
    return ok(null);
  }

  hold(agentId: number, callId: string, held: boolean): Result<CallHeld> {
    const call = this.calls.connectedAt(agentId, callId);
    if (!call) return fail('INVALID_STATE', 'no connected call with this id at your position');
    this.deps.pbx.hold(callId, held);
    call.held = held;
    const fact = { callId, held };
    this.deps.channel.emit(agentId, 'call:held', fact);
    return ok(fact);
  }

  hangup(agentId: number, callId: string): Result<CallEnded> {
    const call = this.calls.connectedAt(agentId, callId);
    if (!call) return fail('INVALID_STATE', 'no connected call with this id at your position');
    this.deps.pbx.hangup(callId);
    return ok(this.endCall(call, this.deps.now(), 'agent'));
  }

  // ---- supervisors' commands -----------------------------------------------------------------------------

  /**
   * A supervisor forces the agent not ready: an offer ringing at them goes back to the queue (the agent ends up
   * not ready with `reason`); on a call or in wrap-up, `reason` waits as "not ready after this call".
   */
  forceNotReady(agentId: number, reason: string): Result<AgentState> {
    const ringing = this.calls.ringingAt(agentId);
    if (ringing) {
      ringing.notReadyReason = reason;
      this.offers.withdraw(ringing, 'supervisor');
    }
    const result = this.deps.floor.apply(agentId, { type: 'go-not-ready', reason });
    this.dispatch();
    return result.ok ? ok(result.state) : fail('INVALID_STATE', result.reason);
  }

  /**
   * A supervisor ends the agent's call. A connected call is hung up and wrapped up as usual. A call the agent's
   * state still shows but nothing here follows (stuck: its end was never reported) is released at the PBX, its
   * interaction closed, and the agent let go through an immediate wrap-up.
   */
  endCallOf(agentId: number): Result<null> {
    const { deps } = this;
    const now = deps.now();
    const call = this.calls.atAgent(agentId);
    if (call?.status === 'connected') {
      deps.pbx.hangup(call.offer.callId);
      this.endCall(call, now, 'agent');
      return ok(null);
    }
    const state = deps.floor.get(agentId);
    if (state.status !== 'on-call' || state.callId === null || call)
      return fail('INVALID_STATE', `the agent has no connected call (${state.status})`);
    deps.pbx.hangup(state.callId);
    closeUnfollowedCall(deps, state.callId, now);
    deps.floor.apply(agentId, { type: 'call-ended', wrapUpEndsAt: now });
    deps.floor.apply(agentId, { type: 'wrap-up-done' });
    this.dispatch();
    return ok(null);
  }

  /** Called after a wrap-up was stored: ends the agent's wrap-up state if it was for this interaction. */
  wrapUpStored(agentId: number, interactionId: number): void {
    const state = this.deps.floor.get(agentId);
    if (state.status !== 'wrap-up' || state.interactionId !== interactionId) return;
    this.deps.floor.apply(agentId, { type: 'wrap-up-done' });
    this.wrapUps.finish(agentId);
    this.dispatch();
  }

  snapshot(agentId: number): SessionSnapshot {
    const state = this.deps.floor.get(agentId);
    const live = this.calls.atAgent(agentId);
    if (live)
      return { state, activeCall: { ...offerOf(live), answeredAt: live.answeredAt, held: live.held } };
    const wrapped = this.wrapUps.offerOf(agentId);
    return { state, activeCall: wrapped ? { ...wrapped, answeredAt: null, held: false } : null };
  }

  waitingCount(): number {
    return this.calls.queuedCount();
  }

  /**
   * An agent's skills or languages changed: the router takes them now (a logged-out agent's at their login), and
   * a call already waiting goes to them at once if they are free and now the best for it.
   */
  agentProfileChanged(agentId: number): void {
    if (this.deps.floor.get(agentId).status === 'logged-out') return;
    this.deps.router.agentChanged(agentId);
    this.dispatch();
  }

  /** Overflow, max wait (refusal or callback) for the calls waiting now; then whoever is free is offered one. */
  applyWaitLimits(): void {
    for (const step of this.deps.router.due(this.deps.now())) {
      const call = this.calls.get(step.call.callId);
      if (!call || call.status !== 'queued') continue;
      if (step.kind !== 'overflow') this.calls.delete(step.call.callId);
      waitLimitReached(this.deps, call, step);
    }
    this.dispatch();
  }

  stop(): void {
    for (const call of this.calls.values()) this.offers.stopTimer(call);
    this.wrapUps.stop();
    this.calls.clear();
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private dispatch(): void {
    this.completeSignOuts();
    const waiting = this.calls.waitingLive();
    if (waiting.length === 0 && !this.deps.router.hasCallbacks()) return;
    const now = this.deps.now();
    for (const { call, decision } of this.deps.router.route(waiting, this.deps.floor.routable(), now))
      this.offer(call, decision.agentId);
  }

  /** Agents signed out during a call leave the ACD once it and its wrap-up are over. */
  private completeSignOuts(): void {
    for (const [agentId, reason] of this.signOutsPending)
      if (this.deps.floor.apply(agentId, { type: 'logout', reason }).ok) this.signOutsPending.delete(agentId);
  }

  private offer(call: LiveCall, agentId: number): void {
    const wasWrapping = this.deps.floor.get(agentId).status === 'wrap-up';
    // a transfer can reach an agent still wrapping up the previous call: that wrap-up's pop gives way
    if (this.offers.offer(call, agentId) && wasWrapping) this.wrapUps.finish(agentId);
  }

  /** The transfer target did not take the caller, who got the failure: the leg ends as missed. */
  private transferFailed(call: LiveCall, reason: RingFailure, at: number): void {
    this.offers.withdraw(call, reason === 'rejected' ? 'rejected' : 'ring-timeout');
    this.calls.delete(call.offer.callId);
    this.deps.interactions.missed(call.offer.interactionId, at);
    this.deps.log.info('transfer not taken', { callId: call.offer.callId, reason });
    this.dispatch();
  }

  private endCall(call: LiveCall, at: number, endedBy: CallEnded['endedBy']): CallEnded {
    const { deps } = this;
    const agentId = call.agentId ?? 0;
    const talkMs = Math.max(0, at - (call.answeredAt ?? at));
    this.calls.delete(call.offer.callId);
    deps.interactions.ended(call.offer.interactionId, at, talkMs);
    deps.router.handled(call.queue.id, talkMs / 1000 + call.queue.wrapUpSec);
    const wrapUpEndsAt = at + call.queue.wrapUpSec * 1000;
    // an agent not back since a bridge restart was never on this call in the bridge's eyes: no wrap-up to time
    if (deps.floor.apply(agentId, { type: 'call-ended', wrapUpEndsAt }).ok)
      this.wrapUps.start(agentId, offerOf(call), wrapUpEndsAt - at, call.queue.wrapUpMode);
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
  private wrapUpAutoClosed(agentId: number, interactionId: number): void {
    const state = this.deps.floor.get(agentId);
    if (state.status !== 'wrap-up' || state.interactionId !== interactionId) return;
    this.closeUnsaved(agentId, interactionId);
    this.deps.floor.apply(agentId, { type: 'wrap-up-done' });
    this.dispatch();
  }

  /** A wrap-up ended without a disposition: recorded as such, and the console told to close its form. */
  private closeUnsaved(agentId: number, interactionId: number): void {
    const at = this.deps.now();
    if (!this.deps.interactions.closedWithoutDisposition(interactionId, at)) return;
    this.deps.channel.emit(agentId, 'interaction:auto-closed', { interactionId, closedAt: at });
  }

  /** The agent goes on-call for a call taken on after a restart, once logged in (a refusal leaves it for later). */
  private resume(call: LiveCall): void {
    const { agentId, answeredAt, offer } = call;
    if (agentId === null || answeredAt === null || this.deps.floor.get(agentId).status === 'logged-out')
      return;
    const { callId, interactionId } = offer;
    this.deps.floor.apply(agentId, { type: 'call-resumed', callId, interactionId, answeredAt });
  }
}
