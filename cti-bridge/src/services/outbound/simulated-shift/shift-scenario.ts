/**
 * What a simulated outbound shift looks like: agents, answer probability (steady or drifting ±50% over the
 * shift, with a phase drawn from the seed), and the timing of outcomes, talk and wrap.
 */
import type { Random } from './seeded-random';

export interface ShiftScenario {
  agents: number;
  pAnswer: number;
  hours: number;
  seed: number;
  /** p drifts as p·(1 + 0.5·sin(2πt/shift + phase)): up to 50% above and below over one shift. */
  drift: boolean;
  /** Lines the campaign may use. */
  maxLines: number;
  /** Ring time of answered calls (mean, sd), ms. */
  answerTimeMs: { mean: number; sd: number };
  /** Unanswered calls ring until this timeout, except the `busyShare` that fail within 2–6 s. */
  ringTimeoutMs: number;
  busyShare: number;
  talkMs: { mean: number; sd: number };
  wrapMs: { mean: number; sd: number };
  /** Abandon target of the campaign. */
  abandonTarget: number;
}

export function shiftScenario(overrides: Partial<ShiftScenario> = {}): ShiftScenario {
  const agents = overrides.agents ?? 20;
  return {
    agents,
    pAnswer: 0.3,
    hours: 8,
    seed: 1,
    drift: false,
    maxLines: agents * 3,
    answerTimeMs: { mean: 12_000, sd: 6_000 },
    ringTimeoutMs: 25_000,
    busyShare: 0.2,
    talkMs: { mean: 150_000, sd: 90_000 },
    wrapMs: { mean: 30_000, sd: 10_000 },
    abandonTarget: 0.03,
    ...overrides,
  };
}

/** The answer probability at `at` ms into the shift. */
export function answerProbabilityAt(scenario: ShiftScenario, phase: number, at: number): number {
  if (!scenario.drift) return scenario.pAnswer;
  const shiftMs = scenario.hours * 3_600_000;
  return Math.min(1, scenario.pAnswer * (1 + 0.5 * Math.sin((2 * Math.PI * at) / shiftMs + phase)));
}

export type DialOutcome = { kind: 'answer'; afterMs: number } | { kind: 'no-answer'; afterMs: number };

export function drawOutcome(scenario: ShiftScenario, random: Random, p: number): DialOutcome {
  if (random.next() < p) {
    const { mean, sd } = scenario.answerTimeMs;
    return { kind: 'answer', afterMs: Math.min(scenario.ringTimeoutMs - 500, random.logNormal(mean, sd)) };
  }
  if (random.next() < scenario.busyShare) return { kind: 'no-answer', afterMs: random.uniform(2_000, 6_000) };
  return { kind: 'no-answer', afterMs: scenario.ringTimeoutMs };
}
