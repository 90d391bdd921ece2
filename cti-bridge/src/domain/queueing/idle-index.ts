/**
 * Free agents holding one skill, by level (10 … 1), each level in idle order (longest idle first, then agent
 * id): the best agent for a call is near the front of the highest level that has anyone, so a decision reads a
 * handful of entries however many agents are free. The entries are the engine's own agent records (one per
 * agent, shared by every skill's index), so listing an agent allocates nothing.
 */
import { MAX_SKILL_LEVEL } from './queued-call';
import type { AgentRank } from './agent-choice';

/** A free agent as the index sees them; `idleSince` must not change while the agent is listed. */
export interface IdleAgent {
  readonly agentId: number;
  idleSince: number;
  /** Their languages' primary subtags (`zh` for `zh-CN`). */
  readonly primaries: readonly string[];
}

const before = (a: IdleAgent, b: IdleAgent) =>
  a.idleSince < b.idleSince || (a.idleSince === b.idleSince && a.agentId < b.agentId);

const speaksPrimary = (agent: IdleAgent, wanted: string | null) =>
  wanted === null || agent.primaries.includes(wanted);

export class IdleIndex {
  /** levels[L] holds the free agents at level L (index 0 unused). */
  private readonly levels: IdleAgent[][] = Array.from({ length: MAX_SKILL_LEVEL + 1 }, () => []);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(agent: IdleAgent, level: number): void {
    const bucket = this.levels[clamp(level)] as IdleAgent[];
    const at = insertAt(bucket, agent);
    if (at === bucket.length) bucket.push(agent);
    else bucket.splice(at, 0, agent);
    this.count++;
  }

  remove(agent: IdleAgent, level: number): void {
    const bucket = this.levels[clamp(level)] as IdleAgent[];
    const at = insertAt(bucket, agent);
    let i = bucket[at] === agent ? at : bucket.indexOf(agent);
    // not where its idle time says (it changed while listed): found the slow way above
    if (i < 0) i = bucket.findIndex((e) => e.agentId === agent.agentId);
    if (i < 0) return;
    bucket.splice(i, 1);
    this.count--;
  }

  /**
   * The best free agent here for a call: highest level, then speaking its language (`wanted`, a primary subtag),
   * then longest idle. Written into `out`; false when nobody here can take the call.
   */
  best(wanted: string | null, declinedBy: ReadonlySet<number>, out: AgentRank): boolean {
    if (this.count === 0) return false;
    for (let level = MAX_SKILL_LEVEL; level >= 1; level--) {
      const bucket = this.levels[level] as IdleAgent[];
      let first: IdleAgent | null = null;
      for (let i = 0; i < bucket.length; i++) {
        const agent = bucket[i] as IdleAgent;
        if (declinedBy.size > 0 && declinedBy.has(agent.agentId)) continue;
        if (speaksPrimary(agent, wanted)) return fill(out, agent, level, true);
        first ??= agent;
      }
      if (first) return fill(out, first, level, wanted === null);
    }
    return false;
  }
}

function insertAt(bucket: readonly IdleAgent[], agent: IdleAgent): number {
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(bucket[mid] as IdleAgent, agent)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const clamp = (level: number) => Math.max(1, Math.min(MAX_SKILL_LEVEL, Math.round(level)));

function fill(out: AgentRank, agent: IdleAgent, level: number, languageMatch: boolean): true {
  out.agentId = agent.agentId;
  out.level = level;
  out.languageMatch = languageMatch;
  out.idleSince = agent.idleSince;
  return true;
}
