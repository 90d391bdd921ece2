/**
 * The simulated dialer loop — the one place to swap for the dialer service and the sim PBX's originate seam
 * once they drive campaigns. It places the calls a strategy decides on (every second, and when an agent frees
 * up if the strategy wants that), draws their outcomes, connects live answers to the longest-idle ready agent,
 * abandons an answer left without an agent for the grace time, and runs talk and wrap: all on a fake clock,
 * from one seed.
 */
import { EventQueue } from './event-queue';
import { seededRandom, type Random } from './seeded-random';
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
  return new SimDialerLoop(scenario, strategy).run();
}

class SimDialerLoop {
  private readonly random: Random;
  private readonly phase: number;
  private readonly endAt: number;
  private readonly agents: SimAgent[];
  private readonly busySince: Float64Array;
  private readonly inFlight = new Set<SimCall>();
  private readonly waiting: SimCall[] = [];
  private readonly events = new EventQueue<SimEvent>();
  private readonly totals: ShiftTotals;
  private readyAgents: number;

  constructor(
    private readonly scenario: ShiftScenario,
    private readonly strategy: DialStrategy,
  ) {
    this.random = seededRandom(scenario.seed);
    this.phase = this.random.uniform(0, 2 * Math.PI);
    this.endAt = scenario.hours * 3_600_000;
    this.agents = Array.from({ length: scenario.agents }, () => ({ state: 'ready', since: 0 }));
    this.busySince = new Float64Array(scenario.agents);
    this.readyAgents = scenario.agents;
    this.totals = {
      attempts: 0,
      answers: 0,
      abandons: 0,
      talkMs: 0,
      busyMs: 0,
      staffedMs: this.endAt * scenario.agents,
    };
  }

  run(): ShiftTotals {
    this.events.push(0, { kind: 'tick' });
    for (let next = this.events.pop(); next && next.at < this.endAt; next = this.events.pop())
      this.handle(next.at, next.event);
    // Agents still busy when the shift ends count up to its end.
    this.agents.forEach((agent, i) => {
      if (agent.state === 'ready') return;
      this.totals.busyMs += this.endAt - (this.busySince[i] ?? this.endAt);
      if (agent.state === 'talking') this.totals.talkMs += this.endAt - agent.since;
    });
    return this.totals;
  }

  private handle(at: number, event: SimEvent): void {
    switch (event.kind) {
      case 'tick':
        this.dial(at);
        this.events.push(at + TICK_MS, event);
        return;
      case 'answer':
        return this.answered(event.call, at);
      case 'no-answer':
        this.strategy.observe({
          kind: 'attempt-ended',
          at,
          liveAnswer: false,
          ringMs: at - event.call.launchedAt,
        });
        this.inFlight.delete(event.call);
        return;
      case 'grace-over':
        return this.graceOver(event.call);
      case 'talk-end':
        return this.talkEnded(event.agent, at);
      case 'wrap-end':
        return this.wrapEnded(event.agent, at);
    }
  }

  private dial(at: number): void {
    const { scenario, inFlight, totals } = this;
    const { count, risk } = this.strategy.launch({
      at,
      agents: this.agents,
      readyAgents: this.readyAgents,
      inFlight,
      window: { answers: totals.answers, abandons: totals.abandons },
      maxLines: scenario.maxLines,
    });
    const allowed = Math.min(count, scenario.maxLines - inFlight.size);
    for (let i = 0; i < allowed; i += 1) {
      const call: SimCall = { state: 'ringing', launchedAt: at, answeredAt: 0, risk };
      inFlight.add(call);
      totals.attempts += 1;
      const outcome = drawOutcome(scenario, this.random, answerProbabilityAt(scenario, this.phase, at));
      this.events.push(at + outcome.afterMs, { kind: outcome.kind, call });
    }
  }

  private answered(call: SimCall, at: number): void {
    this.strategy.observe({ kind: 'attempt-ended', at, liveAnswer: true, ringMs: at - call.launchedAt });
    this.totals.answers += 1;
    call.state = 'answered';
    call.answeredAt = at;
    const agent = this.longestIdle();
    if (agent >= 0) return this.connect(call, agent, at);
    this.waiting.push(call);
    this.events.push(at + GRACE_MS, { kind: 'grace-over', call });
  }

  private graceOver(call: SimCall): void {
    const index = this.waiting.indexOf(call);
    if (index < 0) return; // an agent took it in time
    this.waiting.splice(index, 1);
    this.inFlight.delete(call);
    this.totals.abandons += 1;
    this.strategy.observe({ kind: 'answer-settled', risk: call.risk, abandoned: true });
  }

  private connect(call: SimCall, agent: number, at: number): void {
    this.inFlight.delete(call);
    this.strategy.observe({ kind: 'answer-settled', risk: call.risk, abandoned: false });
    this.agents[agent] = { state: 'talking', since: at };
    this.readyAgents -= 1;
    this.busySince[agent] = at;
    const { mean, sd } = this.scenario.talkMs;
    this.events.push(at + this.random.logNormal(mean, sd), { kind: 'talk-end', agent });
  }

  private talkEnded(agent: number, at: number): void {
    const talkMs = at - (this.agents[agent]?.since ?? at);
    this.totals.talkMs += talkMs;
    this.strategy.observe({ kind: 'talk-ended', at, talkMs });
    this.agents[agent] = { state: 'wrap', since: at };
    const { mean, sd } = this.scenario.wrapMs;
    this.events.push(at + this.random.logNormal(mean, sd), { kind: 'wrap-end', agent });
  }

  private wrapEnded(agent: number, at: number): void {
    this.strategy.observe({ kind: 'wrap-ended', at, wrapMs: at - (this.agents[agent]?.since ?? at) });
    this.totals.busyMs += at - (this.busySince[agent] ?? at);
    this.agents[agent] = { state: 'ready', since: at };
    this.readyAgents += 1;
    const next = this.waiting.shift();
    if (next) this.connect(next, agent, at);
    else if (this.strategy.decidesWhenAgentFrees) this.dial(at);
  }

  private longestIdle(): number {
    let best = -1;
    let bestSince = Infinity;
    this.agents.forEach((agent, i) => {
      if (agent.state === 'ready' && agent.since < bestSince) {
        best = i;
        bestSince = agent.since;
      }
    });
    return best;
  }
}
