/**
 * What happens to a lead after an attempt, pure: done, out of attempts, a retry at a time that depends on the
 * outcome, or a callback at the time the agent agreed with the callee.
 */
import type { LeadStatus } from './lead-selection';

export type AttemptOutcome =
  'answered' | 'no-answer' | 'busy' | 'machine' | 'failed' | 'abandoned' | 'blocked';

/** Seconds before the next attempt, by the last outcome (a campaign's own table overrides these). */
export const defaultRetryDelaysSec: Readonly<Record<AttemptOutcome, number>> = {
  answered: 24 * 3600,
  'no-answer': 4 * 3600,
  busy: 15 * 60,
  machine: 4 * 3600,
  failed: 3600,
  // UK: no redial of an abandoned number within 72 h (unless an agent is guaranteed, which the gate knows)
  abandoned: 72 * 3600,
  blocked: 0,
};

export interface RecycleRules {
  maxAttempts: number;
  retryDelaysSec: Partial<Record<string, number>>;
}

/** What the agent decided in wrap-up, for an answered call. */
export interface DispositionFacts {
  /** The lead needs no further call (sale, refusal, wrong number…). */
  final: boolean;
  addsToDnc: boolean;
  /** A callback the agent scheduled: when, and for whom (null: anyone). */
  callback: { at: number; ownerId: number | null } | null;
}

export interface LeadAfter {
  status: LeadStatus;
  nextAttemptAt: number | null;
  callbackOwnerId: number | null;
}

const done = (status: LeadStatus): LeadAfter => ({ status, nextAttemptAt: null, callbackOwnerId: null });

/**
 * The lead's next state. `attempts` counts this attempt already. A blocked dial (DNC…) closes the lead; a
 * disposition decides an answered call; any other outcome retries after its delay until attempts run out.
 */
export function recycleLead(
  outcome: AttemptOutcome,
  attempts: number,
  rules: RecycleRules,
  now: number,
  disposition: DispositionFacts | null = null,
): LeadAfter {
  if (outcome === 'blocked') return done('blocked');
  if (disposition?.addsToDnc) return done('blocked');
  if (disposition?.callback)
    return {
      status: 'callback',
      nextAttemptAt: disposition.callback.at,
      callbackOwnerId: disposition.callback.ownerId,
    };
  if (disposition?.final) return done('done');
  if (attempts >= rules.maxAttempts) return done('exhausted');
  const delaySec = rules.retryDelaysSec[outcome] ?? defaultRetryDelaysSec[outcome];
  return { status: 'retry', nextAttemptAt: now + delaySec * 1000, callbackOwnerId: null };
}

/** Why an agent passed over a preview card; `bad-data` closes the lead, the others put it back for later. */
export const skipReasons = ['not-now', 'wrong-person', 'bad-data', 'other'] as const;
export type SkipReason = (typeof skipReasons)[number];

/** A skipped lead is not an attempt: it waits an hour (or closes, for bad data). */
export function skipLead(reason: SkipReason, now: number): LeadAfter {
  if (reason === 'bad-data') return done('done');
  return { status: 'retry', nextAttemptAt: now + 3600_000, callbackOwnerId: null };
}
