import { describe, expect, it } from 'vitest';
import { agentTime, sumAgentTime } from '../../cti-bridge/src/domain/metrics/agent-time';
import { callFigures, callsIn } from '../../cti-bridge/src/domain/metrics/call-figures';
import { campaignFigures } from '../../cti-bridge/src/domain/metrics/campaign-figures';
import { intervalsOf, startOfDay } from '../../cti-bridge/src/domain/metrics/intervals';
import type { CallRecord, StateRecord } from '../../cti-bridge/src/domain/metrics/metric-types';

const S = 1000;
const rules = { slaTargetMs: 20 * S, shortAbandonMs: 5 * S };

let nextId = 1;
/** An inbound call queued at `at`: answered after `wait` (talk, wrap) or abandoned after `wait`. */
function call(over: Partial<CallRecord> & { at?: number } = {}): CallRecord {
  const queuedAt = over.at ?? 0;
  return {
    id: nextId++,
    direction: 'inbound',
    queueId: 1,
    businessTypeId: 1,
    agentId: null,
    campaignId: null,
    dispositionId: null,
    transferLeg: false,
    queuedAt,
    answeredAt: null,
    endedAt: null,
    waitMs: null,
    talkMs: null,
    wrapMs: null,
    abandoned: false,
    ...over,
  };
}
const answered = (wait: number, talk: number, wrap: number | null, over: Partial<CallRecord> = {}) =>
  call({ answeredAt: wait, waitMs: wait, talkMs: talk, wrapMs: wrap, agentId: 7, ...over });
const abandoned = (wait: number) => call({ abandoned: true, waitMs: wait, endedAt: wait });

describe('call figures', () => {
  it.each([
    {
      name: 'nothing measured: rates are null, not 0',
      calls: [],
      expected: { offered: 0, serviceLevel: null, asaMs: null, abandonRate: null, ahtMs: null },
    },
    {
      name: 'two answered in target, one late: SL 2/3, ASA the mean wait',
      calls: [answered(5 * S, 60 * S, 10 * S), answered(20 * S, 30 * S, 20 * S), answered(40 * S, 0, 0)],
      expected: { offered: 3, answered: 3, answeredInTarget: 2, serviceLevel: 2 / 3, asaMs: 65_000 / 3 },
    },
    {
      name: 'short abandons leave the SL denominator and the "without short" rate',
      calls: [answered(1 * S, 10 * S, 0), abandoned(2 * S), abandoned(30 * S), call()],
      expected: {
        offered: 4,
        abandoned: 2,
        shortAbandoned: 1,
        serviceLevel: 1 / 2,
        abandonRate: 2 / 4,
        abandonRateExShort: 1 / 3,
      },
    },
    {
      name: 'abandoned exactly at the short threshold is not short',
      calls: [abandoned(5 * S)],
      expected: { abandoned: 1, shortAbandoned: 0, serviceLevel: 0 },
    },
    {
      name: 'AHT = (talk + hold + wrap) ÷ handled; a call still in wrap-up is not handled yet',
      calls: [answered(0, 100 * S, 20 * S), answered(0, 50 * S, 10 * S), answered(0, 999 * S, null)],
      expected: { answered: 3, handled: 2, talkMs: 150 * S, wrapMs: 30 * S, ahtMs: 90 * S },
    },
    {
      name: 'a transfer leg is handled by its agent but never offered to the queue',
      calls: [answered(0, 10 * S, 0, { transferLeg: true })],
      expected: { offered: 0, answered: 1, handled: 1, abandonRate: null },
    },
  ])('$name', ({ calls, expected }) => {
    expect(callFigures(calls, rules)).toMatchObject(expected);
  });

  it('attributes a call to the window it was queued in (half-open)', () => {
    const calls = [call({ at: 0 }), call({ at: 999 }), call({ at: 1000 })];
    expect(callsIn(calls, { from: 0, to: 1000 }).map((c) => c.queuedAt)).toEqual([0, 999]);
  });
});

