/**
 * The inbound queueing engine, pure and in memory: waiting calls in service order, free agents indexed by skill
 * and level, and the decisions that pair them (each with its explanation). Time comes in as arguments; the
 * service (live calls) and the simulator (fake clock) drive the same code.
 */
import { compareRanks, levelFor, type AgentRank } from './agent-choice';
import { compareKeys } from './call-order';
import { IdleIndex, type IdleAgent } from './idle-index';
import type { QueuePolicy } from './queue-policy';
import { primaryLanguage, type QueuedCall, type RoutingAgent } from './queued-call';
import { decisionOf, type RoutingDecision } from './routing-decision';
import { dueStep, nextLimitAt, type WaitLimitStep } from './wait-limits';
import { WaitingCalls, type Waiting } from './waiting-calls';

/** One per agent on the floor; it is also the agent's entry in each of their skills' idle indexes. */
interface AgentEntry extends IdleAgent {
  agent: RoutingAgent;
  /** The agent's skills as parallel arrays (business type, level): listing them allocates nothing. */
  types: number[];
  levels: number[];
  free: boolean;
}

export type DueStep = WaitLimitStep & { call: QueuedCall; fromQueueId: number };

const NOT_OVERFLOWED: readonly string[] = [];

const rankSlot = (): AgentRank => ({ agentId: 0, level: 0, languageMatch: false, idleSince: 0 });

export class QueueingEngine {
  private readonly policies = new Map<number, QueuePolicy>();
  private readonly waitingCalls = new WaitingCalls();
  private readonly agents = new Map<number, AgentEntry>();
  private readonly idle = new Map<number, IdleIndex>();
  /** Business types with at least one free agent: the only calls a dispatch needs to look at are theirs. */
  private readonly freeTypes = new Set<number>();
  /** Agents holding each skill (busy or free), for wait estimates. */
  private readonly staffed = new Map<number, number>();
  private freeCount = 0;
  // scratch space reused by every dispatch (a decision allocates only what it returns)
  private epoch = 0;
  private readonly cursorLists: (readonly Waiting[])[] = [];
  private readonly cursorTypes: number[] = [];
  private readonly cursorAt: number[] = [];
  private readonly found = rankSlot();
  private readonly chosen = rankSlot();

  constructor(policies: Iterable<QueuePolicy>) {
    this.setPolicies(policies);
  }

  /** New or edited queues apply to the calls already waiting (their order is recomputed). */
  setPolicies(policies: Iterable<QueuePolicy>): void {
    this.policies.clear();
    for (const policy of policies) this.policies.set(policy.queueId, policy);
    const calls = this.waitingCalls.order
      .map((w) => w.call)
      .filter((call) => this.policies.has(call.queueId));
    this.waitingCalls.clear();
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
    const idleSince = entry?.idleSince ?? 0;
    if (entry) this.removeAgent(agentId);
    const agent: RoutingAgent = { agentId, skills, languages, idleSince };
    this.agents.set(agentId, {
      agentId,
      idleSince,
      primaries: [...languages].map(primaryLanguage),
      agent,
      types: [...skills.keys()],
      levels: [...skills.values()],
      free: false,
    });
    for (const type of skills.keys()) this.staffed.set(type, (this.staffed.get(type) ?? 0) + 1);
    if (wasFree) this.agentFree(agentId, idleSince);
  }

