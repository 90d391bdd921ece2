/**
 * The facts every supervisor figure is computed from: one record per interaction (call leg), per agent state
 * change and per outbound attempt. The live wallboard and the historical reports read the same records (from
 * `interactions`, `agent_state_log` and `call_attempts`) and pass them through the same formulas.
 */
export interface CallRecord {
  id: number;
  direction: 'inbound' | 'outbound';
  queueId: number | null;
  businessTypeId: number | null;
  agentId: number | null;
  campaignId: number | null;
  dispositionId: number | null;
  /** A leg an agent's transfer started: handled by its agent, but not a new call offered to the queue. */
  transferLeg: boolean;
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  waitMs: number | null;
  /** Answer to hang-up; a call on hold is still talking time (hold is part of it, as in AHT's talk + hold). */
  talkMs: number | null;
  /** Hang-up to the wrap-up's end; null while the agent is still wrapping up. */
  wrapMs: number | null;
  abandoned: boolean;
}

/** One row of the agent state log: from `at` the agent was in `status` until their next row. */
export interface StateRecord {
  agentId: number;
  status: string;
  reason: string | null;
  at: number;
}

/** One outbound attempt of a campaign; `outcome` null while it is in progress. */
export interface AttemptRecord {
  campaignId: number;
  outcome: string | null;
  startedAt: number;
}

/** The rules a queue's figures are measured against. */
export interface MetricRules {
  /** Answered within this wait counts toward the service level. */
  slaTargetMs: number;
  /** Abandoned within this wait is a short abandon (a wrong number, a caller who changed their mind). */
  shortAbandonMs: number;
}

/** A half-open time window [from, to). */
export interface Window {
  from: number;
  to: number;
}

export const inWindow = (at: number, window: Window): boolean => at >= window.from && at < window.to;

/** A ratio, or null when nothing was measured (never a division by zero shown as 0 %). */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
