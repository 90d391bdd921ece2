import { describe, expect, it } from 'vitest';
import { call, COMPLAINTS, engineWith, policies, SALES, SUPPORT } from './queueing-support';

const T = 1_000_000;

describe('call order: queue priority, then tier in the queue’s order, then time waited', () => {
  it.each([
    {
      rule: 'the longest wait first when nothing else differs',
      calls: [call('late', T + 5_000), call('early', T)],
      expected: ['early', 'late'],
    },
    {
      rule: 'tier A before B before C before an unknown caller, whatever the wait',
      calls: [
        call('none', T),
        call('c', T + 1, { tier: 'C' }),
        call('b', T + 2, { tier: 'B' }),
        call('a', T + 3, { tier: 'A' }),
      ],
      expected: ['a', 'b', 'c', 'none'],
    },
    {
      rule: 'a queue can order tiers its own way (C first for a win-back queue)',
      overrides: { [SALES]: { tierOrder: ['C', 'A'] } },
      calls: [call('a', T, { tier: 'A' }), call('b', T + 1, { tier: 'B' }), call('c', T + 2, { tier: 'C' })],
      expected: ['c', 'a', 'b'],
    },
    {
      rule: 'a higher-priority queue is served before a longer wait elsewhere',
      overrides: { [COMPLAINTS]: { priority: 5 } },
      calls: [call('sales', T, { tier: 'A' }), call('complaint', T + 60_000, { queueId: COMPLAINTS })],
      expected: ['complaint', 'sales'],
    },
    {
      rule: 'line priority orders calls of one tier',
      calls: [call('normal', T), call('vip-line', T + 9_000, { linePriority: 2 })],
      expected: ['vip-line', 'normal'],
    },
    {
      rule: 'an overflowed call keeps its original arrival time in the new queue',
      calls: [
        call('support-native', T + 30_000, { queueId: SUPPORT }),
        call('overflowed', T, { queueId: SUPPORT, overflowedFrom: [SALES], queuedAt: T + 60_000 }),
      ],
      expected: ['overflowed', 'support-native'],
    },
    {
      rule: 'a callback keeps the caller’s place (its original arrival)',
      calls: [
        call('caller-after', T + 10_000),
        call('callback', T, { kind: 'callback', queuedAt: T + 40_000 }),
      ],
      expected: ['callback', 'caller-after'],
    },
    {
      rule: 'equal in everything: the call id decides, deterministically',
      calls: [call('b', T), call('a', T)],
      expected: ['a', 'b'],
    },
  ])('$rule', ({ calls, expected, overrides }) => {
    const engine = engineWith([], calls, policies(overrides));
    expect(engine.waiting().map((c) => c.callId)).toEqual(expected);
  });

  it('positions count within each queue, in service order', () => {
    const engine = engineWith(
      [],
      [call('s1', T), call('s2', T + 1, { tier: 'A' }), call('p1', T + 2, { queueId: SUPPORT })],
    );
    const positions = engine.positions();
    expect(positions.get('s2')).toEqual({ queueId: SALES, position: 1 });
    expect(positions.get('s1')).toEqual({ queueId: SALES, position: 2 });
    expect(positions.get('p1')).toEqual({ queueId: SUPPORT, position: 1 });
  });

  it('an agent freed while calls wait takes the first one they can serve', () => {
    const engine = engineWith(
      [{ id: 7, skills: { [SUPPORT]: 5 }, free: false }],
      [call('sales-old', T), call('support-new', T + 5_000, { queueId: SUPPORT })],
    );
    expect(engine.dispatch(T + 10_000)).toEqual([]);
    engine.agentFree(7, T + 10_000);
    expect(engine.dispatch(T + 10_000).map((d) => [d.callId, d.agentId])).toEqual([['support-new', 7]]);
    expect(engine.waiting().map((c) => c.callId)).toEqual(['sales-old']);
  });
});
