/**
 * A simulated inbound run on a fake clock through the real queueing engine: Poisson arrivals per queue,
 * exponential handle times, optional wrap-up, patience and callbacks; opening hours, overflow and max wait as
 * the queues say. Deterministic for a seed.
 */
import { openState } from '../../../domain/queueing/opening-hours';
import { QueueingEngine } from '../../../domain/queueing/queueing-engine';
import { estimatedWaitSec, HandleTimes } from '../../../domain/queueing/estimated-wait';
import { EventQueue } from '../../outbound/simulated-shift/event-queue';
import { seededRandom, type Random } from '../../outbound/simulated-shift/seeded-random';
import type { InboundScenario } from './inbound-scenario';
import { QueueTally, type InboundReport } from './inbound-report';

type SimEvent =
  | { kind: 'arrival' }
  | { kind: 'patience'; callId: string }
  | { kind: 'handled'; agentId: number; queueId: number; startedAt: number }
  | { kind: 'free'; agentId: number }
  | { kind: 'limits' };

const exponential = (random: Random, mean: number) => -Math.log(1 - random.next()) * mean;

function pick<T>(random: Random, shares: readonly (readonly [T, number])[]): T | null {
  let u = random.next();
  for (const [value, share] of shares) {
    if (u < share) return value;
    u -= share;
  }
  return null;
}

export function simulateInbound(scenario: InboundScenario): InboundReport {
  return new InboundRun(scenario).run();
}

class InboundRun {
  private readonly random: Random;
  private readonly engine: QueueingEngine;
  private readonly events = new EventQueue<SimEvent>();
  private readonly tallies = new Map<number, QueueTally>();
  /** Where each waiting call arrived (its figures count there, whichever queue answers it). */
  private readonly arrivedIn = new Map<string, number>();
  private readonly handleTimes = new Map<number, HandleTimes>();
  private readonly shares: [number, number][];
  private readonly endAt: number;
  private readonly hasLimits: boolean;
  private limitsAt: number | null = null;
  private busyMs = 0;
  private agents = 0;
  private decisions = 0;
  private next = 0;

  constructor(private readonly s: InboundScenario) {
    this.random = seededRandom(s.seed);
    this.engine = new QueueingEngine(s.policies);
    this.shares = [...s.shares];
    this.endAt = s.startAt + s.hours * 3_600_000;
    this.hasLimits = s.policies.some((p) => p.maxWaitSec !== null || p.overflowAfterSec !== null);
    for (const p of s.policies) {
      this.tallies.set(p.queueId, new QueueTally());
      this.handleTimes.set(p.queueId, new HandleTimes(s.ahtSec + s.wrapSec));
    }
  }

  run(): InboundReport {
    const { s, engine } = this;
    for (const group of s.agents)
      for (let i = 0; i < group.count; i++) {
        const agentId = ++this.agents;
        engine.setAgent(agentId, group.skills, new Set(group.languages));
        engine.agentFree(agentId, s.startAt);
      }
    this.scheduleArrival(s.startAt);
    for (let e = this.events.pop(); e; e = this.events.pop()) {
      this.handle(e.event, e.at);
      this.dispatch(e.at);
      this.scheduleLimits();
    }
    return this.report();
  }

  private handle(event: SimEvent, now: number): void {
    switch (event.kind) {
      case 'arrival':
        this.arrival(now);
        break;
      case 'patience':
        if (this.engine.remove(event.callId)) {
          this.tally(event.callId).abandoned++;
          this.arrivedIn.delete(event.callId);
        }
        break;
      case 'handled': {
        const wrapMs = this.s.wrapSec * 1000;
        this.busyMs += now - event.startedAt + wrapMs;
        this.handleTimes.get(event.queueId)?.add((now - event.startedAt) / 1000 + this.s.wrapSec);
        this.events.push(now + wrapMs, { kind: 'free', agentId: event.agentId });
        break;
      }
      case 'free':
        this.engine.agentFree(event.agentId, now);
        break;
      case 'limits':
        this.limitsAt = null;
        this.limits(now);
        break;
    }
  }

