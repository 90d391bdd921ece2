import { describe, expect, it } from 'vitest';
import {
  assignWaitingCalls,
  compareWaiting,
  pickAgentForCall,
  pickCallForAgent,
  type RoutableAgent,
  type WaitingCall,
} from '../../cti-bridge/src/domain/routing';

const SALES = 1;
const SUPPORT = 2;
const BILLING = 3;

function agent(agentId: number, idleSince: number, skills: number[] = [SALES], ready = true): RoutableAgent {
  return { agentId, ready, skills: new Set(skills), idleSince };
}

function call(
  callId: string,
  queuedAt: number,
  options: { businessTypeId?: number; priority?: number; declinedBy?: number[] } = {},
): WaitingCall {
  return {
    callId,
    businessTypeId: options.businessTypeId ?? SALES,
    queuedAt,
    priority: options.priority ?? 0,
    declinedBy: new Set(options.declinedBy ?? []),
  };
}

describe('pickAgentForCall', () => {
  const salesCall = call('c', 1_000);

  it.each([
    {
      rule: 'the longest-idle ready agent wins',
      agents: [agent(1, 300), agent(2, 100), agent(3, 200)],
      expected: 2,
    },
    {
      rule: 'an agent without the skill is skipped even if idle longest',
      agents: [agent(1, 300), agent(2, 100, [SUPPORT]), agent(3, 200)],
      expected: 3,
    },
    {
      rule: 'an agent who is not ready is skipped',
      agents: [agent(1, 300), agent(2, 100, [SALES], false), agent(3, 200)],
      expected: 3,
    },
    {
      rule: 'a multi-skilled agent is routable for each skill',
      agents: [agent(1, 300), agent(2, 100, [SUPPORT, SALES, BILLING])],
      expected: 2,
    },
    {
      rule: 'a tie on idle time goes to the lower agent id, whatever the order given',
      agents: [agent(9, 100), agent(5, 100), agent(7, 100)],
      expected: 5,
    },
    { rule: 'no agents → null', agents: [], expected: null },
    {
      rule: 'nobody skilled → null',
      agents: [agent(1, 100, [SUPPORT]), agent(2, 100, [BILLING])],
      expected: null,
    },
    {
      rule: 'nobody ready → null',
      agents: [agent(1, 100, [SALES], false), agent(2, 50, [SALES], false)],
      expected: null,
    },
  ])('$rule', ({ agents, expected }) => {
    expect(pickAgentForCall(salesCall, agents)).toBe(expected);
  });

  it.each([
    { declinedBy: [2], expected: 3 },
    { declinedBy: [2, 3], expected: 1 },
    { declinedBy: [1, 2, 3], expected: null },
  ])('skips agents who already declined the call: $declinedBy → $expected', ({ declinedBy, expected }) => {
    const agents = [agent(1, 300), agent(2, 100), agent(3, 200)];
    expect(pickAgentForCall(call('c', 1_000, { declinedBy }), agents)).toBe(expected);
  });

  it('accepts any iterable of agents', () => {
    const agents = new Map([
      [1, agent(1, 200)],
      [2, agent(2, 100)],
    ]);
    expect(pickAgentForCall(salesCall, agents.values())).toBe(2);
  });
});

describe('compareWaiting', () => {
  it.each([
    {
      rule: 'higher priority first, even if queued later',
      first: call('a', 500, { priority: 5 }),
      second: call('b', 100),
    },
    { rule: 'same priority: the longer wait first', first: call('b', 100), second: call('a', 200) },
    {
      rule: 'priority outranks any wait',
      first: call('a', 9_999, { priority: 1 }),
      second: call('b', 0, { priority: 0 }),
    },
    {
      rule: 'full tie: ordered by call id so the order is stable',
      first: call('a', 100),
      second: call('b', 100),
    },
  ])('$rule', ({ first, second }) => {
    expect(compareWaiting(first, second)).toBeLessThan(0);
    expect(compareWaiting(second, first)).toBeGreaterThan(0);
  });

  it('is zero for a call compared with itself', () => {
    const c = call('a', 100, { priority: 2 });
    expect(compareWaiting(c, c)).toBe(0);
  });

  it('sorts a queue into service order', () => {
    const queue = [
      call('late-normal', 300),
      call('early-vip', 200, { priority: 9 }),
      call('early-normal', 100),
      call('late-vip', 400, { priority: 9 }),
      call('mid-priority', 50, { priority: 3 }),
    ];
    expect(queue.sort(compareWaiting).map((c) => c.callId)).toEqual([
      'early-vip',
      'late-vip',
      'mid-priority',
      'early-normal',
      'late-normal',
    ]);
  });
});

