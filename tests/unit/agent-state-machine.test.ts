import { describe, expect, it } from 'vitest';
import {
  agentStatuses,
  type AgentState,
  type AgentStatus,
} from '../../cti-bridge/protocol/agent-state.schema';
import {
  initialAgentState,
  transition,
  type AgentEvent,
} from '../../cti-bridge/src/domain/agent-state-machine';

const AGENT = 42;
const BEFORE = 1_700_000_000_000;
const NOW = BEFORE + 5_000;
const WRAP_UP_ENDS = NOW + 30_000;

/** The call the agent already holds in ringing / on-call / wrap-up. */
const HELD_CALL = { callId: 'call-held', interactionId: 7 };

/** A realistic state in each status, as the machine itself would have left it. */
const stateIn: Record<AgentStatus, AgentState> = {
  'logged-out': { ...initialAgentState(AGENT, BEFORE), version: 4 },
  'not-ready': { ...base('not-ready'), reason: 'lunch' },
  ready: base('ready'),
  ringing: { ...base('ringing'), ...HELD_CALL },
  'on-call': { ...base('on-call'), ...HELD_CALL },
  'wrap-up': { ...base('wrap-up'), ...HELD_CALL, wrapUpEndsAt: BEFORE + 30_000 },
};

function base(status: AgentStatus): AgentState {
  return { ...initialAgentState(AGENT, BEFORE), status, version: 4 };
}

const events = {
  login: { type: 'login' },
  'go-ready': { type: 'go-ready' },
  'go-not-ready': { type: 'go-not-ready', reason: 'training' },
  logout: { type: 'logout' },
  offer: { type: 'offer', callId: 'call-new', interactionId: 99 },
  'transfer-offer': { type: 'transfer-offer', callId: 'call-new', interactionId: 99 },
  'offer-withdrawn (missed)': { type: 'offer-withdrawn', missed: true },
  'offer-withdrawn (not missed)': { type: 'offer-withdrawn', missed: false },
  'offer-withdrawn (back to not ready)': { type: 'offer-withdrawn', missed: false, notReadyReason: 'break' },
  'answer (held call)': { type: 'answer', callId: HELD_CALL.callId },
  'answer (another call)': { type: 'answer', callId: 'call-other' },
  'call-resumed': { type: 'call-resumed', callId: 'call-new', interactionId: 99, answeredAt: NOW },
  'call-ended': { type: 'call-ended', wrapUpEndsAt: WRAP_UP_ENDS },
  'wrap-up-done': { type: 'wrap-up-done' },
  disconnect: { type: 'disconnect' },
} satisfies Record<string, AgentEvent>;
type EventName = keyof typeof events;

/** What the agent looks like after an accepted event; fields left out must be null. */
interface Outcome {
  status: AgentStatus;
  reason?: string;
  callId?: string;
  interactionId?: number;
  wrapUpEndsAt?: number;
}

// The specification, written out by hand: every pair not listed for a status must be refused.
const accepted: Record<AgentStatus, Partial<Record<EventName, Outcome>>> = {
  'logged-out': {
    login: { status: 'not-ready', reason: 'login' },
  },
  'not-ready': {
    'go-ready': { status: 'ready' },
    'go-not-ready': { status: 'not-ready', reason: 'training' },
    logout: { status: 'logged-out' },
    'transfer-offer': { status: 'ringing', callId: 'call-new', interactionId: 99 },
    'call-resumed': { status: 'on-call', callId: 'call-new', interactionId: 99 },
    disconnect: { status: 'not-ready', reason: 'disconnected' },
  },
  ready: {
    'go-ready': { status: 'ready' },
    'go-not-ready': { status: 'not-ready', reason: 'training' },
    logout: { status: 'logged-out' },
    offer: { status: 'ringing', callId: 'call-new', interactionId: 99 },
    'transfer-offer': { status: 'ringing', callId: 'call-new', interactionId: 99 },
    'call-resumed': { status: 'on-call', callId: 'call-new', interactionId: 99 },
    disconnect: { status: 'not-ready', reason: 'disconnected' },
  },
  ringing: {
    'offer-withdrawn (missed)': { status: 'not-ready', reason: 'missed' },
    'offer-withdrawn (not missed)': { status: 'ready' },
    'offer-withdrawn (back to not ready)': { status: 'not-ready', reason: 'break' },
    'answer (held call)': { status: 'on-call', ...HELD_CALL },
    disconnect: { status: 'not-ready', reason: 'disconnected' },
  },
  'on-call': {
    'call-ended': { status: 'wrap-up', ...HELD_CALL, wrapUpEndsAt: WRAP_UP_ENDS },
  },
  'wrap-up': {
    'go-ready': { status: 'ready' },
    'wrap-up-done': { status: 'ready' },
    'transfer-offer': { status: 'ringing', callId: 'call-new', interactionId: 99 },
  },
};

