import { describe, expect, it } from 'vitest';
import { abandonWindow, budgetStatus } from '../../../cti-bridge/src/domain/outbound/pacing/budget';
import { decidePacing } from '../../../cti-bridge/src/domain/outbound/pacing/decision';
import { DEFAULT_PACING_POLICY } from '../../../cti-bridge/src/domain/outbound/pacing/pacing-types';
import { pacingInputs, repeat } from './pacing-support';

describe('abandon budget', () => {
  const policy = DEFAULT_PACING_POLICY; // 3% target, 20% margin: plans 2.4%
  it.each([
    {
      window: 'a fresh window is tight: one abandon would break the target',
      answers: 0,
      abandons: 0,
      state: 'tight',
      min: 0.012,
      max: 0.012,
    },
    {
      window: 'ahead of plan widens the allowance, slowly',
      answers: 2_000,
      abandons: 20,
      state: 'open',
      min: 0.025,
      max: 0.036,
    },
    { window: 'on plan keeps it', answers: 2_000, abandons: 48, state: 'open', min: 0.0239, max: 0.0241 },
    {
      window: 'behind plan narrows it',
      answers: 2_000,
      abandons: 56,
      state: 'open',
      min: 0.015,
      max: 0.0235,
    },
    {
      window: 'nearly spent is tight: the allowance halves',
      answers: 2_000,
      abandons: 59,
      state: 'tight',
      min: 0,
      max: 0.011,
    },
    { window: 'spent: nothing may be risked', answers: 2_000, abandons: 61, state: 'spent', min: 0, max: 0 },
  ])('$window', ({ answers, abandons, state, min, max }) => {
    const budget = budgetStatus(policy, { answers, abandons });
    expect(budget.state).toBe(state);
    expect(budget.allowance).toBeGreaterThanOrEqual(min);
    expect(budget.allowance).toBeLessThanOrEqual(max);
    expect(budget.remaining).toBeCloseTo(0.03 * answers - abandons);
  });

  it.each([
    { ruleSet: 'us-tsr', answers: 4, abandons: 2 },
    { ruleSet: 'uk-ofcom', answers: 2, abandons: 1 },
  ] as const)(
    'counts the $ruleSet window (30 days rolling US, 24 h UK)',
    ({ ruleSet, answers, abandons }) => {
      const day = 24 * 3_600_000;
      const now = 40 * day;
      const settled = [
        { at: now - 31 * day, abandoned: true }, // outside both windows
        { at: now - 20 * day, abandoned: true },
        { at: now - 2 * day, abandoned: false },
        { at: now - 3_600_000, abandoned: true },
        { at: now - 60_000, abandoned: false },
      ];
      expect(abandonWindow(settled, ruleSet, now)).toEqual({ answers, abandons });
    },
  );

  it('never plans above the target, however far ahead', () => {
    expect(budgetStatus(policy, { answers: 100_000, abandons: 0 }).allowance).toBeLessThanOrEqual(0.03);
  });
});

