import { describe, expect, it } from 'vitest';
import {
  answerBelief,
  answerPrior,
  calibrationFactor,
  durationModel,
  durationPrior,
  NEUTRAL_CALIBRATION,
  observeAttempt,
  observeDuration,
  observeLiveAnswer,
} from '../../../cti-bridge/src/domain/outbound/pacing/estimators';
import { logNormalMean } from '../../../cti-bridge/src/domain/outbound/pacing/pacing-math';

function attempts(p: number, count: number, start: number, everyMs: number, from = answerPrior(0.5, 10, 0)) {
  let estimate = from;
  // A deterministic sequence with exactly the rate p: an answer whenever the running share falls below p.
  let answered = 0;
  for (let i = 0; i < count; i += 1) {
    const live = answered < p * (i + 1);
    if (live) answered += 1;
    estimate = observeAttempt(estimate, live, start + i * everyMs);
  }
  return estimate;
}

describe('answer estimate', () => {
  it.each([
    { p: 0.15, count: 3_000 },
    { p: 0.3, count: 3_000 },
    { p: 0.5, count: 3_000 },
  ])('converges on p = $p with a narrow interval', ({ p, count }) => {
    const belief = answerBelief(attempts(p, count, 0, 300));
    expect(belief.mean).toBeCloseTo(p, 1);
    expect(belief.low).toBeLessThan(p);
    expect(belief.high).toBeGreaterThan(p);
    expect(belief.high - belief.low).toBeLessThan(0.08);
  });

  it.each([
    { drift: 'up', from: 0.2, to: 0.4 },
    { drift: 'down', from: 0.45, to: 0.15 },
  ])('follows a drifting answer rate ($drift)', ({ from, to }) => {
    const before = attempts(from, 3_000, 0, 300);
    const after = attempts(to, 3_000, 3_000 * 300, 300, before);
    expect(Math.abs(answerBelief(after).mean - to)).toBeLessThan(0.03);
  });

  it('widens its interval when there is little evidence', () => {
    const few = answerBelief(attempts(0.3, 30, 0, 1_000));
    const many = answerBelief(attempts(0.3, 3_000, 0, 1_000));
    expect(few.high - few.low).toBeGreaterThan(2 * (many.high - many.low));
  });
});

describe('duration estimate', () => {
  it('fits the mean of what it observes', () => {
    let estimate = durationPrior(60_000, 0.5, 3, 0);
    for (let i = 0; i < 2_000; i += 1)
      estimate = observeDuration(estimate, i % 2 ? 120_000 : 240_000, i * 1_000);
    expect(logNormalMean(durationModel(estimate)) / 180_000).toBeGreaterThan(0.95);
    expect(logNormalMean(durationModel(estimate)) / 180_000).toBeLessThan(1.05);
  });
});

describe('calibration', () => {
  it.each([
    { record: 'no evidence', risks: 0, abandons: 0, low: 1, high: 1 },
    { record: 'as predicted', risks: 100, abandons: 100, low: 0.95, high: 1.05 },
    { record: 'twice as many abandons as predicted', risks: 50, abandons: 100, low: 1.8, high: 2 },
    { record: 'half as many', risks: 100, abandons: 50, low: 0.5, high: 0.55 },
  ])('$record', ({ risks, abandons, low, high }) => {
    let estimate = NEUTRAL_CALIBRATION;
    // 4000 answers carrying the predicted risk in total, `abandons` of them abandoned, evenly spread.
    for (let i = 0; i < 4_000; i += 1) {
      const abandoned = Math.floor(((i + 1) * abandons) / 4_000) > Math.floor((i * abandons) / 4_000);
      estimate = observeLiveAnswer(estimate, risks / 4_000, abandoned);
    }
    const factor = calibrationFactor(estimate);
    expect(factor).toBeGreaterThanOrEqual(low);
    expect(factor).toBeLessThanOrEqual(high);
  });
});