const eventNames = Object.keys(events) as EventName[];
const pairs = agentStatuses.flatMap((status) => eventNames.map((name) => ({ status, name })));
const acceptedRows = pairs.flatMap(({ status, name }) => {
  const outcome = accepted[status][name];
  return outcome ? [{ status, name, outcome }] : [];
});
/** Accepted without a change of status: "not ready after this call" (tested on its own below). */
const pending: Partial<Record<AgentStatus, EventName[]>> = {
  'on-call': ['go-not-ready'],
  'wrap-up': ['go-not-ready'],
};
const refusedRows = pairs.filter(
  ({ status, name }) => !accepted[status][name] && !pending[status]?.includes(name),
);

// AgentState is flat, so a shallow freeze makes any mutation of the input throw.
function frozen<T extends object>(value: T): T {
  return Object.freeze({ ...value });
}

describe('agent state machine', () => {
  it('starts logged out at version 0 with nothing held', () => {
    expect(initialAgentState(AGENT, BEFORE)).toEqual({
      agentId: AGENT,
      status: 'logged-out',
      version: 0,
      since: BEFORE,
      reason: null,
      callId: null,
      interactionId: null,
      wrapUpEndsAt: null,
      phoneBusy: false,
      pendingNotReady: null,
    });
  });

  it('covers every status × event pair exactly once', () => {
    const pendingCount = Object.values(pending).flat().length;
    expect(acceptedRows.length + refusedRows.length + pendingCount).toBe(
      agentStatuses.length * eventNames.length,
    );
  });

  it.each(acceptedRows)('$status + $name → $outcome.status', ({ status, name, outcome }) => {
    const before = frozen(stateIn[status]);
    const result = transition(before, events[name], NOW);
    expect(result).toEqual({
      ok: true,
      state: {
        agentId: AGENT,
        status: outcome.status,
        version: before.version + 1,
        since: NOW,
        reason: outcome.reason ?? null,
        callId: outcome.callId ?? null,
        interactionId: outcome.interactionId ?? null,
        wrapUpEndsAt: outcome.wrapUpEndsAt ?? null,
        phoneBusy: false,
        pendingNotReady: null,
      },
    });
  });

  // Not in the table: it changes neither the status nor its time, only the flag (and the version).
  it.each(agentStatuses.filter((status) => status !== 'logged-out'))(
    '%s + phone-busy sets the flag and keeps the status and its time',
    (status) => {
      const before = frozen(stateIn[status]);
      const busy = transition(before, { type: 'phone-busy', busy: true }, NOW);
      expect(busy).toEqual({ ok: true, state: { ...before, version: before.version + 1, phoneBusy: true } });
      if (!busy.ok) return;
      const free = transition(busy.state, { type: 'phone-busy', busy: false }, NOW);
      expect(free).toEqual({ ok: true, state: { ...before, version: before.version + 2 } });
    },
  );

  it('refuses phone-busy while logged out', () => {
    expect(transition(stateIn['logged-out'], { type: 'phone-busy', busy: true }, NOW).ok).toBe(false);
  });

  it.each(refusedRows)('$status + $name is refused and changes nothing', ({ status, name }) => {
    const before = frozen(stateIn[status]);
    const snapshot = structuredClone(before);
    const result = transition(before, events[name], NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/\S/);
    expect(before).toEqual(snapshot);
  });

  describe('not ready after this call', () => {
    const withPending = (status: 'on-call' | 'wrap-up') => ({ ...stateIn[status], pendingNotReady: 'lunch' });
    it.each([
      { from: stateIn['on-call'], event: events['go-not-ready'], pendingNotReady: 'training' },
      { from: stateIn['wrap-up'], event: events['go-not-ready'], pendingNotReady: 'training' },
      { from: withPending('on-call'), event: events['go-not-ready'], pendingNotReady: 'training' },
      { from: withPending('on-call'), event: events['go-ready'], pendingNotReady: null },
      { from: withPending('wrap-up'), event: events['go-ready'], pendingNotReady: null },
    ])(
      '$from.status (pending $from.pendingNotReady) + $event.type → pending $pendingNotReady, status and time kept',
      ({ from, event, pendingNotReady }) => {
        const before = frozen(from);
        expect(transition(before, event, NOW)).toEqual({
          ok: true,
          state: { ...before, version: before.version + 1, pendingNotReady },
        });
      },
    );

    it('on-call without a pending reason refuses go-ready', () => {
      expect(transition(stateIn['on-call'], events['go-ready'], NOW).ok).toBe(false);
    });

    it.each(['ringing', 'logged-out'] as const)('%s refuses go-not-ready', (status) => {
      expect(transition(stateIn[status], events['go-not-ready'], NOW).ok).toBe(false);
    });

    it.each([
      {
        name: 'call-ended',
        from: withPending('on-call'),
        event: events['call-ended'],
        to: { status: 'wrap-up', pendingNotReady: 'lunch', reason: null },
      },
      {
        name: 'wrap-up-done',
        from: withPending('wrap-up'),
        event: events['wrap-up-done'],
        to: { status: 'not-ready', pendingNotReady: null, reason: 'lunch' },
      },
      {
        name: 'phone-busy',
        from: withPending('on-call'),
        event: { type: 'phone-busy', busy: true } as const,
        to: { status: 'on-call', pendingNotReady: 'lunch' },
      },
    ])('the pending reason survives until the wrap-up ends: $name', ({ from, event, to }) => {
      expect(transition(frozen(from), event, NOW)).toMatchObject({ ok: true, state: to });
    });

    it('a full call: on-call → not ready after → wrap-up → saved → not ready with the reason', () => {
      const steps: AgentEvent[] = [
        { type: 'go-not-ready', reason: 'meeting' },
        { type: 'call-ended', wrapUpEndsAt: WRAP_UP_ENDS },
        { type: 'wrap-up-done' },
      ];
      let state: AgentState = stateIn['on-call'];
      for (const event of steps) {
        const next = transition(state, event, NOW);
        if (!next.ok) throw new Error(next.reason);
        state = next.state;
      }
      expect(state).toMatchObject({
        status: 'not-ready',
        reason: 'meeting',
        pendingNotReady: null,
        callId: null,
      });
    });
  });

  it('counts a resumed call from its answer, never from the future', () => {
    const resumed = (answeredAt: number) =>
      transition(stateIn.ready, { type: 'call-resumed', callId: 'c', interactionId: 1, answeredAt }, NOW);
    expect(resumed(BEFORE)).toMatchObject({ ok: true, state: { status: 'on-call', since: BEFORE } });
    expect(resumed(NOW + 60_000)).toMatchObject({ ok: true, state: { since: NOW } });
  });

  it.each(['ringing', 'on-call', 'wrap-up'] as const)('logout is refused while %s', (status) => {
    expect(transition(stateIn[status], events.logout, NOW).ok).toBe(false);
  });

  it.each(['on-call', 'wrap-up'] as const)(
    'disconnect during %s keeps the call for the reconnect',
    (status) => {
      const before = frozen(stateIn[status]);
      expect(transition(before, events.disconnect, NOW).ok).toBe(false);
      expect(before).toMatchObject({ status, ...HELD_CALL });
    },
  );

  it('versions strictly increase and since follows the clock over a full call cycle', () => {
    const cycle: AgentEvent[] = [
      { type: 'login' },
      { type: 'go-ready' },
      { type: 'offer', callId: 'c-1', interactionId: 1 },
      { type: 'answer', callId: 'c-1' },
      { type: 'call-ended', wrapUpEndsAt: BEFORE + 100_000 },
      { type: 'wrap-up-done' },
      { type: 'offer', callId: 'c-2', interactionId: 2 },
      { type: 'offer-withdrawn', missed: true },
      { type: 'logout' },
    ];
    let state = initialAgentState(AGENT, BEFORE);
    const seen: { status: AgentStatus; version: number; since: number }[] = [];
    cycle.forEach((event, i) => {
      const result = transition(state, event, BEFORE + (i + 1) * 1_000);
      if (!result.ok) throw new Error(`step ${i} (${event.type}) refused: ${result.reason}`);
      state = result.state;
      seen.push({ status: state.status, version: state.version, since: state.since });
    });
    expect(seen.map((s) => s.status)).toEqual([
      'not-ready',
      'ready',
      'ringing',
      'on-call',
      'wrap-up',
      'ready',
      'ringing',
      'not-ready',
      'logged-out',
    ]);
    const strictlyIncreasing = (values: number[]) =>
      values.every((v, i) => i === 0 || v > (values[i - 1] ?? v));
    expect(strictlyIncreasing(seen.map((s) => s.version))).toBe(true);
    expect(strictlyIncreasing(seen.map((s) => s.since))).toBe(true);
  });

  it('a refused step in the middle of a cycle leaves the version where it was', () => {
    const loggedIn = transition(initialAgentState(AGENT, BEFORE), { type: 'login' }, NOW);
    if (!loggedIn.ok) throw new Error('login refused');
    const refused = transition(loggedIn.state, { type: 'answer', callId: 'nope' }, NOW + 1);
    expect(refused.ok).toBe(false);
    const ready = transition(loggedIn.state, { type: 'go-ready' }, NOW + 2);
    expect(ready.ok && ready.state.version).toBe(loggedIn.state.version + 1);
  });
});
