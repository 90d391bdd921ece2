/**
 * Inbound routing decisions, pure: service number → business type → queue → the longest-idle ready agent
 * with that skill; calls wait FIFO (within priority) while nobody is free.
 */

export interface RoutableAgent {
  agentId: number;
  ready: boolean;
  /** Business type ids the agent is skilled for. */
  skills: ReadonlySet<number>;
  /** When the agent last became ready: the smallest value has been idle longest. */
  idleSince: number;
}

export interface WaitingCall {
  callId: string;
  businessTypeId: number;
  queuedAt: number;
  /** Higher first (service-number priority today; customer tier and overflow later). */
  priority: number;
  /** Agents who already let this call go (rejected or missed): it goes to someone else. */
  declinedBy: ReadonlySet<number>;
}

const canTake = (agent: RoutableAgent, call: WaitingCall) =>
  agent.ready && agent.skills.has(call.businessTypeId) && !call.declinedBy.has(agent.agentId);

export function pickAgentForCall(call: WaitingCall, agents: Iterable<RoutableAgent>): number | null {
  let best: RoutableAgent | null = null;
  for (const agent of agents) {
    if (!canTake(agent, call)) continue;
    if (
      !best ||
      agent.idleSince < best.idleSince ||
      (agent.idleSince === best.idleSince && agent.agentId < best.agentId)
    )
      best = agent;
  }
  return best?.agentId ?? null;
}

/** Orders waiting calls as they should be served: priority first, then the longest wait. */
export function compareWaiting(a: WaitingCall, b: WaitingCall): number {
  return b.priority - a.priority || a.queuedAt - b.queuedAt || a.callId.localeCompare(b.callId);
}

export function pickCallForAgent(agent: RoutableAgent, waiting: Iterable<WaitingCall>): string | null {
  let best: WaitingCall | null = null;
  for (const call of waiting) {
    if (!canTake(agent, call)) continue;
    if (!best || compareWaiting(call, best) < 0) best = call;
  }
  return best?.callId ?? null;
}

/**
 * Matches as many waiting calls to free agents as possible, in service order: each call in turn takes the
 * longest-idle agent able to serve it. Returns the pairs; the caller reserves them.
 */
export function assignWaitingCalls(
  waiting: readonly WaitingCall[],
  agents: readonly RoutableAgent[],
): { callId: string; agentId: number }[] {
  const free = new Map(agents.filter((agent) => agent.ready).map((agent) => [agent.agentId, agent]));
  const pairs: { callId: string; agentId: number }[] = [];
  for (const call of [...waiting].sort(compareWaiting)) {
    const agentId = pickAgentForCall(call, free.values());
    if (agentId === null) continue;
    pairs.push({ callId: call.callId, agentId });
    free.delete(agentId);
  }
  return pairs;
}
