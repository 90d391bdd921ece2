import { describe, expect, it } from 'vitest';
import { erlangCAsa, erlangCServiceLevel } from '../../../cti-bridge/src/domain/queueing/erlang-c';
import { inboundRulesSchema } from '../../../cti-bridge/src/services/queueing/simulator/inbound-scenario';
import {
  parseCli,
  parseRate,
  SIMULATION_START,
} from '../../../cti-bridge/src/services/queueing/simulator/simulate-inbound.cli';
import { simulateInbound } from '../../../cti-bridge/src/services/queueing/simulator/simulate-inbound';
import { inboundScenario } from '../../../cti-bridge/src/services/queueing/simulator/inbound-scenario';

const traffic = {
  agents: 10,
  ratePerHour: 120,
  ahtSec: 240,
  wrapSec: 0,
  patienceSec: null,
  hours: 20,
  slSec: 20,
  seed: 3,
  startAt: SIMULATION_START,
};

describe('simulate:inbound on the real queueing engine', () => {
  it('M/M/N (30 agents, 360/h, AHT 240 s, no abandonment, no wrap) matches Erlang C over a long run', () => {
    const { scenario } = parseCli([
      '--agents',
      '30',
      '--rate',
      '360/h',
      '--aht',
      '240',
      '--hours',
      '1500',
      '--seed',
      '1',
    ]);
    const report = simulateInbound(scenario);
    const erlangs = (360 * 240) / 3600;
    const sl = erlangCServiceLevel(30, erlangs, 240, 20); // 89.5%
    const asa = erlangCAsa(30, erlangs, 240); // 6.9 s
    expect(report.total.offered).toBeGreaterThan(500_000);
    expect(report.total.answered).toBe(report.total.offered);
    expect(Math.abs(report.total.serviceLevel - sl)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(report.total.asaSec / asa - 1)).toBeLessThanOrEqual(0.1);
    // the wait estimates told to callers at arrival average out to Erlang C's mean wait too
    expect(Math.abs(report.total.meanEstimateSec / asa - 1)).toBeLessThanOrEqual(0.1);
    expect(report.occupancy).toBeCloseTo(erlangs / 30, 1);
  });

  it('impatient callers abandon; every offered call is answered or abandoned', () => {
    const report = simulateInbound(
      inboundScenario(inboundRulesSchema.parse({ queues: [{ code: 'general' }] }), {
        ...traffic,
        agents: 8,
        patienceSec: 60,
      }),
    );
    expect(report.total.abandoned).toBeGreaterThan(0);
    expect(report.total.answered + report.total.abandoned).toBe(report.total.offered);
    expect(report.total.abandonRate).toBeGreaterThan(0.01);
  });

  it('a higher-priority queue gets the better service level from shared agents', () => {
    const rules = inboundRulesSchema.parse({
      queues: [
        { code: 'vip', skill: 'all', share: 0.5, priority: 5 },
        { code: 'rest', skill: 'all', share: 0.5 },
      ],
    });
    const report = simulateInbound(inboundScenario(rules, { ...traffic, agents: 9, hours: 40 }));
    const [vip, rest] = report.queues;
    expect(vip?.serviceLevel ?? 0).toBeGreaterThan((rest?.serviceLevel ?? 1) + 0.05);
  });

  it('callers may take a callback that keeps their place; a queue closed at night refuses', () => {
    const rules = inboundRulesSchema.parse({
      queues: [
        {
          code: 'day',
          share: 0.5,
          openingHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '08:00', to: '20:00' })),
        },
        { code: 'open', share: 0.5, overflowAfterSec: 30, overflowTo: 'day' },
      ],
      agents: [{ count: 10, skills: { day: 5, open: 5 } }],
      callbackShare: 0.3,
    });
    const report = simulateInbound(inboundScenario(rules, { ...traffic, hours: 48 }));
    const [day, open] = report.queues;
    expect(day?.refused ?? 0).toBeGreaterThan(0);
    expect(open?.refused).toBe(0);
    expect(report.total.callbacks).toBeGreaterThan(0);
    expect(report.total.answered + report.total.refused).toBe(report.total.offered);
  });

  it.each([
    ['360/h', 360],
    ['6/min', 360],
    ['0.1/s', 360],
    ['120', 120],
  ])('reads the rate %s as %d calls an hour', (text, perHour) => {
    expect(parseRate(text)).toBe(perHour);
  });

  it('names the option that is wrong', () => {
    expect(() => parseCli(['--agents', '0'])).toThrow('--agents');
    expect(() => parseCli(['--rate', 'fast'])).toThrow('--rate');
    expect(() => parseCli(['--patience', '-3'])).toThrow('--patience');
  });
});