  private arrival(now: number): void {
    this.scheduleArrival(now);
    const { s, engine, random } = this;
    const queueId = pick(random, this.shares) ?? 1;
    const policy = engine.policy(queueId);
    const tally = this.tallies.get(queueId);
    if (!policy || !tally) return;
    tally.offered++;
    const callId = `c${++this.next}`;
    const tier = pick(random, s.tiers);
    const language = pick(random, s.languages);
    if (!openState(policy, now).open) {
      if (policy.afterHoursAction === 'callback') tally.callbacks++;
      else tally.refused++;
      return;
    }
    const busy = engine.freeAgents() === 0;
    const takesCallback = busy && random.next() < s.callbackShare;
    this.arrivedIn.set(callId, queueId);
    engine.enqueue({
      callId,
      queueId,
      overflowedFrom: [],
      tier,
      language,
      linePriority: 0,
      arrivedAt: now,
      queuedAt: now,
      declinedBy: new Set(),
      kind: takesCallback ? 'callback' : 'call',
    });
    if (takesCallback) tally.callbacks++;
    if (busy) tally.estimateSumSec += this.estimate(callId, queueId);
    if (s.patienceSec !== null && !takesCallback)
      this.events.push(now + exponential(random, s.patienceSec) * 1000, { kind: 'patience', callId });
  }

  private estimate(callId: string, queueId: number): number {
    const position = this.engine.positions().get(callId)?.position ?? 1;
    const aht = this.handleTimes.get(queueId)?.meanSec() ?? this.s.ahtSec;
    return estimatedWaitSec(position, this.engine.staffedFor(queueId), aht) ?? 0;
  }

  private dispatch(now: number): void {
    for (const decision of this.engine.dispatch(now)) {
      this.decisions++;
      const tally = this.tally(decision.callId);
      this.arrivedIn.delete(decision.callId);
      tally.answered++;
      const waitSec = decision.detail.waitedMs / 1000;
      tally.waitSumSec += waitSec;
      if (waitSec <= this.s.slSec) tally.withinSl++;
      const handled = exponential(this.random, this.s.ahtSec) * 1000;
      this.events.push(now + handled, {
        kind: 'handled',
        agentId: decision.agentId,
        queueId: decision.queueId,
        startedAt: now,
      });
    }
  }

  private limits(now: number): void {
    for (const step of this.engine.due(now)) {
      if (step.kind === 'overflow') continue;
      const tally = this.tally(step.call.callId);
      if (step.kind === 'callback') {
        tally.callbacks++;
        this.engine.enqueue({ ...step.call, kind: 'callback' });
      } else {
        tally.refused++;
        this.arrivedIn.delete(step.call.callId);
      }
    }
  }

  private scheduleArrival(now: number): void {
    const at = now + exponential(this.random, 3_600_000 / this.s.ratePerHour);
    if (at < this.endAt) this.events.push(at, { kind: 'arrival' });
  }

  /** One pending limits event at the earliest due instant. */
  private scheduleLimits(): void {
    if (!this.hasLimits) return;
    const due = this.engine.nextDueAt();
    if (due === null || (this.limitsAt !== null && this.limitsAt <= due)) return;
    this.limitsAt = due;
    this.events.push(due, { kind: 'limits' });
  }

  private tally(callId: string): QueueTally {
    return this.tallies.get(this.arrivedIn.get(callId) ?? 1) as QueueTally;
  }

  private report(): InboundReport {
    const total = new QueueTally();
    const queues = this.s.policies.map((p) => {
      const tally = this.tallies.get(p.queueId) as QueueTally;
      total.add(tally);
      return tally.figures(p.code);
    });
    const staffedMs = this.agents * (this.endAt - this.s.startAt);
    return {
      queues,
      total: total.figures('total'),
      occupancy: staffedMs === 0 ? 0 : Math.min(1, this.busyMs / staffedMs),
      agents: this.agents,
      hours: this.s.hours,
      slSec: this.s.slSec,
      decisions: this.decisions,
    };
  }
}
