/**
 * Predictive pacing, one decision interval: how many calls to launch now. Pure — everything it depends on is
 * in its inputs, which the dialer logs per interval, so any decision can be replayed and explained.
 *
 * It launches the most new calls for which the forecast's abandon risk (answers expected to find no agent,
 * over answers expected, corrected by how the forecast has matched reality) stays within the budget's
 * allowance — never fewer than progressive would (one call per ready agent without one is risk-free), never
 * more than the campaign's lines. A spent budget leaves progressive only.
 */
import { budgetStatus, BUDGET_TUNING, type BudgetTuning } from './budget';
import { answerBelief, calibrationFactor, durationModel, type AnswerBelief } from './estimators';
import { explainPacing } from './explain';
import { forecast, type Forecast } from './forecast';
import { logNormalMean, logNormalMedian } from './pacing-math';
import type { PacingDecision, PacingFigures, PacingInputs, PacingMode, PacingReason } from './pacing-types';

export interface PacingTuning {
  budget: BudgetTuning;
  /** Plan with the answer probability this many standard deviations above its estimate (uncertainty costs). */
  answerZ: number;
}

export const PACING_TUNING: Readonly<PacingTuning> = Object.freeze({ budget: BUDGET_TUNING, answerZ: 1 });

interface Plan {
  belief: AnswerBelief;
  /** The answer probability planned with. */
  p: number;
  horizonMs: number;
  medianAnswerMs: number;
  calibration: number;
  outlook: Forecast;
}

export function decidePacing(inputs: PacingInputs, tuning: PacingTuning = PACING_TUNING): PacingDecision {
  const { policy, floor, lines } = inputs;
  const budget = budgetStatus(policy, inputs.window, tuning.budget);
  const plan = planFor(inputs, tuning);
  const linesInUse = lines.ringingMs.length + lines.answeredWaiting;
  const capacity = Math.max(0, policy.maxLines - linesInUse);
  const progressive = Math.min(capacity, Math.max(0, floor.ready - linesInUse));
  const agentsLoggedIn = floor.ready + floor.talkingMs.length + floor.wrappingMs.length;

  let launch = progressive;
  let reason: PacingReason = 'agents-covered';
  let mode: PacingMode = 'predictive';
  if (agentsLoggedIn === 0) {
    [launch, reason, mode] = [0, 'no-agents', 'paused'];
  } else if (budget.state === 'spent') {
    [reason, mode] = ['budget-spent', 'progressive'];
  } else {
    while (launch < capacity && riskWith(plan, launch + 1) <= budget.allowance) launch += 1;
    if (launch === capacity) reason = 'line-cap';
    else if (launch > progressive || progressive === 0) reason = 'risk-limit';
  }
  const figures = figuresOf(inputs, plan, launch, linesInUse);
  return {
    launch,
    mode,
    reason,
    budget,
    figures,
    inputs,
    // Worded on demand (a getter, so JSON and the supervisor view still get it): most decisions are never read.
    get explanation() {
      return explainPacing(this);
    },
  };
}

function planFor(inputs: PacingInputs, tuning: PacingTuning): Plan {
  const { estimates } = inputs;
  const belief = answerBelief(estimates.answer);
  const p = Math.min(1, belief.mean + tuning.answerZ * belief.sd);
  const medianAnswerMs = logNormalMedian(durationModel(estimates.answerTime));
  // A call placed now is answered after about the median answer time, and may wait the grace for an agent.
  const horizonMs = medianAnswerMs + inputs.policy.graceMs;
  const outlook = forecast(inputs.floor, inputs.lines, estimates, p, horizonMs);
  return {
    belief,
    p,
    horizonMs,
    medianAnswerMs,
    calibration: calibrationFactor(estimates.calibration),
    outlook,
  };
}

/** Expected share of answers (in flight plus `n` new calls) finding no agent, calibrated. */
function riskWith(plan: Plan, n: number): number {
  const { answers, overflow } = plan.outlook.withNew(n, plan.p);
  return answers > 0 ? (plan.calibration * overflow) / answers : 0;
}

function figuresOf(inputs: PacingInputs, plan: Plan, launch: number, linesInUse: number): PacingFigures {
  const { estimates, lines, policy } = inputs;
  const { outlook, belief } = plan;
  return {
    readyAgents: outlook.readyAgents,
    agentsFreeing: outlook.agentsFreeing,
    ringing: lines.ringingMs.length,
    answeredWaiting: lines.answeredWaiting,
    pAnswer: { mean: belief.mean, low: belief.low, high: belief.high, planned: plan.p },
    medianAnswerMs: plan.medianAnswerMs,
    meanHandleMs: logNormalMean(durationModel(estimates.talk)) + logNormalMean(durationModel(estimates.wrap)),
    horizonMs: plan.horizonMs,
    expectedAnswers: outlook.withNew(launch, plan.p).answers,
    expectedAgents: outlook.readyAgents + outlook.agentsFreeing,
    predictedAbandonRate: riskWith(plan, launch),
    calibration: plan.calibration,
    lines: linesInUse + launch,
    maxLines: policy.maxLines,
  };
}
