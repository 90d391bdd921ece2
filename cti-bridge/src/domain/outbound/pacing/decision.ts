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
import { answerBelief, calibrationFactor, durationModel } from './estimators';
import { explainPacing } from './explain';
import { forecast } from './forecast';
import { logNormalMean, logNormalMedian } from './pacing-math';
import type { PacingDecision, PacingFigures, PacingInputs, PacingReason } from './pacing-types';

export interface PacingTuning {
  budget: BudgetTuning;
  /** Plan with the answer probability this many standard deviations above its estimate (uncertainty costs). */
  answerZ: number;
}

export const PACING_TUNING: Readonly<PacingTuning> = Object.freeze({ budget: BUDGET_TUNING, answerZ: 1 });

export function decidePacing(inputs: PacingInputs, tuning: PacingTuning = PACING_TUNING): PacingDecision {
  const { policy, estimates, floor, lines } = inputs;
  const budget = budgetStatus(policy, inputs.window, tuning.budget);
  const belief = answerBelief(estimates.answer);
  const planned = Math.min(1, belief.mean + tuning.answerZ * belief.sd);
  const talk = durationModel(estimates.talk);
  const wrap = durationModel(estimates.wrap);
  const medianAnswerMs = logNormalMedian(durationModel(estimates.answerTime));
  const horizonMs = medianAnswerMs + policy.graceMs;
  const calibration = calibrationFactor(estimates.calibration);
  const outlook = forecast(floor, lines, estimates, planned, horizonMs);
  const linesInUse = lines.ringingMs.length + lines.answeredWaiting;
  const agentsLoggedIn = floor.ready + floor.talkingMs.length + floor.wrappingMs.length;
  const capacity = Math.max(0, policy.maxLines - linesInUse);
  const progressive = Math.min(capacity, Math.max(0, floor.ready - linesInUse));

  let launch = progressive;
  let reason: PacingReason = 'agents-covered';
  if (agentsLoggedIn === 0) {
    launch = 0;
    reason = 'no-agents';
  } else if (budget.state === 'spent') {
    reason = 'budget-spent';
  } else {
    const risk = (n: number): number => {
      const { answers, overflow } = outlook.withNew(n, planned);
      return answers > 0 ? (calibration * overflow) / answers : 0;
    };
    let n = progressive;
    while (n < capacity && risk(n + 1) <= budget.allowance) n += 1;
    if (n === capacity) reason = 'line-cap';
    else if (n > progressive || progressive === 0) reason = 'risk-limit';
    launch = n;
  }
  const after = outlook.withNew(launch, planned);
  const figures: PacingFigures = {
    readyAgents: outlook.readyAgents,
    agentsFreeing: outlook.agentsFreeing,
    ringing: lines.ringingMs.length,
    answeredWaiting: lines.answeredWaiting,
    pAnswer: { mean: belief.mean, low: belief.low, high: belief.high, planned },
    medianAnswerMs,
    meanHandleMs: logNormalMean(talk) + logNormalMean(wrap),
    horizonMs,
    expectedAnswers: after.answers,
    expectedAgents: outlook.readyAgents + outlook.agentsFreeing,
    predictedAbandonRate: after.answers > 0 ? (calibration * after.overflow) / after.answers : 0,
    calibration,
    lines: linesInUse + launch,
    maxLines: policy.maxLines,
  };
  const mode = agentsLoggedIn === 0 ? 'paused' : budget.state === 'spent' ? 'progressive' : 'predictive';
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
