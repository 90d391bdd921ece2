import type { AgentState } from '../../protocol/agent-state.schema';
import {
  initialAgentState,
  transition,
  type AgentEvent,
  type Transition,
} from '../domain/agent-state-machine';
import type { RoutableAgent } from '../domain/routing';

export interface AgentFloorDeps {
  now: () => number;
  /** Business type ids the agent is skilled for (read at login, so admin changes apply on the next login). */
  skillsOf: (agentId: number) => ReadonlySet<number>;
  /** Called with every accepted state, in order: persisted and pushed to the agent's consoles. */
  onChange: (state: AgentState) => void;
}

/** Holds the authoritative state of every agent and applies events through the pure state machine. */
export class AgentFloor {
  private readonly states = new Map<number, AgentState>();
  private readonly skills = new Map<number, ReadonlySet<number>>();
  /** Calls each agent's phone is on outside the queues (manual dials, colleagues): no offers meanwhile. */
  private readonly outsideCalls = new Map<number, Set<string>>();
  /** Agents working an outbound campaign: the dialer gives them calls, the inbound router does not. */
  private readonly outbound = new Set<number>();

  constructor(private readonly deps: AgentFloorDeps) {}

  get(agentId: number): AgentState {
    return this.states.get(agentId) ?? initialAgentState(agentId, this.deps.now());
  }

  apply(agentId: number, event: AgentEvent): Transition {
    const result = transition(this.get(agentId), event, this.deps.now());
    if (result.ok) {
      // Only an accepted login reloads skills: a refused one (a second console) must not swap them mid-shift.
      if (event.type === 'login') this.skills.set(agentId, this.deps.skillsOf(agentId));
      this.states.set(agentId, result.state);
      this.deps.onChange(result.state);
      // a phone already on an outside call when its agent logs in shows as busy at once
      if (event.type === 'login') this.syncPhoneBusy(agentId);
    }
    return result;
  }

  phoneBusy(agentId: number, callId: string): void {
    const calls = this.outsideCalls.get(agentId) ?? new Set<string>();
    calls.add(callId);
    this.outsideCalls.set(agentId, calls);
    this.syncPhoneBusy(agentId);
  }

  phoneFree(agentId: number, callId: string): void {
    const calls = this.outsideCalls.get(agentId);
    calls?.delete(callId);
    if (calls?.size === 0) this.outsideCalls.delete(agentId);
    this.syncPhoneBusy(agentId);
  }

  /** The versioned state shows the flag (consoles and supervisors see it); changed only when it flips. */
  private syncPhoneBusy(agentId: number): void {
    const busy = this.outsideCalls.has(agentId);
    const state = this.get(agentId);
    if (state.status !== 'logged-out' && state.phoneBusy !== busy)
      this.apply(agentId, { type: 'phone-busy', busy });
  }

  /** The agent's skills were edited: a logged-in agent's skills are read again now (others' at login). */
  reloadSkills(agentId: number): void {
    if (this.skills.has(agentId)) this.skills.set(agentId, this.deps.skillsOf(agentId));
  }

  /** The agent joined (true) or left (false) an outbound campaign. */
  setOutbound(agentId: number, working: boolean): void {
    if (working) this.outbound.add(agentId);
    else this.outbound.delete(agentId);
  }

  routable(): RoutableAgent[] {
    const agents: RoutableAgent[] = [];
    for (const state of this.states.values()) {
      if (
        state.status !== 'ready' ||
        this.outsideCalls.has(state.agentId) ||
        this.outbound.has(state.agentId)
      )
        continue;
      agents.push({
        agentId: state.agentId,
        ready: true,
        skills: this.skills.get(state.agentId) ?? new Set(),
        idleSince: state.since,
      });
    }
    return agents;
  }

  all(): AgentState[] {
    return [...this.states.values()];
  }
}
