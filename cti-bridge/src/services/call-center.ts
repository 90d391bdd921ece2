import type { AgentState, SetStateCommand } from '../../protocol/agent-state.schema';
import type { Result } from '../../protocol/errors';
import type { CallAnswered, CallEnded, CallHeld, SessionSnapshot } from '../../protocol/events';
import type { CallInProgress, InboundCall, RingFailure, TransferredCall } from '../pbx/pbx-adapter';
import { createAcd, dispatch, type Acd, type CallCenterDeps } from './call-center/acd';
import * as agents from './call-center/agent-commands';
import * as pbxFacts from './call-center/pbx-facts';
import * as supervisors from './call-center/supervisor-commands';
import { offerOf } from './live-call';
import { waitLimitReached } from './queueing/queue-flow';

export type { CallCenterDeps } from './call-center/acd';

/**
 * The inbound ACD: takes calls from the PBX, queues them by business type, reserves the longest-idle skilled
 * agent, pushes the pop with the ring, and follows the call to its end and the agent through wrap-up.
 *
 * Its parts share one state (`call-center/acd.ts`): the PBX's facts (`pbx-facts.ts`), the agents' commands and
 * sessions (`agent-commands.ts`), the supervisors' (`supervisor-commands.ts`).
 */
export class CallCenter {
  private readonly acd: Acd;

  constructor(deps: CallCenterDeps) {
    this.acd = createAcd(deps);
  }

  // ---- PBX facts (call-center/pbx-facts.ts) --------------------------------------------------------------

  inboundCall(call: InboundCall): void {
    pbxFacts.inboundCall(this.acd, call);
  }

  /** A colleague transferred a caller to this agent: a new leg, popped and rung like an offer. */
  transferredCall(transfer: TransferredCall): void {
    pbxFacts.transferredCall(this.acd, transfer);
  }

  /** A call answered before this bridge started (it restarted mid-call): followed to its end. */
  callInProgress(call: CallInProgress): void {
    pbxFacts.callInProgress(this.acd, call);
  }

  /** The agent's phone is on a call outside the queues (see `PbxEvents.phoneBusy`). */
  phoneBusy(agentId: number, callId: string): void {
    this.acd.deps.floor.phoneBusy(agentId, callId);
  }

  phoneFree(agentId: number, callId: string): void {
    this.acd.deps.floor.phoneFree(agentId, callId);
    dispatch(this.acd);
  }

  callerHungUp(callId: string, at: number): void {
    pbxFacts.callerHungUp(this.acd, callId, at);
  }

  /** A waiting caller chose a callback instead (see `PbxEvents.callbackChosen`): it keeps their place. */
  callbackChosen(callId: string, at: number): void {
    pbxFacts.callbackChosen(this.acd, callId, at);
  }

  answered(callId: string, agentId: number, at: number): void {
    pbxFacts.answered(this.acd, callId, agentId, at);
  }

  agentHungUp(callId: string, at: number): void {
    pbxFacts.agentHungUp(this.acd, callId, at);
  }

  ringFailed(callId: string, agentId: number, reason: RingFailure, at: number): void {
    pbxFacts.ringFailed(this.acd, callId, agentId, reason, at);
  }

  // ---- agent commands (call-center/agent-commands.ts) ----------------------------------------------------

  agentConnected(agentId: number): AgentState {
    return agents.agentConnected(this.acd, agentId);
  }

  /** The agent's last console went away: stop offering them calls; a call or wrap-up in progress is kept. */
  agentDisconnected(agentId: number): void {
    agents.agentDisconnected(this.acd, agentId);
  }

  /** The agent's session was revoked and no console of theirs is left (see `agentSignedOut` there). */
  agentSignedOut(agentId: number, reason: string): void {
    agents.agentSignedOut(this.acd, agentId, reason);
  }

  setState(agentId: number, command: SetStateCommand): Result<AgentState> {
    return agents.setState(this.acd, agentId, command);
  }

  answer(agentId: number, callId: string): Result<CallAnswered> {
    return agents.answer(this.acd, agentId, callId);
  }

  reject(agentId: number, callId: string): Result<null> {
    return agents.reject(this.acd, agentId, callId);
  }

  hold(agentId: number, callId: string, held: boolean): Result<CallHeld> {
    return agents.hold(this.acd, agentId, callId, held);
  }

  hangup(agentId: number, callId: string): Result<CallEnded> {
    return agents.hangup(this.acd, agentId, callId);
  }

  /** Called after a wrap-up was stored: ends the agent's wrap-up state if it was for this interaction. */
  wrapUpStored(agentId: number, interactionId: number): void {
    agents.wrapUpStored(this.acd, agentId, interactionId);
  }

  // ---- supervisors' commands (call-center/supervisor-commands.ts) ----------------------------------------

  /** The agent is made not ready now, or after their call (see `forceNotReady` there). */
  forceNotReady(agentId: number, reason: string): Result<AgentState> {
    return supervisors.forceNotReady(this.acd, agentId, reason);
  }

  /** Ends the agent's call, a stuck one included (see `endCallOf` there). */
  endCallOf(agentId: number): Result<null> {
    return supervisors.endCallOf(this.acd, agentId);
  }

  // ---- the floor's view ----------------------------------------------------------------------------------

  snapshot(agentId: number): SessionSnapshot {
    const { deps, calls, wrapUps } = this.acd;
    const state = deps.floor.get(agentId);
    const live = calls.atAgent(agentId);
    if (live)
      return { state, activeCall: { ...offerOf(live), answeredAt: live.answeredAt, held: live.held } };
    const wrapped = wrapUps.offerOf(agentId);
    return { state, activeCall: wrapped ? { ...wrapped, answeredAt: null, held: false } : null };
  }

  waitingCount(): number {
    return this.acd.calls.queuedCount();
  }

  /**
   * An agent's skills or languages changed: the router takes them now (a logged-out agent's at their login), and
   * a call already waiting goes to them at once if they are free and now the best for it.
   */
  agentProfileChanged(agentId: number): void {
    const { deps } = this.acd;
    if (deps.floor.get(agentId).status === 'logged-out') return;
    deps.router.agentChanged(agentId);
    dispatch(this.acd);
  }

  /** Overflow, max wait (refusal or callback) for the calls waiting now; then whoever is free is offered one. */
  applyWaitLimits(): void {
    const { deps, calls } = this.acd;
    for (const step of deps.router.due(deps.now())) {
      const call = calls.get(step.call.callId);
      if (!call || call.status !== 'queued') continue;
      if (step.kind !== 'overflow') calls.delete(step.call.callId);
      waitLimitReached(deps, call, step);
    }
    dispatch(this.acd);
  }

  stop(): void {
    const { calls, offers, wrapUps } = this.acd;
    for (const call of calls.values()) offers.stopTimer(call);
    wrapUps.stop();
    calls.clear();
  }
}
