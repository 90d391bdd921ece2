import { describe, expect, it } from 'vitest';
import { dueStep, nextLimitAt } from '../../../cti-bridge/src/domain/queueing/wait-limits';
import { queuePolicy } from '../../../cti-bridge/src/domain/queueing/queue-policy';
import { call, engineWith, policies, SALES, SUPPORT, COMPLAINTS } from './queueing-support';

const T = 1_000_000;
const base = { queueId: SALES, code: 'sales', businessTypeId: SALES };

describe('max wait and overflow', () => {
  it.each([
    {
      rule: 'overflow after 60 s in the queue',
      policy: queuePolicy({ ...base, overflowAfterSec: 60, overflowQueueId: SUPPORT }),
      waited: 60_000,
      expected: { kind: 'overflow', toQueueId: SUPPORT, reason: 'overflow-after' },
    },
    {
      rule: 'not before',
      policy: queuePolicy({ ...base, overflowAfterSec: 60, overflowQueueId: SUPPORT }),
      waited: 59_999,
      expected: null,
    },
    {
      rule: 'max wait with the overflow action moves it to the max-wait queue',
      policy: queuePolicy({
        ...base,
        maxWaitSec: 300,
        maxWaitAction: 'overflow',
        maxWaitQueueId: COMPLAINTS,
      }),
      waited: 300_000,
      expected: { kind: 'overflow', toQueueId: COMPLAINTS, reason: 'max-wait' },
    },
    {
      rule: 'max wait with the after-hours action: a callback request',
      policy: queuePolicy({ ...base, maxWaitSec: 300, afterHoursAction: 'callback' }),
      waited: 300_000,
      expected: { kind: 'callback', reason: 'max-wait' },
    },
    {
      rule: 'max wait with the after-hours action: refused with the queue’s reason',
      policy: queuePolicy({ ...base, maxWaitSec: 300, afterHoursReason: 'all agents busy' }),
      waited: 300_000,
      expected: { kind: 'refuse', reason: 'max-wait', text: 'all agents busy' },
    },
    {
      rule: 'callbacks switched off: a refusal instead',
      policy: queuePolicy({
        ...base,
        maxWaitSec: 300,
        afterHoursAction: 'callback',
        callbacksEnabled: false,
      }),
      waited: 300_000,
      expected: { kind: 'refuse', reason: 'max-wait', text: null },
    },
  ])('$rule', ({ policy, waited, expected }) => {
    expect(dueStep(call('c', T), policy, T + waited)).toEqual(expected);
  });

  it('max wait counts from the first arrival, overflow from joining this queue', () => {
    const overflowed = call('c', T, { queueId: SALES, overflowedFrom: [COMPLAINTS], queuedAt: T + 100_000 });
    const policy = queuePolicy({ ...base, maxWaitSec: 120, overflowAfterSec: 60, overflowQueueId: SUPPORT });
    expect(nextLimitAt(overflowed, policy)).toBe(T + 120_000);
    expect(dueStep(overflowed, policy, T + 120_000)).toEqual({
      kind: 'refuse',
      reason: 'max-wait',
      text: null,
    });
  });

  it('never overflows back into a queue the call came from', () => {
    const back = call('c', T, { queueId: SALES, overflowedFrom: [SUPPORT] });
    const policy = queuePolicy({ ...base, overflowAfterSec: 10, overflowQueueId: SUPPORT });
    expect(nextLimitAt(back, policy)).toBeNull();
    expect(dueStep(back, policy, T + 3_600_000)).toBeNull();
  });

  it('a callback already keeping its place is not refused at max wait', () => {
    const policy = queuePolicy({ ...base, maxWaitSec: 60 });
    const callback = call('cb', T, { kind: 'callback' });
    expect(nextLimitAt(callback, policy)).toBeNull();
    expect(dueStep(callback, policy, T + 600_000)).toBeNull();
  });

  it('the engine moves an overflowing call with its arrival time and reports the refusals', () => {
    const engine = engineWith(
      [],
      [call('slow', T), call('support', T + 10_000, { queueId: SUPPORT })],
      policies({
        [SALES]: { overflowAfterSec: 30, overflowQueueId: SUPPORT },
        [SUPPORT]: { maxWaitSec: 50 },
      }),
    );
    expect(engine.nextDueAt()).toBe(T + 30_000);
    expect(engine.due(T + 30_000).map((s) => [s.call.callId, s.kind])).toEqual([['slow', 'overflow']]);
    expect(engine.get('slow')).toMatchObject({ queueId: SUPPORT, overflowedFrom: [SALES], arrivedAt: T });
    expect(engine.waiting().map((c) => c.callId)).toEqual(['slow', 'support']);
    // support's max wait counts from the first arrival: the overflowed call reaches it first
    expect(engine.due(T + 50_000).map((s) => [s.call.callId, s.kind])).toEqual([['slow', 'refuse']]);
    expect(engine.waiting().map((c) => c.callId)).toEqual(['support']);
  });
});
