import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState } from '../../cti-bridge/protocol/agent-state.schema';
import type { AgentEvent } from '../../cti-bridge/src/domain/agent-state-machine';
import { AgentFloor } from '../../cti-bridge/src/services/agent-floor';

const SALES = 1;
const SUPPORT = 2;

/** A floor with a hand-cranked clock and an admin-editable skills table. */
function makeFloor() {
  let clock = 1_000;
  const skillTable = new Map<number, Set<number>>([
    [1, new Set([SALES])],
    [2, new Set([SALES, SUPPORT])],
    [3, new Set([SUPPORT])],
  ]);
  const skillsOf = vi.fn((agentId: number) => new Set(skillTable.get(agentId) ?? []));
  const onChange = vi.fn<(state: AgentState) => void>();
  const floor = new AgentFloor({ now: () => clock, skillsOf, onChange });
  return {
    floor,
    skillsOf,
    onChange,
    skillTable,
    /** Moves the clock on and applies the event there. */
    at(time: number, agentId: number, event: AgentEvent) {
      clock = time;
      return floor.apply(agentId, event);
    },
  };
}

type Rig = ReturnType<typeof makeFloor>;

let rig: Rig;
beforeEach(() => {
  rig = makeFloor();
});

describe('AgentFloor', () => {
  it('reports an agent it has never seen as logged out, without announcing it', () => {
    expect(rig.floor.get(7)).toMatchObject({ agentId: 7, status: 'logged-out', version: 0 });
    expect(rig.floor.all()).toEqual([]);
    expect(rig.onChange).not.toHaveBeenCalled();
  });

  it('calls onChange once per accepted event, in order, with the state it now holds', () => {
    const accepted: AgentEvent[] = [
      { type: 'login' },
      { type: 'go-ready' },
      { type: 'offer', callId: 'c-1', interactionId: 1 },
      { type: 'answer', callId: 'c-1' },
    ];
    const results = accepted.map((event, i) => rig.at(2_000 + i, 1, event));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(rig.onChange.mock.calls.map(([state]) => state.status)).toEqual([
      'not-ready',
      'ready',
      'ringing',
      'on-call',
    ]);
    expect(rig.onChange.mock.calls.map(([state]) => state.version)).toEqual([1, 2, 3, 4]);
    expect(rig.onChange).toHaveBeenLastCalledWith(rig.floor.get(1));
  });

  it.each<[string, AgentEvent[], AgentEvent]>([
    ['go-ready before login', [], { type: 'go-ready' }],
    ['a second login', [{ type: 'login' }], { type: 'login' }],
    ['an offer while not ready', [{ type: 'login' }], { type: 'offer', callId: 'c', interactionId: 1 }],
    [
      'answering another call',
      [{ type: 'login' }, { type: 'go-ready' }, { type: 'offer', callId: 'c', interactionId: 1 }],
      { type: 'answer', callId: 'other' },
    ],
  ])('a refused event (%s) is not announced and changes nothing', (_case, setup, refused) => {
    setup.forEach((event) => rig.at(2_000, 1, event));
    const before = rig.floor.get(1);
    const callsBefore = rig.onChange.mock.calls.length;
    const result = rig.at(3_000, 1, refused);
    expect(result.ok).toBe(false);
    expect(rig.onChange).toHaveBeenCalledTimes(callsBefore);
    // `since` is left out: an agent the floor has never stored reads as logged out "since now".
    expect(rig.floor.get(1)).toEqual({ ...before, since: expect.any(Number) });
    expect(rig.floor.all()).toHaveLength(setup.length > 0 ? 1 : 0);
  });

  it('keeps each agent’s state apart', () => {
    rig.at(2_000, 1, { type: 'login' });
    rig.at(2_100, 2, { type: 'login' });
    rig.at(2_200, 2, { type: 'go-ready' });
    expect(rig.floor.get(1)).toMatchObject({ status: 'not-ready', version: 1, since: 2_000 });
    expect(rig.floor.get(2)).toMatchObject({ status: 'ready', version: 2, since: 2_200 });
    expect(
      rig.floor
        .all()
        .map((s) => s.agentId)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('reads skills at login only, so an admin change applies on the next login', () => {
    rig.at(2_000, 1, { type: 'login' });
    rig.at(2_100, 1, { type: 'go-ready' });
    expect(rig.skillsOf).toHaveBeenCalledTimes(1);
    expect(rig.skillsOf).toHaveBeenCalledWith(1);

    rig.skillTable.set(1, new Set([SUPPORT]));
    expect(rig.floor.routable()[0]?.skills).toEqual(new Set([SALES]));

    rig.at(2_200, 1, { type: 'logout' });
    rig.at(2_300, 1, { type: 'login' });
    rig.at(2_400, 1, { type: 'go-ready' });
    expect(rig.skillsOf).toHaveBeenCalledTimes(2);
    expect(rig.floor.routable()[0]?.skills).toEqual(new Set([SUPPORT]));
  });

  it('a refused login (already logged in) does not reload skills mid-shift', () => {
    rig.at(2_000, 1, { type: 'login' });
    rig.at(2_100, 1, { type: 'go-ready' });
    rig.skillTable.set(1, new Set([SUPPORT]));
    expect(rig.at(2_200, 1, { type: 'login' }).ok).toBe(false);
    expect(rig.skillsOf).toHaveBeenCalledTimes(1);
    expect(rig.floor.routable()[0]?.skills).toEqual(new Set([SALES]));
  });

  it('routable() lists only ready agents, with their skills and since when they are idle', () => {
    // Agent 1: ready since 2_500. Agent 2: ready, then took a call. Agent 3: logged in, not ready.
    rig.at(2_000, 1, { type: 'login' });
    rig.at(2_500, 1, { type: 'go-ready' });
    rig.at(2_000, 2, { type: 'login' });
    rig.at(2_100, 2, { type: 'go-ready' });
    rig.at(2_600, 2, { type: 'offer', callId: 'c-1', interactionId: 1 });
    rig.at(2_000, 3, { type: 'login' });
    expect(rig.floor.routable()).toEqual([
      { agentId: 1, ready: true, skills: new Set([SALES]), idleSince: 2_500 },
    ]);

    // Agent 2 finishes the call: idle again from the moment wrap-up ends, not from the first go-ready.
    rig.at(2_700, 2, { type: 'answer', callId: 'c-1' });
    rig.at(2_800, 2, { type: 'call-ended', wrapUpEndsAt: 2_900 });
    rig.at(2_900, 2, { type: 'wrap-up-done' });
    const byId = new Map(rig.floor.routable().map((a) => [a.agentId, a]));
    expect([...byId.keys()].sort()).toEqual([1, 2]);
    expect(byId.get(2)).toEqual({
      agentId: 2,
      ready: true,
      skills: new Set([SALES, SUPPORT]),
      idleSince: 2_900,
    });
  });

  it.each<[string, AgentEvent]>([
    ['goes not ready', { type: 'go-not-ready', reason: 'break' }],
    ['logs out', { type: 'logout' }],
    ['disconnects', { type: 'disconnect' }],
    ['is offered a call', { type: 'offer', callId: 'c', interactionId: 1 }],
  ])('an agent who %s is no longer routable', (_case, event) => {
    rig.at(2_000, 1, { type: 'login' });
    rig.at(2_100, 1, { type: 'go-ready' });
    expect(rig.floor.routable()).toHaveLength(1);
    expect(rig.at(2_200, 1, event).ok).toBe(true);
    expect(rig.floor.routable()).toEqual([]);
  });
});
