/**
 * Which free agent takes a call: the best skill level for the call's queues, then one who speaks the caller's
 * language, then the longest idle, then the lowest agent id (deterministic). Agents who let the call go are
 * skipped. The plain scan here is the rule; the engine's index gives the same answer faster.
 */
import { MAX_SKILL_LEVEL, speaks, type QueuedCall, type RoutingAgent } from './queued-call';

export interface AgentRank {
  agentId: number;
  level: number;
  languageMatch: boolean;
  idleSince: number;
}

/** The agent's level for a call needing any of these skills (the best of them), 0 when none. */
export function levelFor(agent: Pick<RoutingAgent, 'skills'>, businessTypes: readonly number[]): number {
  let level = 0;
  for (const type of businessTypes) level = Math.max(level, agent.skills.get(type) ?? 0);
  return Math.min(level, MAX_SKILL_LEVEL);
}

/** Negative when `a` is the better choice. */
export function compareRanks(a: AgentRank, b: AgentRank): number {
  return (
    b.level - a.level ||
    Number(b.languageMatch) - Number(a.languageMatch) ||
    a.idleSince - b.idleSince ||
    a.agentId - b.agentId
  );
}

export function rankAgent(
  agent: RoutingAgent,
  call: Pick<QueuedCall, 'language' | 'declinedBy'>,
  businessTypes: readonly number[],
): AgentRank | null {
  if (call.declinedBy.has(agent.agentId)) return null;
  const level = levelFor(agent, businessTypes);
  if (level <= 0) return null;
  return {
    agentId: agent.agentId,
    level,
    languageMatch: speaks(agent, call.language),
    idleSince: agent.idleSince,
  };
}

/** The best free agent for the call by a full scan; null when nobody free can take it. */
export function chooseAgent(
  call: Pick<QueuedCall, 'language' | 'declinedBy'>,
  businessTypes: readonly number[],
  freeAgents: Iterable<RoutingAgent>,
): AgentRank | null {
  let best: AgentRank | null = null;
  for (const agent of freeAgents) {
    const rank = rankAgent(agent, call, businessTypes);
    if (rank && (!best || compareRanks(rank, best) < 0)) best = rank;
  }
  return best;
}
