/**
 * The live call flow's side of the queueing engine: it keeps the engine's view of the floor (agents logged in
 * with their skill levels and languages, who is free) and of the waiting calls in step with the call center,
 * asks it for decisions, records each decision on its interaction, applies wait limits, and publishes positions,
 * wait estimates and queue figures (`queue:updated`, `queueSnapshot`).
 */
import type { QueueSnapshot, QueueUpdate, QueuedCallPosition } from '../../../protocol/queue.schema';
import { openState } from '../../domain/queueing/opening-hours';
import { estimatedWaitSec } from '../../domain/queueing/estimated-wait';
import { QueueingEngine, type DueStep } from '../../domain/queueing/queueing-engine';
import type { QueuePolicy } from '../../domain/queueing/queue-policy';
import type { QueuedCall } from '../../domain/queueing/queued-call';
import type { RoutingDecision } from '../../domain/queueing/routing-decision';
import type { RoutableAgent } from '../../domain/routing';
import type { QueueingRepository, QueueNames } from '../../repositories/queueing.repository';
import type { LiveCall } from '../live-call';
import type { WaitingCallback } from '../../repositories/queue-callbacks.repository';
import { CallbackPlaces, callbackIdOf } from './callback-places';
import { QueueFigures } from './queue-figures';

export interface QueueRouterDeps {
  now: () => number;
  repository: Pick<QueueingRepository, 'policies' | 'queueNames' | 'agentProfile' | 'routedAll'>;
  /** Callbacks waiting their turn when the bridge starts. */
  waitingCallbacks?: () => readonly WaitingCallback[];
}

/** A queue callback's turn came and routing chose this agent for it. */
export interface CallbackDecision {
  callbackId: number;
  decision: RoutingDecision;
}

/** A decision for a live call. */
export interface LiveDecision {
  call: LiveCall;
  decision: RoutingDecision;
}

export class QueueRouter {
  private engine: QueueingEngine;
  private names = new Map<number, QueueNames>();
  /** The queueing state of live calls not answered yet (kept while ringing, so overflow survives a requeue). */
  private readonly known = new Map<string, QueuedCall>();
  private readonly free = new Set<number>();
  /** Callback requests keeping their callers' places (web, callers who left the line, retries). */
  private readonly callbacks = new CallbackPlaces();
  /** Where callbacks routing chose an agent for go (the callback dispatch offers them). */
  private callbackSink: (decisions: CallbackDecision[]) => void = () => undefined;
  readonly figures = new QueueFigures();

  constructor(private readonly deps: QueueRouterDeps) {
    this.engine = new QueueingEngine([]);
    this.reload();
    for (const callback of deps.waitingCallbacks?.() ?? []) this.callbackWaiting(callback);
  }

  /** A callback waits for its turn (new, or again after an offer nobody took or an unanswered dial). */
  callbackWaiting(callback: WaitingCallback): void {
    this.engine.remove(`qcb-${callback.id}`);
    this.callbacks.waiting(callback);
  }

  /** An offer of the callback was not taken: back to its place; `agentId` is not asked again. */
  callbackUntaken(callbackId: number, agentId: number | null): void {
    this.callbacks.untaken(callbackId, agentId);
  }

  /** A repeated request merged into this callback arrived earlier: it moves up to that place. */
  callbackArrivedEarlier(callbackId: number, arrivedAt: number): void {
    // out of the engine: it comes back in its new place at the next sync (unless offered or being dialled)
    this.engine.remove(`qcb-${callbackId}`);
    this.callbacks.arrivedEarlier(callbackId, arrivedAt);
  }

  /** The callback is over (completed, blocked, closed) or no longer exists. */
  callbackDone(callbackId: number): void {
    this.engine.remove(`qcb-${callbackId}`);
    this.callbacks.done(callbackId);
  }

  /** True while a callback waits: the call center dispatches even with no call waiting. */
  hasCallbacks(): boolean {
    return this.callbacks.any();
  }

  onCallbacksRouted(sink: (decisions: CallbackDecision[]) => void): void {
    this.callbackSink = sink;
  }

  /** The queues an agent serves: those of the business types they hold a skill for. */
  queuesOf(agentId: number): number[] {
    const skills = this.engine.hasAgent(agentId)
      ? this.engine.skillsOf(agentId)
      : new Set(this.deps.repository.agentProfile(agentId).skills.keys());
    return this.engine
      .policyList()
      .filter((policy) => skills.has(policy.businessTypeId))
      .map((policy) => policy.queueId);
  }

  /** Queues were edited: new policies apply to the calls already waiting. */
  reload(): void {
    this.engine.setPolicies(this.deps.repository.policies());
    this.names = new Map(this.deps.repository.queueNames().map((q) => [q.queueId, q]));
  }