describe('agent time', () => {
  const log: StateRecord[] = [
    { agentId: 7, status: 'not-ready', reason: 'login', at: 0 },
    { agentId: 7, status: 'ready', reason: null, at: 10 * S },
    { agentId: 7, status: 'ringing', reason: null, at: 40 * S },
    { agentId: 7, status: 'on-call', reason: null, at: 45 * S },
    { agentId: 7, status: 'wrap-up', reason: null, at: 75 * S },
    { agentId: 7, status: 'not-ready', reason: 'lunch', at: 80 * S },
    { agentId: 7, status: 'logged-out', reason: null, at: 100 * S },
  ];
  it.each([
    {
      name: 'the whole log',
      window: { from: 0, to: 200 * S },
      byStatus: { 'not-ready': 30 * S, ready: 30 * S, ringing: 5 * S, 'on-call': 30 * S, 'wrap-up': 5 * S },
      notReady: { login: 10 * S, lunch: 20 * S },
      occupancy: 40 / 70,
    },
    {
      name: 'clipped at both ends; the state in force at the start counts from the start',
      window: { from: 20 * S, to: 50 * S },
      byStatus: { ready: 20 * S, ringing: 5 * S, 'on-call': 5 * S },
      notReady: {},
      occupancy: 10 / 30,
    },
    {
      name: 'the live view: the last state lasts until now',
      window: { from: 0, to: 90 * S },
      byStatus: { 'not-ready': 20 * S },
      notReady: { login: 10 * S, lunch: 10 * S },
      occupancy: 40 / 70,
    },
  ])('$name', ({ window, byStatus, notReady, occupancy }) => {
    const time = agentTime(log, window);
    expect(time.byStatus).toMatchObject(byStatus);
    expect(time.notReadyByReason).toEqual(notReady);
    expect(time.occupancy).toBeCloseTo(occupancy, 10);
  });

  it('sums agents: occupancy over the summed time, not the mean of rates', () => {
    const a = agentTime([{ agentId: 1, status: 'on-call', reason: null, at: 0 }], { from: 0, to: 10 });
    const b = agentTime([{ agentId: 2, status: 'ready', reason: null, at: 0 }], { from: 0, to: 30 });
    expect(sumAgentTime([a, b]).occupancy).toBe(10 / 40);
  });
});

describe('campaign figures', () => {
  it.each([
    { outcomes: [], expected: { dialled: 0, abandonRate: null } },
    {
      outcomes: ['answered', 'answered', 'abandoned', 'busy', 'no-answer', 'blocked', null],
      expected: { dialled: 6, answered: 2, abandoned: 1, abandonRate: 1 / 3 },
    },
  ])('$outcomes', ({ outcomes, expected }) => {
    const attempts = outcomes.map((outcome, i) => ({ campaignId: 1, outcome, startedAt: i }));
    expect(campaignFigures(attempts, { from: 0, to: 100 })).toMatchObject(expected);
  });
});

describe('intervals', () => {
  const t = (iso: string) => Date.parse(iso);
  it.each([
    [15, '2026-03-01T08:05:00Z', '2026-03-01T08:40:00Z', ['08:05', '08:15', '08:30']],
    [30, '2026-03-01T08:00:00Z', '2026-03-01T09:00:00Z', ['08:00', '08:30']],
    [60, '2026-03-01T08:59:00Z', '2026-03-01T10:00:00Z', ['08:59', '09:00']],
  ] as const)('%i min from %s to %s', (minutes, from, to, starts) => {
    const windows = intervalsOf({ from: t(from), to: t(to) }, minutes);
    expect(windows.map((w) => new Date(w.from).toISOString().slice(11, 16))).toEqual(starts);
    expect(windows.at(-1)?.to).toBe(t(to));
  });

  it.each([
    ['UTC', '2026-03-01T08:05:07.250Z', '2026-03-01T00:00:00.000Z'],
    ['Asia/Shanghai', '2026-03-01T08:05:07Z', '2026-02-28T16:00:00.000Z'],
    ['America/New_York', '2026-03-01T03:00:00Z', '2026-02-28T05:00:00.000Z'],
  ])('the day in %s holding %s starts at %s', (zone, now, expected) => {
    expect(new Date(startOfDay(t(now), zone)).toISOString()).toBe(expected);
  });
});
