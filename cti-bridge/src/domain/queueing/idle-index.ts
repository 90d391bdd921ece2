/**
 * Free agents holding one skill, by level (10 … 1), each level in idle order (longest idle first, then agent
 * id): the best agent for a call is near the front of the highest level that has anyone, so a decision reads a
 * handful of entries however many agents are free.
 */
import { MAX_SKILL_LEVEL, speaks, type RoutingAgent } from './queued-call';
import type { AgentRank } from './agent-choice';

interface Entry {
  agent: RoutingAgent;
  idleSince: number;
}

const before = (a: Entry, b: Entry) =>
  a.idleSince < b.idleSince || (a.idleSince === b.idleSince && a.agent.agentId < b.agent.agentId);

export class IdleIndex {
  /** levels[L] holds the free agents at level L (index 0 unused). */
  private readonly levels: Entry[][] = Array.from({ length: MAX_SKILL_LEVEL + 1 }, () => []);

  add(agent: RoutingAgent, level: number): void {
    const bucket = this.levels[clamp(level)] as Entry[];
    const entry = { agent, idleSince: agent.idleSince };
    bucket.splice(this.insertAt(bucket, entry), 0, entry);
  }

  remove(agent: RoutingAgent, level: number): void {
    const bucket = this.levels[clamp(level)] as Entry[];
    const at = this.insertAt(bucket, { agent, idleSince: agent.idleSince });
    for (let i = Math.max(0, at - 1); i < bucket.length; i++) {
      if (bucket[i]?.agent.agentId === agent.agentId) {
        bucket.splice(i, 1);
        return;
      }
      if (i > at) break;
    }
    // not where its idle time says (it changed while listed): find it the slow way
    const i = bucket.findIndex((e) => e.agent.agentId === agent.agentId);
    if (i >= 0) bucket.splice(i, 1);
  }

  /** The best free agent here for a call: highest level, then speaking its language, then longest idle. */
  best(language: string | null, declinedBy: ReadonlySet<number>): AgentRank | null {
    for (let level = MAX_SKILL_LEVEL; level >= 1; level--) {
      const bucket = this.levels[level] as Entry[];
      let first: Entry | null = null;
      for (const entry of bucket) {
        if (declinedBy.has(entry.agent.agentId)) continue;
        if (speaks(entry.agent, language)) return rank(entry, level, true);
        first ??= entry;
      }
      if (first) return rank(first, level, language === null);
    }
    return null;
  }

  private insertAt(bucket: Entry[], entry: Entry): number {
    let lo = 0;
    let hi = bucket.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(bucket[mid] as Entry, entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const clamp = (level: number) => Math.max(1, Math.min(MAX_SKILL_LEVEL, Math.round(level)));

const rank = (entry: Entry, level: number, languageMatch: boolean): AgentRank => ({
  agentId: entry.agent.agentId,
  level,
  languageMatch,
  idleSince: entry.idleSince,
});
