import { describe, expect, it } from 'vitest';
import {
  erlangCAsa,
  erlangCServiceLevel,
  erlangCWaitProbability,
} from '../../../cti-bridge/src/domain/queueing/erlang-c';
import { estimatedWaitSec, HandleTimes } from '../../../cti-bridge/src/domain/queueing/estimated-wait';

describe('Erlang C', () => {
  it.each([
    { agents: 1, erlangs: 0.5, pw: 0.5 }, // M/M/1: the utilisation
    { agents: 2, erlangs: 1, pw: 1 / 3 },
    { agents: 30, erlangs: 24, pw: 0.1729 }, // the direct sum A^N/N!·N/(N−A) / (Σ A^k/k! + that)
    { agents: 3, erlangs: 3, pw: 1 },
  ])('P(wait) for $agents agents at $erlangs Erlangs', ({ agents, erlangs, pw }) => {
    expect(erlangCWaitProbability(agents, erlangs)).toBeCloseTo(pw, 3);
  });

  it('service level and ASA follow from P(wait)', () => {
    const pw = erlangCWaitProbability(30, 24);
    expect(erlangCServiceLevel(30, 24, 240, 0)).toBeCloseTo(1 - pw, 9);
    expect(erlangCServiceLevel(30, 24, 240, 20)).toBeCloseTo(1 - pw * Math.exp(-0.5), 9);
    expect(erlangCAsa(30, 24, 240)).toBeCloseTo((pw * 240) / 6, 9);
  });

  it('the position estimate averaged over the Erlang C queue-length distribution is Erlang C’s mean wait', () => {
    // an arrival finds j callers waiting with probability Pw·(1−ρ)·ρ^j, and its position is j + 1
    const agents = 30;
    const erlangs = 24;
    const aht = 240;
    const rho = erlangs / agents;
    const pw = erlangCWaitProbability(agents, erlangs);
    let mean = 0;
    for (let j = 0; j < 2_000; j++)
      mean += pw * (1 - rho) * rho ** j * (estimatedWaitSec(j + 1, agents, aht) ?? 0);
    expect(mean).toBeCloseTo(erlangCAsa(agents, erlangs, aht), 6);
  });
});

describe('estimated wait from observed handle times', () => {
  it.each([
    { position: 1, staffed: 10, aht: 300, expected: 30 },
    { position: 5, staffed: 10, aht: 300, expected: 150 },
    { position: 3, staffed: 0, aht: 300, expected: null },
  ])(
    'position $position, $staffed agents, AHT $aht s → $expected s',
    ({ position, staffed, aht, expected }) => {
      expect(estimatedWaitSec(position, staffed, aht)).toBe(expected);
    },
  );

  it('uses the mean of the last handle times, the fallback until there is one', () => {
    const times = new HandleTimes(180, 3);
    expect(times.meanSec()).toBe(180);
    for (const t of [100, 200, 300, 400]) times.add(t);
    expect(times.count).toBe(3);
    expect(times.meanSec()).toBe(300);
  });
});
