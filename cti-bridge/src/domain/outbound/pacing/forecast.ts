/**
 * The forecast behind a decision: agents free to take a call placed now when it is answered (ready agents,
 * plus busy ones likely to finish by then given how long they have been busy), against the answers expected
 * from calls already in flight plus the new ones. Its output is the expected number of answers that would
 * find no agent, from which the decision gets the abandon rate this many new calls would risk.
 */
import { durationModel } from './estimators';
import {
  addTrial,
  logNormalEndsWithin,
  logNormalMean,
  logNormalSurvival,
  normalPositivePart,
  poissonBinomial,
  type LogNormal,
} from './pacing-math';
import type { FloorSnapshot, LinesSnapshot, PacingEstimates } from './pacing-types';

/** Up to this many uncertain trials the forecast is computed exactly; above, the normal approximation is close. */
const EXACT_TRIALS = 48;

export interface Forecast {
  readyAgents: number;
  /** Expected busy agents free by the horizon. */
  agentsFreeing: number;
  /** Expected answers from calls already in flight. */
  answersInFlight: number;
  /** Expected answers (in flight plus `n` new calls) and how many of them are expected to find no agent. */
  withNew(n: number, pNew: number): { answers: number; overflow: number };
}

/** How likely a ringing call that has rung `elapsedMs` still brings a live answer (Bayes on its ring time). */
export function ringingAnswerChance(elapsedMs: number, p: number, answerTime: LogNormal): number {
  const stillMayAnswer = p * logNormalSurvival(answerTime, elapsedMs);
  // Calls that will not be answered ring until the no-answer timeout: they stay in flight meanwhile.
  return stillMayAnswer / (stillMayAnswer + (1 - p));
}

export function forecast(
  floor: FloorSnapshot,
  lines: LinesSnapshot,
  estimates: PacingEstimates,
  pInFlight: number,
  horizonMs: number,
): Forecast {
  const talk = durationModel(estimates.talk);
  const wrap = durationModel(estimates.wrap);
  const answerTime = durationModel(estimates.answerTime);
  // A talking agent still has the wrap-up after the talk (taken at its mean).
  const talkLeftMs = horizonMs - logNormalMean(wrap);
  const freeing: number[] = [];
  for (const ms of floor.talkingMs) freeing.push(logNormalEndsWithin(talk, ms, talkLeftMs));
  for (const ms of floor.wrappingMs) freeing.push(logNormalEndsWithin(wrap, ms, horizonMs));
  const answering: number[] = [];
  for (const ms of lines.ringingMs) answering.push(ringingAnswerChance(ms, pInFlight, answerTime));
  for (let i = 0; i < lines.answeredWaiting; i += 1) answering.push(1);
  const readyAgents = floor.ready;
  const agentsFreeing = sum(freeing);
  const answersInFlight = sum(answering);
  const withNew =
    freeing.length + answering.length <= EXACT_TRIALS
      ? exactOverflow(readyAgents, freeing, answering)
      : normalOverflow(readyAgents + agentsFreeing, answersInFlight, variance(freeing) + variance(answering));
  return { readyAgents, agentsFreeing, answersInFlight, withNew };
}

function normalOverflow(
  agents: number,
  answersInFlight: number,
  varianceInFlight: number,
): Forecast['withNew'] {
  return (n, pNew) => {
    const answers = answersInFlight + n * pNew;
    const sd = Math.sqrt(varianceInFlight + n * pNew * (1 - pNew));
    return { answers, overflow: normalPositivePart(answers - agents, sd) };
  };
}

/** E[(answers − agents)⁺] from the exact distributions (small floors, where the normal curve is poor). */
function exactOverflow(
  readyAgents: number,
  freeing: readonly number[],
  answering: readonly number[],
): Forecast['withNew'] {
  const supply = poissonBinomial(freeing);
  // shortfall[d] = E[(d − agents)⁺] for d answers; each further answer adds P(agents ≤ d).
  const shortfall = [0];
  let agentsAtMost = 0;
  const shortfallFor = (d: number): number => {
    while (shortfall.length <= d) {
      const below = shortfall.length - 1;
      agentsAtMost += below >= readyAgents ? (supply[below - readyAgents] ?? 0) : 0;
      shortfall.push((shortfall[below] ?? 0) + agentsAtMost);
    }
    return shortfall[d] ?? 0;
  };
  const inFlightAnswers = sum(answering);
  let demand = poissonBinomial(answering);
  // Overflow by number of new calls, for the one p a decision plans with (asked again for the figures).
  const overflows: number[] = [];
  let memoP = NaN;
  return (n, pNew) => {
    if (pNew !== memoP) {
      if (overflows.length > 1) demand = poissonBinomial(answering);
      overflows.length = 0;
      memoP = pNew;
    }
    while (overflows.length <= n) {
      if (overflows.length > 0) demand = addTrial(demand, pNew);
      let overflow = 0;
      for (let d = readyAgents + 1; d < demand.length; d += 1) overflow += (demand[d] ?? 0) * shortfallFor(d);
      overflows.push(overflow);
    }
    return { answers: inFlightAnswers + n * pNew, overflow: overflows[n] ?? 0 };
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function variance(probabilities: readonly number[]): number {
  let total = 0;
  for (const p of probabilities) total += p * (1 - p);
  return total;
}
