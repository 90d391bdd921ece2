/**
 * The inbound queueing engine, pure and in memory: waiting calls in service order, free agents indexed by skill
 * and level, and the decisions that pair them (each with its explanation). Time comes in as arguments; the
 * service (live calls) and the simulator (fake clock) drive the same code.
 */
import { compareRanks, levelFor, type AgentRank } from './agent-choice';
import { compareKeys, orderKey, type OrderKey } from './call-order';
import { IdleIndex } from './idle-index';
import type { QueuePolicy } from './queue-policy';
import type { QueuedCall, RoutingAgent } from './queued-call';
import { decisionOf, type RoutingDecision } from './routing-decision';
import { dueStep, nextLimitAt, type WaitLimitStep } from './wait-limits';

interface Waiting {
  call: QueuedCall;
  key: OrderKey;
}

interface AgentEntry {
  agent: RoutingAgent;
  free: boolean;
}

export type DueStep = WaitLimitStep & { call: QueuedCall; fromQueueId: number };

export class QueueingEngine {
  private readonly policies = new Map<number, QueuePolicy>();
  /** Waiting calls in service order. */
  private readonly order: Waiting[] = [];
  private readonly calls = new Map<string, Waiting>();
  private readonly agents = new Map<number, AgentEntry>();
  private readonly idle = new Map<number, IdleIndex>();
  /** Agents holding each skill (busy or free), for wait estimates. */
  private readonly staffed = new Map<number, number>();
  private freeCount = 0;

  constructor(policies: Iterable<QueuePolicy>) {
    this.setPolicies(policies);
  }

  /** New or edited queues apply to the calls already waiting (their order is recomputed). */
  setPolicies(policies: Iterable<QueuePolicy>): void {
    this.policies.clear();
    for (const policy of policies) this.policies.set(policy.queueId, policy);
    const calls = this.order.map((w) => w.call).filter((call) => this.policies.has(call.queueId));
    this.order.length = 0;
    this.calls.clear();
    for (const call of calls) this.enqueue(call);
  }

  policy(queueId: number): QueuePolicy | undefined {
    return this.policies.get(queueId);
  }

  policyList(): QueuePolicy[] {
    return [...this.policies.values()];
  }

  // ---- agents --------------------------------------------------------------------------------------------

  /** Adds the agent, or replaces their skills and languages at once (a free agent stays free). */
  setAgent(agentId: number, skills: ReadonlyMap<number, number>, languages: ReadonlySet<string>): void {
    const entry = this.agents.get(agentId);
    const wasFree = entry?.free ?? false;
    const idleSince = entry?.agent.idleSince ?? 0;
    if (entry) this.removeAgent(agentId);
    const agent: RoutingAgent = { agentId, skills, languages, idleSince };
    this.agents.set(agentId, { agent, free: false });
    for (const type of skills.keys()) this.staffed.set(type, (this.staffed.get(type) ?? 0) + 1);
    if (wasFree) this.agentFree(agentId, idleSince);
  }