  policy(queueId: number): QueuePolicy | undefined {
    return this.engine.policy(queueId);
  }

  policyByCode(code: string): QueuePolicy | undefined {
    return this.engine.policyList().find((p) => p.code === code);
  }

  /** The agent's skills or languages changed (or they logged in): used from the next decision on. */
  agentChanged(agentId: number): void {
    const { skills, languages } = this.deps.repository.agentProfile(agentId);
    this.engine.setAgent(agentId, skills, languages);
  }

  /** An agent logged in (or changed state): staffed from now on, with their profile read once. */
  agentSeen(agentId: number): void {
    if (!this.engine.hasAgent(agentId)) this.agentChanged(agentId);
  }

  agentLeft(agentId: number): void {
    this.engine.removeAgent(agentId);
    this.free.delete(agentId);
  }

  /** Is the queue open now (opening hours, holidays)? Unknown queues are open: nothing to enforce. */
  isOpen(queueId: number, at: number): boolean {
    const policy = this.engine.policy(queueId);
    return policy ? openState(policy, at).open : true;
  }

  /** A new call joined its queue. */
  arrived(call: LiveCall): void {
    const policy = this.engine.policy(call.queue.id);
    if (policy) this.figures.offered(policy, call.offer.queuedAt);
  }

  /**
   * Decisions for the waiting calls and the free agents, each recorded on its interaction (the round's records
   * committed together, before this returns: durable before the caller offers them). The caller offers them; a call not taken comes back in `waiting` next time, with the agent in its `declinedBy`.
   */
  route(waiting: readonly LiveCall[], free: readonly RoutableAgent[], now: number): LiveDecision[] {
    this.syncAgents(free);
    const byId = this.syncCalls(waiting);
    this.syncCallbacks(now);
    const decisions: LiveDecision[] = [];
    const callbacks: CallbackDecision[] = [];
    for (const decision of this.engine.dispatch(now)) {
      const callbackId = callbackIdOf(decision.callId);
      if (callbackId !== null) {
        this.free.delete(decision.agentId);
        this.callbacks.taken(callbackId);
        callbacks.push({ callbackId, decision });
        continue;
      }
      const call = byId.get(decision.callId);
      if (!call) continue;
      this.free.delete(decision.agentId);
      call.offer.routingRule = decision.rule;
      this.servingQueue(call, decision);
      decisions.push({ call, decision });
    }
    // one commit for the round's records, before the caller offers any of these calls
    this.deps.repository.routedAll(
      decisions.map(({ call, decision }) => ({
        interactionId: call.offer.interactionId,
        queueId: decision.queueId,
        rule: decision.rule,
        detail: decision.detail as unknown as Record<string, unknown>,
      })),
    );
    if (callbacks.length > 0) this.callbackSink(callbacks);
    return decisions;
  }

  answered(call: LiveCall, at: number): void {
    const state = this.known.get(call.offer.callId);
    const policy = this.engine.policy(state?.queueId ?? call.queue.id);
    if (policy) this.figures.answered(policy, at - call.offer.queuedAt, at);
    this.forget(call.offer.callId);
  }

  abandoned(call: LiveCall, at: number): void {
    const policy = this.engine.policy(call.queue.id);
    if (policy) this.figures.abandoned(policy, at);
    this.forget(call.offer.callId);
  }

  /** A call ended (talk + wrap-up measured from the answer): its queue's handle time. */
  handled(queueId: number, handleSec: number): void {
    this.figures.handled(queueId, handleSec);
  }

  forget(callId: string): void {
    this.known.delete(callId);
    this.engine.remove(callId);
  }

  /** Wait limits due now: overflow is applied (the live call moves queue); callbacks and refusals are returned. */
  due(now: number): DueStep[] {
    const steps = this.engine.due(now);
    for (const step of steps) {
      if (step.call.kind === 'callback') continue;
      const moved = this.engine.get(step.call.callId);
      if (moved) this.known.set(moved.callId, moved);
      else this.known.delete(step.call.callId);
    }
    return steps;
  }

  /** The queue a live call waits in now (after overflow). */
  queueOf(callId: string): number | undefined {
    return this.known.get(callId)?.queueId;
  }

  positions(now: number): QueuedCallPosition[] {
    const positions: QueuedCallPosition[] = [];
    for (const [callId, { queueId, position }] of this.engine.positions()) {
      const call = this.engine.get(callId);
      if (!call) continue;
      positions.push({
        callId,
        queueId,
        position,
        estimatedWaitSec: this.estimate(queueId, position),
        arrivedAt: call.arrivedAt,
        kind: call.kind,
      });
    }
    void now;
    return positions;
  }

