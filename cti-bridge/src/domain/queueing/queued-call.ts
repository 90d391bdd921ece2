/** A call (or a callback request keeping a caller's place) waiting in the queueing engine. */
export interface QueuedCall {
  callId: string;
  /** The queue it waits in now (the last overflow target, or where it arrived). */
  queueId: number;
  /** Queues it overflowed from: their agents may still take it. */
  overflowedFrom: readonly number[];
  /** Customer tier (`A`, `B`, `C`), null for an unknown caller. */
  tier: string | null;
  /** The language the caller wants (from the line or attached data), null for any. */
  language: string | null;
  /** Higher first within a tier (the service number's priority). */
  linePriority: number;
  /** The caller's first arrival: kept through overflow and when a callback takes the caller's place. */
  arrivedAt: number;
  /** When it entered its current queue (overflow timers count from here). */
  queuedAt: number;
  /** Agents who let this call go (rejected or did not answer): it goes to someone else. */
  declinedBy: ReadonlySet<number>;
  kind: 'call' | 'callback';
}

/** An agent as routing sees them: skills with levels, languages, and since when they are idle. */
export interface RoutingAgent {
  agentId: number;
  /** Business type id → level 1..10. */
  skills: ReadonlyMap<number, number>;
  languages: ReadonlySet<string>;
  /** When they became free: the smallest has been idle longest. */
  idleSince: number;
}

export const MAX_SKILL_LEVEL = 10;

/** Language tags compare on their primary subtag: a `zh` agent serves a `zh-CN` caller. */
export const primaryLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

export function speaks(agent: Pick<RoutingAgent, 'languages'>, language: string | null): boolean {
  if (language === null) return true;
  const wanted = primaryLanguage(language);
  for (const spoken of agent.languages) if (primaryLanguage(spoken) === wanted) return true;
  return false;
}
