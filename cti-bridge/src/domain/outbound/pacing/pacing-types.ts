/**
 * The shapes of predictive pacing: what a decision interval sees (its inputs, logged as they are so the
 * decision can be replayed) and what it decides. Pure data; times are milliseconds on the injected clock.
 */
import type { AnswerEstimate, CalibrationEstimate, DurationEstimate } from './estimators';

/** The rule set that fixes the abandon window: US TSR counts 30 days rolling, UK Ofcom 24 hours. */
export type AbandonRuleSet = 'us-tsr' | 'uk-ofcom';

export const ABANDON_WINDOW_MS: Readonly<Record<AbandonRuleSet, number>> = {
  'us-tsr': 30 * 24 * 3_600_000,
  'uk-ofcom': 24 * 3_600_000,
};

/** What the campaign allows; fixed while it runs. */
export interface PacingPolicy {
  ruleSet: AbandonRuleSet;
  /** Abandoned / live-answered calls allowed over the window (0.03 by default). */
  abandonTarget: number;
  /** Lines the campaign may hold at once (ringing and answered-waiting calls count). */
  maxLines: number;
  /** A live answer with no agent within this long is abandoned (2 s). */
  graceMs: number;
}

export const DEFAULT_PACING_POLICY: Readonly<PacingPolicy> = Object.freeze({
  ruleSet: 'us-tsr',
  abandonTarget: 0.03,
  maxLines: 1_000,
  graceMs: 2_000,
});

/** The campaign's agents now: how many are ready, and how long each busy one has been talking or wrapping. */
export interface FloorSnapshot {
  ready: number;
  /** Elapsed talk time of each talking agent, ms. */
  talkingMs: readonly number[];
  /** Elapsed wrap time of each agent in wrap-up, ms. */
  wrappingMs: readonly number[];
}

/** The campaign's calls in flight: placed, not yet with an agent or ended. */
export interface LinesSnapshot {
  /** Elapsed ring time of each ringing call, ms. */
  ringingMs: readonly number[];
  /** Calls answered live and waiting (at most the grace time) for an agent. */
  answeredWaiting: number;
}

/** Live answers and abandons inside the campaign's window (machines excluded from both). */
export interface AbandonWindow {
  answers: number;
  abandons: number;
}

/** The live estimates the dialer keeps (see estimators.ts), per campaign. */
export interface PacingEstimates {
  answer: AnswerEstimate;
  /** Ring time of calls that were answered live. */
  answerTime: DurationEstimate;
  talk: DurationEstimate;
  wrap: DurationEstimate;
  /** Observed vs predicted abandons: scales the forecast's risk. */
  calibration: CalibrationEstimate;
}

/** Everything one decision depends on: logged per interval, so `decidePacing(inputs)` replays it exactly. */
export interface PacingInputs {
  at: number;
  policy: PacingPolicy;
  estimates: PacingEstimates;
  floor: FloorSnapshot;
  lines: LinesSnapshot;
  window: AbandonWindow;
}

export type PacingMode = 'predictive' | 'progressive' | 'paused';

/** Why the decision launched what it did; stable codes the supervisor view translates. */
export type PacingReason = 'no-agents' | 'line-cap' | 'budget-spent' | 'risk-limit' | 'agents-covered';

export type BudgetState = 'open' | 'tight' | 'spent';

export interface BudgetStatus {
  state: BudgetState;
  /** Abandons / answers in the window so far (0 with no answers). */
  rate: number;
  /** Abandons that can still happen before the window's rate exceeds the target. */
  remaining: number;
  /** The abandon rate this interval may plan for: the target less a safety margin, plus or minus catch-up. */
  allowance: number;
}

/** The numbers the decision was made from, for the supervisor view. */
export interface PacingFigures {
  readyAgents: number;
  /** Busy agents expected to be free by the time a call placed now is answered (plus the grace). */
  agentsFreeing: number;
  ringing: number;
  answeredWaiting: number;
  /** Answer probability: estimate, 95% interval, and the value planned with. */
  pAnswer: { mean: number; low: number; high: number; planned: number };
  medianAnswerMs: number;
  meanHandleMs: number;
  /** Horizon the forecast looks at: median answer time of a new call plus the grace. */
  horizonMs: number;
  /** Expected answers from calls in flight plus the new ones, and agents to take them. */
  expectedAnswers: number;
  expectedAgents: number;
  /** Expected share of those answers finding no agent, as planned (calibration applied). */
  predictedAbandonRate: number;
  /** Observed / predicted abandons so far: the factor applied to the forecast's risk. */
  calibration: number;
  /** Lines in use after launching / allowed. */
  lines: number;
  maxLines: number;
}

/** A decision: how many calls to launch now, in which mode, and why, with its inputs (for replay). */
export interface PacingDecision {
  launch: number;
  mode: PacingMode;
  reason: PacingReason;
  budget: BudgetStatus;
  figures: PacingFigures;
  /** One sentence for the supervisor (English; the view may render from `reason` and `figures` instead). */
  explanation: string;
  inputs: PacingInputs;
}