  queueSnapshot(queueId: number, now = this.deps.now()): QueueSnapshot | null {
    const policy = this.engine.policy(queueId);
    const names = this.names.get(queueId);
    if (!policy || !names) return null;
    this.syncCallbacks(now);
    let waiting = 0;
    let oldest: number | null = null;
    for (const call of this.engine.waiting()) {
      if (call.queueId !== queueId) continue;
      waiting++;
      if (oldest === null || call.arrivedAt < oldest) oldest = call.arrivedAt;
    }
    waiting += this.callbacks.heldIn(queueId, now);
    const callbacks = this.callbacks.waitingIn(queueId);
    const staffed = this.engine.staffedFor(queueId);
    return {
      queueId,
      code: names.code,
      name: names.name,
      nameZh: names.nameZh,
      businessTypeId: policy.businessTypeId,
      priority: policy.priority,
      open: openState(policy, now).open,
      waiting,
      callbacksWaiting: callbacks,
      longestWaitMs: oldest === null ? 0 : Math.max(0, now - oldest),
      estimatedWaitSec: this.availableFor(policy) > 0 ? 0 : this.estimate(queueId, waiting + 1),
      staffed,
      available: this.availableFor(policy),
      handleTimeSec: this.figures.handleSec(queueId),
      slaTargetSec: policy.slaTargetSec,
      slaTargetPercent: policy.slaTargetPercent,
      today: this.figures.today(policy, now),
    };
  }

  update(now = this.deps.now()): QueueUpdate {
    this.syncCallbacks(now);
    const queues = [...this.names.keys()]
      .map((id) => this.queueSnapshot(id, now))
      .filter((q): q is QueueSnapshot => q !== null);
    return { at: now, queues, calls: this.positions(now) };
  }

  private estimate(queueId: number, position: number): number | null {
    const sec = estimatedWaitSec(position, this.engine.staffedFor(queueId), this.figures.handleSec(queueId));
    return sec === null ? null : Math.round(sec);
  }

  private availableFor(policy: QueuePolicy): number {
    return this.engine.availableFor(policy.queueId);
  }

  private syncAgents(free: readonly RoutableAgent[]): void {
    const now = new Set<number>();
    for (const agent of free) {
      now.add(agent.agentId);
      if (!this.engine.hasAgent(agent.agentId)) this.agentChanged(agent.agentId);
      this.engine.agentFree(agent.agentId, agent.idleSince);
    }
    for (const agentId of this.free) if (!now.has(agentId)) this.engine.agentBusy(agentId);
    this.free.clear();
    for (const agentId of now) this.free.add(agentId);
  }

  private syncCalls(waiting: readonly LiveCall[]): Map<string, LiveCall> {
    const byId = new Map<string, LiveCall>();
    for (const call of waiting) {
      byId.set(call.offer.callId, call);
      if (this.engine.get(call.offer.callId)) continue;
      const state = this.known.get(call.offer.callId) ?? this.queuedCall(call);
      this.known.set(state.callId, state);
      this.engine.enqueue(state);
    }
    // waiting() is a fresh array: removing while walking it is safe
    for (const call of this.engine.waiting())
      if (call.kind === 'call' && !byId.has(call.callId)) this.engine.remove(call.callId);
    return byId;
  }

  /** Callbacks whose turn may come now join the engine (with their callers' arrival times). */
  private syncCallbacks(now: number): void {
    for (const call of this.callbacks.due(now)) if (!this.engine.get(call.callId)) this.engine.enqueue(call);
  }

  /** An overflowed call is offered from the queue that serves it now; the pop names the queues it came from. */
  private servingQueue(call: LiveCall, decision: RoutingDecision): void {
    const from = decision.detail.overflowedFrom;
    if (from.length === 0) return;
    const names = this.names.get(decision.queueId);
    if (names)
      call.offer.queue = {
        ...call.offer.queue,
        id: names.queueId,
        code: names.code,
        name: names.name,
        nameZh: names.nameZh,
      };
    call.offer.overflowedFrom = from.flatMap((id) => {
      const q = this.names.get(id);
      return q ? [{ id: q.queueId, code: q.code, name: q.name, nameZh: q.nameZh }] : [];
    });
  }

  private queuedCall(call: LiveCall): QueuedCall {
    const { offer } = call;
    const tier = offer.lookup.match === 'unique' ? (offer.lookup.customers[0]?.tier ?? null) : null;
    return {
      callId: offer.callId,
      queueId: call.queue.id,
      overflowedFrom: [],
      tier,
      language: call.language,
      linePriority: call.priority,
      arrivedAt: offer.queuedAt,
      queuedAt: offer.queuedAt,
      declinedBy: call.declinedBy,
      kind: 'call',
    };
  }
}
