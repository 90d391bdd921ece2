/**
 * The simulated dialer loop — the one place to swap for the dialer service and the sim PBX's originate seam
 * once they drive campaigns. It places the calls a strategy decides on (every second, and whenever an agent
 * frees up), draws their outcomes, connects live answers to the longest-idle ready agent, abandons an answer
 * left without an agent for the grace time, and runs talk and wrap: all on a fake clock, from one seed.
 */
import { EventQueue } from './event-queue';
import { seededRandom } from './seeded-random';
import { answerProbabilityAt, drawOutcome, type ShiftScenario } from './shift-scenario';
import type { DialStrategy, SimAgent, SimCall } from './dial-strategies';

const TICK_MS = 1_000;
const GRACE_MS = 2_000;

export interface ShiftTotals {
  attempts: number;
  answers: number;
  abandons: number;
  /** Agent time talking, and talking or wrapping, inside the shift (ms, summed over agents). */
  talkMs: number;
  busyMs: number;
  staffedMs: number;
}

type SimEvent =
  | { kind: 'tick' }
  | { kind: 'answer'; call: SimCall }
  | { kind: 'no-answer'; call: SimCall }
  | { kind: 'grace-over'; call: SimCall }
  | { kind: 'talk-end'; agent: number }
  | { kind: 'wrap-end'; agent: number };

export function runShift(scenario: ShiftScenario, strategy: DialStrategy): ShiftTotals {
  const random = seededRandom(scenario.seed);
  const phase = random.uniform(0, 2 * Math.PI);
  const endAt = scenario.hours * 3_600_000;
  const agents: SimAgent[] = Array.from({ length: scenario.agents }, () => ({ state: 'ready', since: 0 }));
  const busySince = new Float64Array(scenario.agents);
  const talkSince = new Float64Array(scenario.agents);
  const inFlight = new Set<SimCall>();
  const waiting: SimCall[] = [];
  const totals: ShiftTotals = {
    attempts: 0,
    answers: 0,
    abandons: 0,
    talkMs: 0,
    busyMs: 0,
    staffedMs: endAt * scenario.agents,
  };
  const events = new EventQueue<SimEvent>();
  let readyAgents = scenario.agents;

  const connect = (call: SimCall, agent: number, at: number): void => {
    inFlight.delete(call);
    strategy.observe({ kind: 'answer-settled', risk: call.risk, abandoned: false });
    agents[agent] = { state: 'talking', since: at };
    readyAgents -= 1;
    busySince[agent] = at;
    talkSince[agent] = at;
    events.push(at + random.logNormal(scenario.talkMs.mean, scenario.talkMs.sd), { kind: 'talk-end', agent });
  };

  const longestIdle = (): number => {
    let best = -1;
    let bestSince = Infinity;
    agents.forEach((agent, i) => {
      if (agent.state === 'ready' && agent.since < bestSince) {
        best = i;
        bestSince = agent.since;
      }
    });
    return best;
  };

  const dial = (at: number): void => {
    if (at >= endAt) return;
    const view = {
      at,
      agents,
      readyAgents,
      inFlight,
      window: { answers: totals.answers, abandons: totals.abandons },
      maxLines: scenario.maxLines,
    };
    const { count, risk } = strategy.launch(view);
    const allowed = Math.min(count, scenario.maxLines - inFlight.size);
    for (let i = 0; i < allowed; i += 1) {
      const call: SimCall = { state: 'ringing', launchedAt: at, answeredAt: 0, risk };
      inFlight.add(call);
      totals.attempts += 1;
      const outcome = drawOutcome(scenario, random, answerProbabilityAt(scenario, phase, at));
      events.push(at + outcome.afterMs, { kind: outcome.kind, call });
    }
  };

  const handle = (at: number, event: SimEvent): void => {
    switch (event.kind) {
      case 'tick':
        dial(at);
        events.push(at + TICK_MS, event);
        return;
      case 'answer': {
        const { call } = event;
        strategy.observe({ kind: 'attempt-ended', at, liveAnswer: true, ringMs: at - call.launchedAt });
        totals.answers += 1;
        call.state = 'answered';
        call.answeredAt = at;
        const agent = longestIdle();
        if (agent >= 0) connect(call, agent, at);
        else {
          waiting.push(call);
          events.push(at + GRACE_MS, { kind: 'grace-over', call });
        }
        return;
      }
      case 'no-answer':
        strategy.observe({ kind: 'attempt-ended', at, liveAnswer: false, ringMs: at - event.call.launchedAt });
        inFlight.delete(event.call);
        return;
      case 'grace-over': {
        const index = waiting.indexOf(event.call);
        if (index < 0) return;
        waiting.splice(index, 1);
        inFlight.delete(event.call);
        totals.abandons += 1;
        strategy.observe({ kind: 'answer-settled', risk: event.call.risk, abandoned: true });
        return;
      }
      case 'talk-end': {
        const talkMs = at - (talkSince[event.agent] ?? at);
        totals.talkMs += talkMs;
        strategy.observe({ kind: 'talk-ended', at, talkMs });
        agents[event.agent] = { state: 'wrap', since: at };
        events.push(at + random.logNormal(scenario.wrapMs.mean, scenario.wrapMs.sd), {
          kind: 'wrap-end',
          agent: event.agent,
        });
        return;
      }
      case 'wrap-end': {
        const since = agents[event.agent]?.since ?? at;
        strategy.observe({ kind: 'wrap-ended', at, wrapMs: at - since });
        totals.busyMs += at - (busySince[event.agent] ?? at);
        agents[event.agent] = { state: 'ready', since: at };
        readyAgents += 1;
        const next = waiting.shift();
        if (next) connect(next, event.agent, at);
        else if (strategy.decidesWhenAgentFrees) dial(at);
        return;
      }
    }
  };

  events.push(0, { kind: 'tick' });
  for (let next = events.pop(); next && next.at < endAt; next = events.pop()) handle(next.at, next.event);
  // Agents still busy at the end of the shift count up to its end.
  agents.forEach((agent, i) => {
    if (agent.state === 'ready') return;
    totals.busyMs += endAt - (busySince[i] ?? endAt);
    if (agent.state === 'talking') totals.talkMs += endAt - (talkSince[i] ?? endAt);
  });
  return totals;
}
