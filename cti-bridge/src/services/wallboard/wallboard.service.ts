import type { AgentState } from '../../../protocol/agent-state.schema';
import type { AgentBoard, WallboardFigures, WallboardSnapshot } from '../../../protocol/wallboard.schema';
import { callFigures, groupBy } from '../../domain/metrics/call-figures';
import { startOfDay } from '../../domain/metrics/intervals';
import type { CallRecord } from '../../domain/metrics/metric-types';
import { maskPhone } from '../../domain/mask';
import type { MetricsRepository } from '../../repositories/metrics.repository';
import type { QueueThresholds } from '../../../protocol/wallboard.schema';
import { wallboardFigures, type LiveQueue } from './wallboard-figures';

/** The figures are recomputed at most this often; the first change after a quiet spell goes out at once. */
const FIGURES_EVERY_MS = 100;

export interface WallboardDeps {
  now: () => number;
  timeZone: string;
  shortAbandonMs: number;
  metrics: MetricsRepository;
  /** The authoritative agent states (the floor). */
  states: () => AgentState[];
  stateOf: (agentId: number) => AgentState;
  /** Queues' own thresholds, read at each recomputation (an edit shows at once). */
  thresholds: () => ReadonlyMap<number, QueueThresholds>;
  /** The queueing engine's waiting calls per queue, now. */
  liveQueues: () => ReadonlyMap<number, LiveQueue>;
  pushFigures: (figures: WallboardFigures) => void;
  pushAgents: (agents: AgentBoard[]) => void;
  /** Where a failure while computing is reported (it must not reach the call center's event). */
  guarded: <A extends unknown[]>(where: string, work: (...args: A) => void) => (...args: A) => void;
}

/**
 * The supervisors' live wallboard. Told of every call and agent-state event, it pushes the changed agents'
 * rows on the next tick and the recomputed figures within `FIGURES_EVERY_MS`, both from the records the
 * historical reports read, through the same formulas.
 */
export function createWallboard(deps: WallboardDeps) {
  const { metrics } = deps;
  const changedAgents = new Set<number>();
  let agentsTick: NodeJS.Immediate | null = null;
  let figuresTimer: NodeJS.Timeout | null = null;
  let lastFiguresAt = 0;
  let stopped = false;

  const dayStart = () => startOfDay(deps.now(), deps.timeZone);

  function figures(): WallboardFigures {
    const now = deps.now();
    const from = dayStart();
    const today = { from, to: now + 1 };
    const campaigns = metrics.campaigns();
    return wallboardFigures({
      now,
      dayStart: from,
      shortAbandonMs: deps.shortAbandonMs,
      queues: metrics.queues(),
      skills: metrics.skills(),
      floor: deps.states(),
      calls: metrics.calls(today),
      // the campaigns' occupancy is the only figure that needs the day's state log
      states: campaigns.length > 0 ? metrics.states(today) : [],
      attempts: campaigns.length > 0 ? metrics.attempts(today) : [],
      campaigns,
      leadsLeft: campaigns.length > 0 ? metrics.leadsLeft() : new Map(),
      thresholds: deps.thresholds(),
      live: deps.liveQueues(),
    });
  }

  function agentRow(agentId: number, name: string, calls: readonly CallRecord[]): AgentBoard {
    const state = deps.stateOf(agentId);
    const live = state.interactionId === null ? null : metrics.callOf(state.interactionId);
    const handled = callFigures(calls, { slaTargetMs: 0, shortAbandonMs: deps.shortAbandonMs });
    return {
      agentId,
      name,
      state,
      call: live && {
        interactionId: live.interactionId,
        direction: live.direction,
        businessType: live.businessType,
        businessTypeName: live.businessTypeName,
        businessTypeNameZh: live.businessTypeNameZh,
        campaign: live.campaign,
        since: live.answeredAt ?? live.offeredAt ?? state.since,
        customer: live.customer,
        number: maskPhone(live.number),
      },
      handledToday: handled.handled,
      ahtMs: handled.ahtMs,
    };
  }

  function snapshot(): WallboardSnapshot {
    const from = dayStart();
    const byAgent = groupBy(metrics.calls({ from, to: deps.now() + 1 }), (c) => c.agentId);
    return {
      figures: figures(),
      agents: metrics.floorUsers().map((u) => agentRow(u.id, u.name, byAgent.get(u.id) ?? [])),
    };
  }

  const flushAgents = deps.guarded('wallboard agents', () => {
    agentsTick = null;
    const names = new Map(metrics.floorUsers().map((u) => [u.id, u.name]));
    const from = dayStart();
    const rows = [...changedAgents].flatMap((agentId) => {
      const name = names.get(agentId);
      return name === undefined ? [] : [agentRow(agentId, name, metrics.callsOfAgent(agentId, from))];
    });
    changedAgents.clear();
    if (rows.length > 0) deps.pushAgents(rows);
  });

  const flushFigures = deps.guarded('wallboard figures', () => {
    figuresTimer = null;
    lastFiguresAt = Date.now();
    deps.pushFigures(figures());
  });

  function figuresChanged(): void {
    if (stopped || figuresTimer) return;
    const wait = Math.max(0, lastFiguresAt + FIGURES_EVERY_MS - Date.now());
    figuresTimer = setTimeout(flushFigures, wait);
  }

  return {
    snapshot,
    figures,
    /** A call was offered, answered, ended, abandoned or wrapped up. */
    callChanged(): void {
      figuresChanged();
    },
    /** The queueing engine's waiting calls changed, or a queue's thresholds were edited. */
    queuesChanged(): void {
      figuresChanged();
    },
    agentChanged(agentId: number): void {
      if (stopped) return;
      changedAgents.add(agentId);
      agentsTick ??= setImmediate(flushAgents);
      figuresChanged();
    },
    stop(): void {
      stopped = true;
      if (agentsTick) clearImmediate(agentsTick);
      if (figuresTimer) clearTimeout(figuresTimer);
    },
  };
}

export type Wallboard = ReturnType<typeof createWallboard>;