describe('pickCallForAgent', () => {
  const salesAgent = agent(1, 0, [SALES]);

  it.each([
    {
      rule: 'the longest-waiting call the agent is skilled for',
      waiting: [
        call('support-oldest', 10, { businessTypeId: SUPPORT }),
        call('sales-b', 200),
        call('sales-a', 100),
      ],
      expected: 'sales-a',
    },
    {
      rule: 'a higher-priority call before an older one',
      waiting: [call('old', 100), call('vip', 900, { priority: 5 })],
      expected: 'vip',
    },
    {
      rule: 'a call the agent already declined goes to someone else',
      waiting: [call('declined', 100, { declinedBy: [1] }), call('next', 200)],
      expected: 'next',
    },
    {
      rule: 'nothing the agent can take → null',
      waiting: [
        call('support', 100, { businessTypeId: SUPPORT }),
        call('declined', 200, { declinedBy: [1] }),
      ],
      expected: null,
    },
    { rule: 'empty queue → null', waiting: [], expected: null },
  ])('$rule', ({ waiting, expected }) => {
    expect(pickCallForAgent(salesAgent, waiting)).toBe(expected);
  });

  it('offers nothing to an agent who is not ready', () => {
    expect(pickCallForAgent(agent(1, 0, [SALES], false), [call('c', 100)])).toBeNull();
  });
});

describe('assignWaitingCalls', () => {
  it('two agents, three calls: the two oldest calls get one agent each, longest-idle first', () => {
    const agents = [agent(1, 500), agent(2, 100)];
    const waiting = [call('third', 300), call('first', 100), call('second', 200)];
    const pairs = assignWaitingCalls(waiting, agents);
    expect(pairs).toEqual([
      { callId: 'first', agentId: 2 },
      { callId: 'second', agentId: 1 },
    ]);
    expect(new Set(pairs.map((p) => p.agentId)).size).toBe(pairs.length);
  });

  it('a call nobody can take does not block the calls behind it', () => {
    const agents = [agent(1, 100, [SALES]), agent(2, 200, [SUPPORT])];
    const waiting = [
      call('billing-oldest', 10, { businessTypeId: BILLING }),
      call('support', 20, { businessTypeId: SUPPORT }),
      call('sales', 30),
    ];
    expect(assignWaitingCalls(waiting, agents)).toEqual([
      { callId: 'support', agentId: 2 },
      { callId: 'sales', agentId: 1 },
    ]);
  });

  it('respects skills: each call only goes to an agent with its business type', () => {
    const agents = [agent(1, 100, [SUPPORT]), agent(2, 200, [SALES]), agent(3, 300, [SALES, SUPPORT])];
    const waiting = [call('s1', 1), call('s2', 2), call('p1', 3, { businessTypeId: SUPPORT })];
    const pairs = assignWaitingCalls(waiting, agents);
    for (const pair of pairs) {
      const { businessTypeId } = waiting.find((c) => c.callId === pair.callId) ?? {};
      const { skills } = agents.find((a) => a.agentId === pair.agentId) ?? {};
      expect(businessTypeId !== undefined && skills?.has(businessTypeId)).toBe(true);
    }
    expect(pairs.map((p) => p.callId)).toEqual(['s1', 's2', 'p1']);
  });

  it('serves higher priority first when agents are short', () => {
    const pairs = assignWaitingCalls([call('old', 100), call('vip', 500, { priority: 2 })], [agent(1, 0)]);
    expect(pairs).toEqual([{ callId: 'vip', agentId: 1 }]);
  });

  it.each([
    { case: 'no agents', agents: [], waiting: [call('a', 1)] },
    { case: 'no calls', agents: [agent(1, 0)], waiting: [] },
    { case: 'only agents who are not ready', agents: [agent(1, 0, [SALES], false)], waiting: [call('a', 1)] },
    { case: 'the only agent declined', agents: [agent(1, 0)], waiting: [call('a', 1, { declinedBy: [1] })] },
  ])('no pairs with $case', ({ agents, waiting }) => {
    expect(assignWaitingCalls(waiting, agents)).toEqual([]);
  });

  it('does not reorder the caller’s queue', () => {
    const waiting = [call('b', 200), call('a', 100)];
    assignWaitingCalls(waiting, [agent(1, 0)]);
    expect(waiting.map((c) => c.callId)).toEqual(['b', 'a']);
  });
});
