import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseAgent } from '../../../cti-bridge/src/domain/queueing/agent-choice';
import type { RoutingAgent } from '../../../cti-bridge/src/domain/queueing/queued-call';
import { call, COMPLAINTS, engineWith, policies, SALES, SUPPORT, type AgentSpec } from './queueing-support';

const T = 1_000_000;

describe('agent choice: best level for the call, then language, then longest idle, ties by id', () => {
  it.each<{
    rule: string;
    agents: AgentSpec[];
    language?: string;
    declinedBy?: number[];
    expected: number | null;
  }>([
    {
      rule: 'the highest skill level wins over a longer idle time',
      agents: [
        { id: 1, skills: { [SALES]: 4 }, idleSince: T - 600_000 },
        { id: 2, skills: { [SALES]: 8 }, idleSince: T - 10_000 },
      ],
      expected: 2,
    },
    {
      rule: 'same level: the one who speaks the caller’s language',
      agents: [
        { id: 1, skills: { [SALES]: 6 }, idleSince: T - 600_000 },
        { id: 2, skills: { [SALES]: 6 }, languages: ['en', 'zh'], idleSince: T - 10_000 },
      ],
      language: 'zh-CN',
      expected: 2,
    },
    {
      rule: 'language never beats a higher level',
      agents: [
        { id: 1, skills: { [SALES]: 9 } },
        { id: 2, skills: { [SALES]: 6 }, languages: ['zh'] },
      ],
      language: 'zh',
      expected: 1,
    },
    {
      rule: 'same level and language: the longest idle',
      agents: [
        { id: 1, skills: { [SALES]: 6 }, idleSince: T - 5_000 },
        { id: 2, skills: { [SALES]: 6 }, idleSince: T - 50_000 },
      ],
      expected: 2,
    },
    {
      rule: 'a full tie goes to the lowest agent id',
      agents: [
        { id: 9, skills: { [SALES]: 6 }, idleSince: T },
        { id: 3, skills: { [SALES]: 6 }, idleSince: T },
      ],
      expected: 3,
    },
    {
      rule: 'an agent without the skill is never chosen',
      agents: [{ id: 1, skills: { [SUPPORT]: 10 } }],
      expected: null,
    },
    {
      rule: 'ring-no-answer: the agent who let the call go is skipped for the next best',
      agents: [
        { id: 1, skills: { [SALES]: 9 } },
        { id: 2, skills: { [SALES]: 3 } },
      ],
      declinedBy: [1],
      expected: 2,
    },
    {
      rule: 'everyone let it go: the call keeps waiting',
      agents: [{ id: 1, skills: { [SALES]: 9 } }],
      declinedBy: [1],
      expected: null,
    },
  ])('$rule', ({ agents, language, declinedBy, expected }) => {
    const waiting = call('c', T - 30_000, {
      language: language ?? null,
      declinedBy: new Set(declinedBy ?? []),
    });
    const engine = engineWith(agents, [waiting]);
    const decisions = engine.dispatch(T);
    expect(decisions[0]?.agentId ?? null).toBe(expected);
    expect(engine.waiting().length).toBe(expected === null ? 1 : 0);
  });

  it('an overflowed call may go to agents of the queue it left or the one it joined', () => {
    const engine = engineWith(
      [{ id: 5, skills: { [SALES]: 7 } }],
      [call('c', T, { queueId: SUPPORT, overflowedFrom: [SALES] })],
    );
    expect(engine.dispatch(T + 1).map((d) => d.agentId)).toEqual([5]);
  });

  it('a skill change applies at once, to an agent already free', () => {
    const engine = engineWith(
      [{ id: 1, skills: { [SALES]: 5 }, idleSince: T }],
      [call('c', T, { queueId: COMPLAINTS })],
    );
    expect(engine.dispatch(T)).toEqual([]);
    engine.setAgent(1, new Map([[COMPLAINTS, 8]]), new Set(['en']));
    const [decision] = engine.dispatch(T + 192_000);
    expect(decision?.agentId).toBe(1);
    expect(decision?.detail.agentLevel).toBe(8);
    expect(engine.staffedFor(SALES)).toBe(0);
    expect(engine.staffedFor(COMPLAINTS)).toBe(1);
  });

  it('records the rule that decided, in words and as data', () => {
    const engine = engineWith(
      [{ id: 4, skills: { [COMPLAINTS]: 8 }, idleSince: T - 192_000 }],
      [call('c', T - 45_000, { queueId: COMPLAINTS, tier: 'A', language: 'zh' })],
    );
    const [decision] = engine.dispatch(T);
    expect(decision?.rule).toBe(
      'queue complaints, tier A, waited 45 s, agent level 8 of 10, no zh speaker free, idle 3 m 12 s',
    );
    expect(decision?.detail).toMatchObject({
      queue: 'complaints',
      tier: 'A',
      agentLevel: 8,
      idleMs: 192_000,
    });
  });

  it('the indexed engine chooses exactly as the plain scan does (random floors)', () => {
    const agentArb = fc.record({
      skills: fc.dictionary(fc.constantFrom('1', '2', '3'), fc.integer({ min: 1, max: 10 }), { maxKeys: 3 }),
      languages: fc.subarray(['en', 'zh', 'es'], { minLength: 1 }),
      idleSince: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(
        fc.array(agentArb, { maxLength: 12 }),
        fc.constantFrom(null, 'en', 'zh', 'es'),
        fc.subarray([0, 1, 2, 3, 4, 5]),
        fc.constantFrom(SALES, SUPPORT, COMPLAINTS),
        (specs, language, declined, queueId) => {
          const agents: RoutingAgent[] = specs.map((s, id) => ({
            agentId: id,
            skills: new Map(Object.entries(s.skills).map(([t, l]) => [Number(t), l])),
            languages: new Set(s.languages),
            idleSince: s.idleSince,
          }));
          const waiting = call('c', 0, { queueId, language, declinedBy: new Set(declined) });
          const engine = engineWith(
            agents.map((a) => ({
              id: a.agentId,
              skills: Object.fromEntries(a.skills),
              languages: [...a.languages],
              idleSince: a.idleSince,
            })),
            [waiting],
            policies(),
          );
          const expected = chooseAgent(waiting, [queueId], agents)?.agentId ?? null;
          expect(engine.dispatch(100)[0]?.agentId ?? null).toBe(expected);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
