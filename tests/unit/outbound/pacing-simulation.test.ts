/**
 * The real pacing module driving simulated 8-hour shifts (fake clock, seeded): the abandon limit holds on every
 * seed, steady and drifting, and agents are busier than with progressive dialing. Rates and ratios only.
 */
import { describe, expect, it } from 'vitest';
import {
  parseCli,
  parseMode,
} from '../../../cti-bridge/src/services/outbound/simulated-shift/simulate-outbound.cli';
import { shiftScenario } from '../../../cti-bridge/src/services/outbound/simulated-shift/shift-scenario';
import { simulateShift } from '../../../cti-bridge/src/services/outbound/simulated-shift/simulate-shift';
import type { PacingDecision } from '../../../cti-bridge/src/domain/outbound/pacing/pacing-types';

const SEEDS = [1, 2, 3, 4];

describe('predictive pacing over simulated shifts', () => {
  it.each([
    { cell: '20 agents, p 0.3, steady', agents: 20, pAnswer: 0.3, drift: false, gain: 1.12 },
    { cell: '20 agents, p 0.3, drifting ±50%', agents: 20, pAnswer: 0.3, drift: true, gain: 1.12 },
    { cell: '5 agents, p 0.15, drifting ±50%', agents: 5, pAnswer: 0.15, drift: true, gain: 1.15 },
  ])(
    '$cell: abandons ≤ 3% on every seed, occupancy beats progressive',
    ({ agents, pAnswer, drift, gain }) => {
      for (const seed of SEEDS) {
        const scenario = shiftScenario({ agents, pAnswer, drift, seed, hours: 8 });
        const predictive = simulateShift(scenario, { kind: 'predictive' });
        const progressive = simulateShift(scenario, { kind: 'progressive' });
        expect(predictive.answers).toBeGreaterThan(300);
        expect(predictive.abandonRate, `seed ${seed}`).toBeLessThanOrEqual(0.03);
        expect(progressive.abandons).toBe(0);
        expect(predictive.occupancy / progressive.occupancy, `seed ${seed}`).toBeGreaterThan(gain);
      }
    },
  );

  it('never holds more lines than the campaign allows', () => {
    let mostLines = 0;
    const scenario = shiftScenario({ agents: 20, pAnswer: 0.15, hours: 1, maxLines: 25 });
    simulateShift(scenario, { kind: 'predictive' }, (decision: PacingDecision) => {
      mostLines = Math.max(mostLines, decision.figures.lines);
    });
    expect(mostLines).toBe(25);
  });

  it('a fixed ratio set for a steady answer rate breaks the limit when the rate drifts up; pacing does not', () => {
    const scenario = shiftScenario({ agents: 20, pAnswer: 0.3, drift: true, seed: 3, hours: 8 });
    const ratio = simulateShift(scenario, { kind: 'ratio', ratio: 2.25 });
    const predictive = simulateShift(scenario, { kind: 'predictive' });
    expect(ratio.abandonRate).toBeGreaterThan(0.03);
    expect(predictive.abandonRate).toBeLessThanOrEqual(0.03);
  });

  it('is deterministic per seed', () => {
    const scenario = shiftScenario({ agents: 10, pAnswer: 0.3, hours: 1, seed: 7 });
    expect(simulateShift(scenario, { kind: 'predictive' })).toEqual(
      simulateShift(scenario, { kind: 'predictive' }),
    );
  });
});

describe('simulate:outbound arguments', () => {
  it.each([
    { value: 'predictive', mode: { kind: 'predictive' } },
    { value: 'progressive', mode: { kind: 'progressive' } },
    { value: 'ratio:2.4', mode: { kind: 'ratio', ratio: 2.4 } },
  ])('--mode $value', ({ value, mode }) => {
    expect(parseMode(value)).toEqual(mode);
  });

  it.each(['ratio:0.5', 'ratio:x', 'fast'])('--mode %s is refused with the accepted forms', (value) => {
    expect(() => parseMode(value)).toThrow(/predictive, progressive or ratio/);
  });

  it('reads the documented flags', () => {
    const { scenario, mode, json, explainEveryMinutes } = parseCli(
      '--agents 20 --p-answer 0.3 --hours 8 --seed 1 --drift --mode ratio:2.4 --json --explain 30'.split(' '),
    );
    expect(explainEveryMinutes).toBe(30);
    expect(scenario).toMatchObject({ agents: 20, pAnswer: 0.3, hours: 8, seed: 1, drift: true });
    expect(mode).toEqual({ kind: 'ratio', ratio: 2.4 });
    expect(json).toBe(true);
  });
});