  removeAgent(agentId: number): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    this.agentBusy(agentId);
    for (const type of entry.agent.skills.keys()) this.staffed.set(type, (this.staffed.get(type) ?? 1) - 1);
    this.agents.delete(agentId);
  }

  /** The business types the agent holds a skill for (empty for an agent not on the floor). */
  skillsOf(agentId: number): ReadonlySet<number> {
    return new Set(this.agents.get(agentId)?.agent.skills.keys() ?? []);
  }

  hasAgent(agentId: number): boolean {
    return this.agents.has(agentId);
  }

  /** The agent can take a call, idle since `idleSince` (longest idle is served first). */
  agentFree(agentId: number, idleSince: number): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    if (entry.free && entry.agent.idleSince === idleSince) return;
    if (entry.free) this.agentBusy(agentId);
    entry.agent = { ...entry.agent, idleSince };
    entry.free = true;
    this.freeCount++;
    for (const [type, level] of entry.agent.skills) this.indexOf(type).add(entry.agent, level);
  }

  agentBusy(agentId: number): void {
    const entry = this.agents.get(agentId);
    if (!entry?.free) return;
    entry.free = false;
    this.freeCount--;
    for (const [type, level] of entry.agent.skills) this.idle.get(type)?.remove(entry.agent, level);
  }

  isFree(agentId: number): boolean {
    return this.agents.get(agentId)?.free ?? false;
  }

  /** Agents holding the skill of this queue (busy or free). */
  staffedFor(queueId: number): number {
    const policy = this.policies.get(queueId);
    return policy ? (this.staffed.get(policy.businessTypeId) ?? 0) : 0;
  }

  // ---- calls ---------------------------------------------------------------------------------------------

  /** The call waits (again) for an agent; false for a queue the engine does not know. */
  enqueue(call: QueuedCall): boolean {
    const policy = this.policies.get(call.queueId);
    if (!policy) return false;
    this.remove(call.callId);
    const waiting = { call, key: orderKey(call, policy) };
    this.order.splice(this.insertAt(waiting.key), 0, waiting);
    this.calls.set(call.callId, waiting);
    return true;
  }

  remove(callId: string): QueuedCall | undefined {
    const waiting = this.calls.get(callId);
    if (!waiting) return undefined;
    const at = this.insertAt(waiting.key);
    if (this.order[at] === waiting) this.order.splice(at, 1);
    else this.order.splice(this.order.indexOf(waiting), 1);
    this.calls.delete(callId);
    return waiting.call;
  }

  get(callId: string): QueuedCall | undefined {
    return this.calls.get(callId)?.call;
  }

  waitingCount(): number {
    return this.order.length;
  }

  /** Waiting calls in service order. */
  waiting(): readonly QueuedCall[] {
    return this.order.map((w) => w.call);
  }

  /** Each waiting call's queue and 1-based position in it (calls of that queue served before it, plus one). */
  positions(): Map<string, { queueId: number; position: number }> {
    const next = new Map<number, number>();
    const positions = new Map<string, { queueId: number; position: number }>();
    for (const { call } of this.order) {
      const position = (next.get(call.queueId) ?? 0) + 1;
      next.set(call.queueId, position);
      positions.set(call.callId, { queueId: call.queueId, position });
    }
    return positions;
  }

  /** Free agents holding this queue's skill. */
  availableFor(queueId: number): number {
    const type = this.policies.get(queueId)?.businessTypeId;
    let n = 0;
    if (type === undefined) return n;
    for (const { agent, free } of this.agents.values()) if (free && agent.skills.has(type)) n++;
    return n;
  }

  freeAgents(): number {
    return this.freeCount;
  }

  // ---- decisions -----------------------------------------------------------------------------------------

  /**
   * Pairs waiting calls with free agents, calls in service order, each with its best free agent. The pairs
   * leave the engine (the call stops waiting, the agent is busy); a call the agent does not take comes back
   * through `enqueue` with that agent in `declinedBy`.
   */
  dispatch(now: number): RoutingDecision[] {
    const decisions: RoutingDecision[] = [];
    if (this.order.length === 0 || !this.anyoneFree()) return decisions;
    for (const waiting of this.order) {
      const decision = this.decide(waiting, now);
      if (!decision) continue;
      decisions.push(decision);
      this.agentBusy(decision.agentId);
      if (!this.anyoneFree()) break;
    }
    for (const decision of decisions) this.remove(decision.callId);
    return decisions;
  }

  /** Overflow is applied here (the call moves on, keeping its arrival time); callbacks and refusals are the caller's. */
  due(now: number): DueStep[] {
    const steps: DueStep[] = [];
    for (const { call } of [...this.order]) {
      const policy = this.policies.get(call.queueId);
      if (!policy) continue;
      const step = dueStep(call, policy, now);
      if (!step) continue;
      steps.push({ ...step, call, fromQueueId: call.queueId });
      if (step.kind === 'overflow')
        this.enqueue({
          ...call,
          queueId: step.toQueueId,
          overflowedFrom: [...call.overflowedFrom, call.queueId],
          queuedAt: now,
        });
      else this.remove(call.callId);
    }
    return steps;
  }

  /** The earliest instant a wait limit falls due, null when none will. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const { call } of this.order) {
      const policy = this.policies.get(call.queueId);
      const at = policy ? nextLimitAt(call, policy) : null;
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  private decide(waiting: Waiting, now: number): RoutingDecision | null {
    const { call } = waiting;
    const policy = this.policies.get(call.queueId);
    if (!policy) return null;
    const types = this.skillsFor(call);
    let best: AgentRank | null = null;
    for (const type of types) {
      const rank = this.idle.get(type)?.best(call.language, call.declinedBy) ?? null;
      if (!rank) continue;
      const agent = this.agents.get(rank.agentId)?.agent;
      const full = agent ? { ...rank, level: levelFor(agent, types) } : rank;
      if (!best || compareRanks(full, best) < 0) best = full;
    }
    if (!best) return null;
    const from = call.overflowedFrom.map((id) => this.policies.get(id)?.code ?? String(id));
    return decisionOf(call, policy, waiting.key.tierRank, best, now, from);
  }

  /** The skills that can serve a call: its queue's and those of the queues it overflowed from. */
  private skillsFor(call: QueuedCall): number[] {
    const types: number[] = [];
    for (const id of [call.queueId, ...call.overflowedFrom]) {
      const type = this.policies.get(id)?.businessTypeId;
      if (type !== undefined && !types.includes(type)) types.push(type);
    }
    return types;
  }

  private anyoneFree(): boolean {
    return this.freeCount > 0;
  }

  private indexOf(type: number): IdleIndex {
    let index = this.idle.get(type);
    if (!index) this.idle.set(type, (index = new IdleIndex()));
    return index;
  }

  private insertAt(key: OrderKey): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys((this.order[mid] as Waiting).key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