  removeAgent(agentId: number): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    this.agentBusy(agentId);
    for (const type of entry.types) this.staffed.set(type, (this.staffed.get(type) ?? 1) - 1);
    this.agents.delete(agentId);
  }

  /** The business types the agent holds a skill for (empty for an agent not on the floor). */
  skillsOf(agentId: number): ReadonlySet<number> {
    return new Set(this.agents.get(agentId)?.types ?? []);
  }

  hasAgent(agentId: number): boolean {
    return this.agents.has(agentId);
  }

  /** The agent can take a call, idle since `idleSince` (longest idle is served first). */
  agentFree(agentId: number, idleSince: number): void {
    const entry = this.agents.get(agentId);
    if (!entry) return;
    if (entry.free && entry.idleSince === idleSince) return;
    if (entry.free) this.agentBusy(agentId);
    entry.idleSince = idleSince;
    entry.agent.idleSince = idleSince;
    entry.free = true;
    this.freeCount++;
    for (let i = 0; i < entry.types.length; i++) {
      const type = entry.types[i] as number;
      const index = this.indexOf(type);
      index.add(entry, entry.levels[i] as number);
      if (index.size === 1) this.freeTypes.add(type);
    }
  }

  agentBusy(agentId: number): void {
    const entry = this.agents.get(agentId);
    if (!entry?.free) return;
    entry.free = false;
    this.freeCount--;
    for (let i = 0; i < entry.types.length; i++) {
      const type = entry.types[i] as number;
      const index = this.idle.get(type);
      if (!index) continue;
      index.remove(entry, entry.levels[i] as number);
      if (index.size === 0) this.freeTypes.delete(type);
    }
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
    this.waitingCalls.remove(call.callId);
    this.waitingCalls.add(WaitingCalls.entry(call, policy, this.skillsFor(call)));
    return true;
  }

  remove(callId: string): QueuedCall | undefined {
    return this.waitingCalls.remove(callId)?.call;
  }

  get(callId: string): QueuedCall | undefined {
    return this.waitingCalls.get(callId)?.call;
  }

  waitingCount(): number {
    return this.waitingCalls.size;
  }

  /** Waiting calls in service order. */
  waiting(): readonly QueuedCall[] {
    return this.waitingCalls.order.map((w) => w.call);
  }

  /** Each waiting call's queue and 1-based position in it (calls of that queue served before it, plus one). */
  positions(): Map<string, { queueId: number; position: number }> {
    const next = new Map<number, number>();
    const positions = new Map<string, { queueId: number; position: number }>();
    for (const { call } of this.waitingCalls.order) {
      const position = (next.get(call.queueId) ?? 0) + 1;
      next.set(call.queueId, position);
      positions.set(call.callId, { queueId: call.queueId, position });
    }
    return positions;
  }

  /** Free agents holding this queue's skill. */
  availableFor(queueId: number): number {
    const type = this.policies.get(queueId)?.businessTypeId;
    return type === undefined ? 0 : (this.idle.get(type)?.size ?? 0);
  }

  freeAgents(): number {
    return this.freeCount;
  }

  // ---- decisions -----------------------------------------------------------------------------------------

  /**
   * Pairs waiting calls with free agents, calls in service order, each with its best free agent. The pairs
   * leave the engine (the call stops waiting, the agent is busy); a call the agent does not take comes back
   * through `enqueue` with that agent in `declinedBy`.
   *
   * Only calls some free agent holds a skill for can be paired, so the walk merges the per-type lists of the
   * types with free agents (in service order, each call once) instead of reading every waiting call: the same
   * pairs as walking the whole order, found in a few steps when few agents are free.
   */
  dispatch(now: number): RoutingDecision[] {
    const decisions: RoutingDecision[] = [];
    if (this.waitingCalls.size === 0 || this.freeCount === 0) return decisions;
    const epoch = ++this.epoch;
    const { cursorLists: lists, cursorTypes: types, cursorAt: at } = this;
    lists.length = types.length = at.length = 0;
    for (const type of this.freeTypes) {
      const list = this.waitingCalls.listFor(type);
      if (!list || list.length === 0) continue;
      lists.push(list);
      types.push(type);
      at.push(0);
    }
    while (this.freeCount > 0) {
      const head = this.nextHead(epoch);
      if (!head) break;
      head.seen = epoch;
      const decision = this.decide(head, now);
      if (!decision) continue;
      decisions.push(decision);
      this.agentBusy(decision.agentId);
    }
    for (const decision of decisions) this.remove(decision.callId);
    return decisions;
  }

  /** Overflow is applied here (the call moves on, keeping its arrival time); callbacks and refusals are the caller's. */
  due(now: number): DueStep[] {
    const steps: DueStep[] = [];
    for (const { call } of [...this.waitingCalls.order]) {
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
    for (const { call } of this.waitingCalls.order) {
      const policy = this.policies.get(call.queueId);
      const at = policy ? nextLimitAt(call, policy) : null;
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** The first call in service order, across the lists of types that still have someone free, not seen yet. */
  private nextHead(epoch: number): Waiting | null {
    const { cursorLists: lists, cursorTypes: types, cursorAt: at } = this;
    let head: Waiting | null = null;
    let from = -1;
    for (let i = 0; i < lists.length; i++) {
      if (!this.freeTypes.has(types[i] as number)) continue;
      const list = lists[i] as readonly Waiting[];
      let j = at[i] as number;
      while (j < list.length && (list[j] as Waiting).seen === epoch) j++;
      at[i] = j;
      const candidate = list[j];
      if (candidate && (!head || compareKeys(candidate.key, head.key) < 0)) {
        head = candidate;
        from = i;
      }
    }
    if (from >= 0) at[from] = (at[from] as number) + 1;
    return head;
  }

  private decide(waiting: Waiting, now: number): RoutingDecision | null {
    const { call, types } = waiting;
    const policy = this.policies.get(call.queueId);
    if (!policy) return null;
    const { found, chosen } = this;
    let any = false;
    for (const type of types) {
      if (!this.idle.get(type)?.best(waiting.wanted, call.declinedBy, found)) continue;
      const agent = this.agents.get(found.agentId)?.agent;
      if (agent) found.level = levelFor(agent, types);
      if (any && compareRanks(found, chosen) >= 0) continue;
      Object.assign(chosen, found);
      any = true;
    }
    if (!any) return null;
    const from =
      call.overflowedFrom.length === 0
        ? NOT_OVERFLOWED
        : call.overflowedFrom.map((id) => this.policies.get(id)?.code ?? String(id));
    return decisionOf(call, policy, waiting.key.tierRank, chosen, now, from);
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

  private indexOf(type: number): IdleIndex {
    let index = this.idle.get(type);
    if (!index) this.idle.set(type, (index = new IdleIndex()));
    return index;
  }
}