describe('decidePacing', () => {
  it.each([
    {
      rule: 'no agents logged in: nothing is launched',
      spec: {},
      launch: [0, 0],
      mode: 'paused',
      reason: 'no-agents',
    },
    {
      rule: 'ready agents and an open budget: more calls than agents (p = 0.3)',
      spec: { ready: 10 },
      launch: [14, 33],
      mode: 'predictive',
      reason: 'risk-limit',
    },
    {
      rule: 'a spent budget degrades to progressive: one call per ready agent without one',
      spec: { ready: 10, ringingMs: [3_000, 5_000], answers: 2_000, abandons: 70 },
      launch: [8, 8],
      mode: 'progressive',
      reason: 'budget-spent',
    },
    {
      rule: 'never more than the lines the campaign allows',
      spec: { ready: 10, ringingMs: repeat(5, 4_000), maxLines: 12 },
      launch: [7, 7],
      mode: 'predictive',
      reason: 'line-cap',
    },
    {
      rule: 'no line left: nothing, even for ready agents',
      spec: { ready: 3, ringingMs: repeat(4, 4_000), maxLines: 4 },
      launch: [0, 0],
      mode: 'predictive',
      reason: 'line-cap',
    },
    {
      rule: 'every agent busy and none about to finish: nothing',
      spec: { talkingMs: repeat(20, 10_000) },
      launch: [0, 0],
      mode: 'predictive',
      reason: 'risk-limit',
    },
    {
      rule: 'agents about to finish wrap-up: calls placed now for them',
      spec: { talkingMs: repeat(10, 10_000), wrappingMs: repeat(10, 30_000) },
      launch: [10, 40],
      mode: 'predictive',
      reason: 'risk-limit',
    },
  ])('$rule', ({ spec, launch, mode, reason }) => {
    const decision = decidePacing(pacingInputs(spec));
    expect(decision.launch).toBeGreaterThanOrEqual(launch[0] ?? 0);
    expect(decision.launch).toBeLessThanOrEqual(launch[1] ?? 0);
    expect(decision.mode).toBe(mode);
    expect(decision.reason).toBe(reason);
    expect(decision.figures.lines).toBeLessThanOrEqual(decision.inputs.policy.maxLines);
  });

  it.each([
    { state: 'just started wrap-up', wrapMs: 2_000 },
    { state: 'half-way through wrap-up', wrapMs: 20_000 },
    { state: 'past the usual wrap-up', wrapMs: 34_000 },
  ])('agents who have been in wrap-up longer are counted freer ($state)', ({ wrapMs }) => {
    const sooner = decidePacing(pacingInputs({ wrappingMs: repeat(10, wrapMs + 6_000) }));
    const later = decidePacing(pacingInputs({ wrappingMs: repeat(10, wrapMs) }));
    expect(sooner.figures.agentsFreeing).toBeGreaterThan(later.figures.agentsFreeing);
    expect(sooner.launch).toBeGreaterThanOrEqual(later.launch);
  });

  it('long talks are closer to their end than fresh ones (elapsed talk vs the handle-time distribution)', () => {
    // With a short wrap-up, agents still talking can take a call placed now.
    const fresh = decidePacing(pacingInputs({ talkingMs: repeat(10, 5_000), ready: 2, wrapMedianMs: 2_000 }));
    const long = decidePacing(
      pacingInputs({ talkingMs: repeat(10, 200_000), ready: 2, wrapMedianMs: 2_000 }),
    );
    expect(long.figures.agentsFreeing).toBeGreaterThan(fresh.figures.agentsFreeing);
    expect(long.launch).toBeGreaterThan(fresh.launch);
  });

  it.each([
    { drift: 'answer rate drifts down to 0.15', p: 0.15 },
    { drift: 'steady at 0.3', p: 0.3 },
    { drift: 'answer rate drifts up to 0.45', p: 0.45 },
  ])('follows the answer rate: fewer calls per agent the more of them answer ($drift)', ({ p }) => {
    const decision = decidePacing(pacingInputs({ ready: 20, p }));
    const expectedAnswers = decision.launch * decision.figures.pAnswer.planned;
    // Whatever p is, the calls launched bring somewhat fewer answers than there are ready agents (the spread of
    // the answers is what risks abandons).
    expect(expectedAnswers).toBeGreaterThan(15);
    expect(expectedAnswers).toBeLessThan(20);
    expect(decision.figures.pAnswer.mean).toBeCloseTo(p, 5);
  });

  it('uncertainty costs calls: the same answer rate seen over fewer attempts launches no more', () => {
    const sure = decidePacing(pacingInputs({ ready: 20, p: 0.3, attempts: 5_000 }));
    const unsure = decidePacing(pacingInputs({ ready: 20, p: 0.3, attempts: 40 }));
    expect(unsure.figures.pAnswer.high - unsure.figures.pAnswer.low).toBeGreaterThan(
      sure.figures.pAnswer.high - sure.figures.pAnswer.low,
    );
    expect(unsure.launch).toBeLessThan(sure.launch);
  });

  it.each([
    { budget: 'ahead of plan', abandons: 40, state: 'open' },
    { budget: 'on plan', abandons: 120, state: 'open' },
    { budget: 'nearly spent', abandons: 149, state: 'tight' },
  ])('the tighter the budget, the fewer calls ($budget)', ({ abandons, state }) => {
    const decision = decidePacing(pacingInputs({ ready: 5, wrappingMs: repeat(15, 25_000), abandons }));
    expect(decision.budget.state).toBe(state);
    expect(decision.figures.predictedAbandonRate).toBeLessThanOrEqual(decision.budget.allowance + 1e-9);
    const looser = decidePacing(
      pacingInputs({ ready: 5, wrappingMs: repeat(15, 25_000), abandons: abandons - 30 }),
    );
    expect(looser.launch).toBeGreaterThanOrEqual(decision.launch);
  });

  it('calls already ringing count against the agents they will need', () => {
    const idle = decidePacing(pacingInputs({ ready: 10 }));
    const busyLines = decidePacing(pacingInputs({ ready: 10, ringingMs: repeat(20, 3_000) }));
    expect(busyLines.launch).toBeLessThan(idle.launch);
    expect(busyLines.figures.expectedAnswers).toBeGreaterThan(0);
  });

  it('is replayed exactly from its logged inputs, and explains itself', () => {
    const decision = decidePacing(
      pacingInputs({ ready: 4, talkingMs: [100_000], wrappingMs: [20_000], ringingMs: [4_000] }),
    );
    const replay = decidePacing(JSON.parse(JSON.stringify(decision.inputs)));
    expect(replay.launch).toBe(decision.launch);
    expect(replay.figures).toEqual(decision.figures);
    expect(decision.explanation).toContain(`Launch ${decision.launch}`);
    expect(decision.explanation).toMatch(/p\(answer\) 30\.0%/);
    expect(JSON.parse(JSON.stringify(decision)).explanation).toBe(decision.explanation);
  });
});
