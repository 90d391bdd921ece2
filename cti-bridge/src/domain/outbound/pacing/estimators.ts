/**
 * Live estimates a dialer keeps per campaign, as pure reducers: the dialer folds each observed outcome in
 * (`observe…`) and hands the current values to `decidePacing`. Recent observations weigh more (exponential
 * forgetting by count and by time), so the estimates follow an answer rate that drifts during the shift.
 */
import type { LogNormal } from './pacing-math';

/** Answer probability as a Beta posterior over recent attempts: live answers vs everything else (machines too). */
export interface AnswerEstimate {
  /** Weighted live answers and other outcomes, prior included. */
  answered: number;
  notAnswered: number;
  updatedAt: number;
}

/** A duration (ring time to answer, talk, wrap) as a log-normal fitted to recent samples. */
export interface DurationEstimate {
  /** Effective number of samples behind the fit (prior included). */
  weight: number;
  meanLog: number;
  varLog: number;
  updatedAt: number;
}

/** How forgetful the estimates are: a sample's weight halves after this many newer samples or this long. */
export interface Forgetting {
  halfLifeSamples: number;
  halfLifeMs: number;
}

export const ANSWER_FORGETTING: Forgetting = { halfLifeSamples: 1_000, halfLifeMs: 10 * 60_000 };
export const DURATION_FORGETTING: Forgetting = { halfLifeSamples: 500, halfLifeMs: 60 * 60_000 };

function keep(forgetting: Forgetting, sinceMs: number): number {
  const byCount = 1 / forgetting.halfLifeSamples;
  const byTime = Math.max(0, sinceMs) / forgetting.halfLifeMs;
  return Math.pow(0.5, byCount + byTime);
}

/** A weak prior: what the campaign expects (p), worth `weight` attempts. */
export function answerPrior(p: number, weight: number, at: number): AnswerEstimate {
  return { answered: p * weight, notAnswered: (1 - p) * weight, updatedAt: at };
}

export function observeAttempt(
  estimate: AnswerEstimate,
  liveAnswer: boolean,
  at: number,
  forgetting: Forgetting = ANSWER_FORGETTING,
): AnswerEstimate {
  const k = keep(forgetting, at - estimate.updatedAt);
  return {
    answered: estimate.answered * k + (liveAnswer ? 1 : 0),
    notAnswered: estimate.notAnswered * k + (liveAnswer ? 0 : 1),
    updatedAt: Math.max(at, estimate.updatedAt),
  };
}

export interface AnswerBelief {
  mean: number;
  sd: number;
  /** 95% credible interval. */
  low: number;
  high: number;
}

/** Beta(answered, notAnswered) summarised: mean, standard deviation and a 95% interval (normal approximation). */
export function answerBelief(estimate: AnswerEstimate): AnswerBelief {
  const a = Math.max(estimate.answered, 1e-6);
  const b = Math.max(estimate.notAnswered, 1e-6);
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((mean * (1 - mean)) / (n + 1));
  return { mean, sd, low: Math.max(0, mean - 1.96 * sd), high: Math.min(1, mean + 1.96 * sd) };
}

/** A prior duration: median `medianMs`, spread `sigma` (of the log), worth `weight` samples. */
export function durationPrior(medianMs: number, sigma: number, weight: number, at: number): DurationEstimate {
  return { weight, meanLog: Math.log(medianMs), varLog: sigma * sigma, updatedAt: at };
}

export function observeDuration(
  estimate: DurationEstimate,
  durationMs: number,
  at: number,
  forgetting: Forgetting = DURATION_FORGETTING,
): DurationEstimate {
  const k = keep(forgetting, at - estimate.updatedAt);
  const x = Math.log(Math.max(durationMs, 1));
  const weight = estimate.weight * k + 1;
  const delta = x - estimate.meanLog;
  const meanLog = estimate.meanLog + delta / weight;
  // West's weighted update of the variance around the moving mean.
  const varLog = ((weight - 1) * estimate.varLog + delta * (x - meanLog)) / weight;
  return { weight, meanLog, varLog: Math.max(varLog, 1e-4), updatedAt: Math.max(at, estimate.updatedAt) };
}

export function durationModel(estimate: DurationEstimate): LogNormal {
  return { mu: estimate.meanLog, sigma: Math.sqrt(estimate.varLog) };
}

/**
 * How well the forecast's abandon risk matched what happened: the risk predicted for each answered call (at
 * its launch) against the abandons observed. Their ratio scales the forecast, so a model that is optimistic
 * (or pessimistic) for this campaign's traffic is corrected from its own record.
 */
export interface CalibrationEstimate {
  predicted: number;
  observed: number;
}

export const CALIBRATION_HALF_LIFE_ANSWERS = 2_000;
/** Pseudo-abandons on both sides: a few early abandons do not swing the ratio. */
const CALIBRATION_PRIOR = 4;

export const NEUTRAL_CALIBRATION: CalibrationEstimate = Object.freeze({ predicted: 0, observed: 0 });

/** Folds in one live answer: the abandon risk predicted when it was launched and whether it was abandoned. */
export function observeLiveAnswer(
  estimate: CalibrationEstimate,
  predictedRisk: number,
  abandoned: boolean,
): CalibrationEstimate {
  const k = Math.pow(0.5, 1 / CALIBRATION_HALF_LIFE_ANSWERS);
  return {
    predicted: estimate.predicted * k + predictedRisk,
    observed: estimate.observed * k + (abandoned ? 1 : 0),
  };
}

/** Observed / predicted abandons (1 until there is evidence), kept within [0.5, 4]. */
export function calibrationFactor(estimate: CalibrationEstimate): number {
  const factor = (estimate.observed + CALIBRATION_PRIOR) / (estimate.predicted + CALIBRATION_PRIOR);
  return Math.min(4, Math.max(0.5, factor));
}
