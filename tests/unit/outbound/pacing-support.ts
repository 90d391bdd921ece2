/** Inputs for pacing decisions in tests: confident estimates (a campaign well into its shift) and a floor. */
import {
  answerPrior,
  durationPrior,
  NEUTRAL_CALIBRATION,
} from '../../../cti-bridge/src/domain/outbound/pacing/estimators';
import {
  DEFAULT_PACING_POLICY,
  type PacingEstimates,
  type PacingInputs,
} from '../../../cti-bridge/src/domain/outbound/pacing/pacing-types';

export function confidentEstimates(p: number, attempts = 5_000, wrapMedianMs = 28_000): PacingEstimates {
  return {
    answer: answerPrior(p, attempts, 0),
    answerTime: durationPrior(10_000, 0.45, 500, 0),
    talk: durationPrior(130_000, 0.55, 500, 0),
    wrap: durationPrior(wrapMedianMs, 0.3, 500, 0),
    calibration: NEUTRAL_CALIBRATION,
  };
}

export interface FloorSpec {
  p?: number;
  attempts?: number;
  ready?: number;
  talkingMs?: number[];
  wrappingMs?: number[];
  ringingMs?: number[];
  answeredWaiting?: number;
  answers?: number;
  abandons?: number;
  maxLines?: number;
  wrapMedianMs?: number;
}

export function pacingInputs(spec: FloorSpec): PacingInputs {
  return {
    at: 3_600_000,
    policy: { ...DEFAULT_PACING_POLICY, maxLines: spec.maxLines ?? 200 },
    estimates: confidentEstimates(spec.p ?? 0.3, spec.attempts, spec.wrapMedianMs),
    floor: { ready: spec.ready ?? 0, talkingMs: spec.talkingMs ?? [], wrappingMs: spec.wrappingMs ?? [] },
    lines: { ringingMs: spec.ringingMs ?? [], answeredWaiting: spec.answeredWaiting ?? 0 },
    window: { answers: spec.answers ?? 5_000, abandons: spec.abandons ?? 100 },
  };
}

export const repeat = (count: number, value: number): number[] => Array.from({ length: count }, () => value);
