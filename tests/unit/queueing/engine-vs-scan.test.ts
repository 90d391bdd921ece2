import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAgent } from '../../../cti-bridge/src/domain/queueing/agent-choice';
import { compareKeys, orderKey } from '../../../cti-bridge/src/domain/queueing/call-order';
import { QueueingEngine } from '../../../cti-bridge/src/domain/queueing/queueing-engine';
import { queuePolicy, type QueuePolicy } from '../../../cti-bridge/src/domain/queueing/queue-policy';
import type { QueuedCall, RoutingAgent } from '../../../cti-bridge/src/domain/queueing/queued-call';
import { decisionOf, type RoutingDecision } from '../../../cti-bridge/src/domain/queueing/routing-decision';

/** Four queues on three business types (queue 4 shares type 1), priorities and tier orders differing. */
const POLICIES: QueuePolicy[] = [
  queuePolicy({ queueId: 1, code: 'sales', businessTypeId: 1, priority: 0 }),
  queuePolicy({ queueId: 2, code: 'support', businessTypeId: 2, priority: 1, tierOrder: ['B', 'A', 'C'] }),
  queuePolicy({ queueId: 3, code: 'complaints', businessTypeId: 3, priority: 1 }),
  queuePolicy({ queueId: 4, code: 'vip', businessTypeId: 1, priority: 2 }),
];
const byQueue = new Map(POLICIES.map((p) => [p.queueId, p]));

/** The rule as plain scans: every waiting call in service order, each with the best free agent by a full scan. */
function scanDispatch(
  calls: QueuedCall[],
  agents: Map<number, RoutingAgent>,
  free: Set<number>,
  now: number,
) {
  const policyOf = (call: QueuedCall) => byQueue.get(call.queueId) as QueuePolicy;
  const ordered = [...calls].sort((a, b) => compareKeys(orderKey(a, policyOf(a)), orderKey(b, policyOf(b))));
  const decisions: RoutingDecision[] = [];
  for (const call of ordered) {
    if (free.size === 0) break;
    const types = [
      ...new Set([call.queueId, ...call.overflowedFrom].map((q) => byQueue.get(q)?.businessTypeId)),
    ];
    const rank = chooseAgent(
      call,
      types.filter((t): t is number => t !== undefined),
      [...free].map((id) => agents.get(id) as RoutingAgent),
    );
    if (!rank) continue;
    free.delete(rank.agentId);
    const codes = call.overflowedFrom.map((q) => byQueue.get(q)?.code ?? String(q));
    decisions.push(
      decisionOf(call, policyOf(call), orderKey(call, policyOf(call)).tierRank, rank, now, codes),
    );
  }
  return decisions;
}

const agentArb = fc.record({
  skills: fc.dictionary(fc.constantFrom('1', '2', '3'), fc.integer({ min: 1, max: 10 }), { maxKeys: 3 }),
  languages: fc.subarray(['en', 'zh-CN', 'es'], { minLength: 1 }),
});
const callArb = fc.record({
  queueId: fc.constantFrom(1, 2, 3, 4),
  overflowedFrom: fc.subarray([1, 2, 3, 4], { maxLength: 2 }),
  tier: fc.constantFrom(null, 'A', 'B', 'C'),
  language: fc.constantFrom(null, 'en', 'zh', 'es'),
  linePriority: fc.integer({ min: 0, max: 2 }),
  arrivedAt: fc.integer({ min: 0, max: 50 }),
  declinedBy: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7], { maxLength: 2 }),
});
/** What happens on the floor between decisions. */
const stepArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('free' as const), agent: fc.nat(15), at: fc.nat(30) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('busy' as const), agent: fc.nat(15) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('call' as const), call: callArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hangup' as const), n: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reskill' as const), agent: fc.nat(15), spec: agentArb }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispatch' as const) }) },
);

let paired = 0;
let batches = 0;

describe('the indexed engine pairs calls and agents exactly as the plain scan does', () => {
  it('on random floors: agents freed, busy and re-skilled, calls arriving, overflowed, declined and hung up', () => {
    fc.assert(
      fc.property(
        fc.array(agentArb, { minLength: 4, maxLength: 16 }),
        fc.array(stepArb, { minLength: 30, maxLength: 80 }),
        (specs, steps) => {
          const engine = new QueueingEngine(POLICIES);
          const agents = new Map<number, RoutingAgent>();
          const free = new Set<number>();
          const calls = new Map<string, QueuedCall>();
          const profile = (id: number, spec: (typeof specs)[number], idleSince: number): RoutingAgent => ({
            agentId: id,
            skills: new Map(Object.entries(spec.skills).map(([t, l]) => [Number(t), l])),
            languages: new Set(spec.languages),
            idleSince,
          });
          specs.forEach((spec, id) => {
            const agent = profile(id, spec, 0);
            agents.set(id, agent);
            engine.setAgent(id, agent.skills, agent.languages);
          });
          let n = 0;
          let now = 100;
          for (const step of steps) {
            now += 10;
            if (
              (step.kind === 'free' || step.kind === 'busy' || step.kind === 'reskill') &&
              !agents.has(step.agent)
            )
              continue;
            if (step.kind === 'free') {
              const agent = agents.get(step.agent) as RoutingAgent;
              if (free.has(agent.agentId) && agent.idleSince === step.at) continue;
              agents.set(agent.agentId, { ...agent, idleSince: step.at });
              free.add(agent.agentId);
              engine.agentFree(agent.agentId, step.at);
            } else if (step.kind === 'busy') {
              free.delete(step.agent);
              engine.agentBusy(step.agent);
            } else if (step.kind === 'reskill') {
              const agent = profile(
                step.agent,
                step.spec,
                (agents.get(step.agent) as RoutingAgent).idleSince,
              );
              agents.set(step.agent, agent);
              engine.setAgent(step.agent, agent.skills, agent.languages);
            } else if (step.kind === 'call') {
              const call: QueuedCall = {
                ...step.call,
                callId: `c${String(++n).padStart(3, '0')}`,
                overflowedFrom: step.call.overflowedFrom.filter((q) => q !== step.call.queueId),
                queuedAt: step.call.arrivedAt,
                declinedBy: new Set(step.call.declinedBy),
                kind: n % 5 === 0 ? 'callback' : 'call',
              };
              calls.set(call.callId, call);
              engine.enqueue(call);
            } else if (step.kind === 'hangup') {
              const callId = [...calls.keys()][step.n % Math.max(1, calls.size)];
              if (callId === undefined) continue;
              calls.delete(callId);
              engine.remove(callId);
            } else {
              const expected = scanDispatch([...calls.values()], agents, free, now);
              const decisions = engine.dispatch(now);
              expect(decisions).toEqual(expected);
              paired += decisions.length;
              if (decisions.length > 1) batches++;
              for (const d of decisions) calls.delete(d.callId);
              expect(engine.freeAgents()).toBe(free.size);
            }
            expect(engine.waitingCount()).toBe(calls.size);
          }
        },
      ),
      { numRuns: 400, seed: 23 },
    );
    // the floors really pair calls, several at once too (a property that never pairs proves nothing)
    expect(paired).toBeGreaterThan(1_000);
    expect(batches).toBeGreaterThan(200);
  });
});
