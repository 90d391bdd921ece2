import type { AgentState } from '../../../protocol/agent-state.schema';
import type {
  CampaignBoard,
  QueueBoard,
  QueueThresholds,
  StateCounts,
  WallboardFigures,
} from '../../../protocol/wallboard.schema';
import { agentTime, sumAgentTime } from '../../domain/metrics/agent-time';
import { callFigures, callsIn, groupBy } from '../../domain/metrics/call-figures';
import { campaignFigures } from '../../domain/metrics/campaign-figures';
import { intervalsOf } from '../../domain/metrics/intervals';
import type { AttemptRecord, CallRecord, StateRecord, Window } from '../../domain/metrics/metric-types';
import type { CampaignInfo, QueueInfo } from '../../repositories/metrics.repository';

export const LAST_MINUTES = 30;

/** What the live figures are computed from: today's records and the floor as it is now. */
export interface FiguresInput {
  now: number;
  dayStart: number;
  shortAbandonMs: number;
  queues: QueueInfo[];
  skills: { userId: number; businessTypeId: number }[];
  floor: AgentState[];
  calls: CallRecord[];
  states: StateRecord[];
  attempts: AttemptRecord[];
  campaigns: CampaignInfo[];
  leadsLeft: Map<number, number>;
  /** Queues' own thresholds (a queue without its own gets `defaultThresholds`). */
  thresholds: ReadonlyMap<number, QueueThresholds>;
  /** The queueing engine's waiting calls per queue (`GET /api/queues/live`); a queue it does not know waits none. */
  live: ReadonlyMap<number, LiveQueue>;
}

/** What the queueing engine says waits in a queue right now. */
export interface LiveQueue {
  /** Calls and callback requests waiting. */
  waiting: number;
  callbacksWaiting: number;
  /** The longest wait of a call (callback requests apart) from its first arrival. */
  longestWaitMs: number;
}

/**
 * A queue's colours until a supervisor sets its own (see README "Wallboard thresholds"): service level green
 * from the queue's target percentage, red 20 points under it; longest wait green up to the target answer time,
 * red past three times it; abandon rate green up to 5 %, red past 10 %.
 */
export const defaultThresholds = (
  queue: Pick<QueueInfo, 'slaTargetSec' | 'slaTargetPercent'>,
): QueueThresholds => {
  const good = Math.min(1, Math.max(0, queue.slaTargetPercent / 100));
  return {
    serviceLevel: { good, warn: Math.max(0, Math.round((good - 0.2) * 100) / 100) },
    longestWaitSec: { good: queue.slaTargetSec, warn: queue.slaTargetSec * 3 },
    abandonRate: { good: 0.05, warn: 0.1 },
  };
};

export function countStates(states: readonly AgentState[]): StateCounts {
  const counts = { ready: 0, ringing: 0, onCall: 0, wrapUp: 0, notReady: 0 };
  for (const state of states) {
    if (state.status === 'ready') counts.ready += 1;
    else if (state.status === 'ringing') counts.ringing += 1;
    else if (state.status === 'on-call') counts.onCall += 1;
    else if (state.status === 'wrap-up') counts.wrapUp += 1;
    else if (state.status === 'not-ready') counts.notReady += 1;
  }
  return counts;
}

function queueBoard(queue: QueueInfo, calls: CallRecord[], input: FiguresInput): QueueBoard {
  const rules = { slaTargetMs: queue.slaTargetSec * 1000, shortAbandonMs: input.shortAbandonMs };
  const today = { from: input.dayStart, to: input.now + 1 };
  const last = { from: input.now + 1 - LAST_MINUTES * 60_000, to: input.now + 1 };
  const live = input.live.get(queue.id);
  const callsWaiting = live ? live.waiting - live.callbacksWaiting : 0;
  const skilled = new Set(
    input.skills.filter((s) => s.businessTypeId === queue.businessTypeId).map((s) => s.userId),
  );
  return {
    queueId: queue.id,
    code: queue.code,
    name: queue.name,
    nameZh: queue.nameZh,
    slaTargetSec: queue.slaTargetSec,
    slaTargetPercent: queue.slaTargetPercent,
    // the engine's own waiting calls, so the wallboard and the queue's position announcements never disagree
    waiting: live?.waiting ?? 0,
    oldestQueuedAt: live && callsWaiting > 0 ? input.now - live.longestWaitMs : null,
    today: callFigures(callsIn(calls, today), rules),
    last30Min: callFigures(callsIn(calls, last), rules),
    agents: countStates(input.floor.filter((state) => skilled.has(state.agentId))),
    thresholds: input.thresholds.get(queue.id) ?? defaultThresholds(queue),
  };
}

function campaignBoards(input: FiguresInput, today: Window): CampaignBoard[] {
  const attempts = groupBy(input.attempts, (a) => a.campaignId);
  const agentsOf = groupBy(input.calls, (c) => c.campaignId);
  const logs = groupBy(input.states, (s) => s.agentId);
  return input.campaigns.map((campaign) => {
    const dials = campaignFigures(attempts.get(campaign.id) ?? [], today);
    const agents = new Set((agentsOf.get(campaign.id) ?? []).flatMap((c) => c.agentId ?? []));
    const time = sumAgentTime([...agents].map((id) => agentTime(logs.get(id) ?? [], today)));
    return {
      campaignId: campaign.id,
      name: campaign.name,
      state: campaign.state,
      mode: campaign.mode,
      ...dials,
      abandonWindow: 'today' as const,
      occupancy: time.occupancy,
      leadsLeft: input.leadsLeft.get(campaign.id) ?? 0,
    };
  });
}

/** The live figures: each queue today and over the last 30 minutes, campaigns today, the day's intervals. */
export function wallboardFigures(input: FiguresInput): WallboardFigures {
  const today = { from: input.dayStart, to: input.now + 1 };
  const byQueue = groupBy(input.calls, (call) => call.queueId);
  const queueCalls = input.calls.filter((call) => call.queueId !== null);
  const slaOf = new Map(input.queues.map((q) => [q.id, q.slaTargetSec * 1000]));
  return {
    at: input.now,
    dayStart: input.dayStart,
    queues: input.queues.map((queue) => queueBoard(queue, byQueue.get(queue.id) ?? [], input)),
    campaigns: campaignBoards(input, today),
    intervals: intervalsOf(today, 30).map((window) => {
      const calls = callsIn(queueCalls, window);
      // each call against its own queue's target, summed: the same as the per-queue service level added up
      const perQueue = [...groupBy(calls, (c) => c.queueId)].map(([queueId, group]) =>
        callFigures(group, { slaTargetMs: slaOf.get(queueId) ?? 0, shortAbandonMs: input.shortAbandonMs }),
      );
      const sum = (key: 'offered' | 'answered' | 'abandoned' | 'shortAbandoned' | 'answeredInTarget') =>
        perQueue.reduce((total, f) => total + f[key], 0);
      const measured = sum('answered') + sum('abandoned') - sum('shortAbandoned');
      return {
        from: window.from,
        offered: sum('offered'),
        answered: sum('answered'),
        abandoned: sum('abandoned'),
        serviceLevel: measured > 0 ? sum('answeredInTarget') / measured : null,
      };
    }),
    stateMix: countStates(input.floor),
  };
}
