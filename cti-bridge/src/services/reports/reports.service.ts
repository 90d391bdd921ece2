import type { Report, ReportKind, ReportRow } from '../../../protocol/wallboard.schema';
import { agentTime, type AgentTime } from '../../domain/metrics/agent-time';
import { callFigures, callsIn, groupBy, type CallFigures } from '../../domain/metrics/call-figures';
import { campaignFigures } from '../../domain/metrics/campaign-figures';
import { intervalsOf, type IntervalMinutes } from '../../domain/metrics/intervals';
import type { CallRecord, StateRecord, Window } from '../../domain/metrics/metric-types';
import type { MetricsRepository } from '../../repositories/metrics.repository';

export interface ReportsDeps {
  metrics: MetricsRepository;
  shortAbandonMs: number;
}

type Values = Record<string, number | null>;
interface Entity {
  id: number | null;
  name: string;
}
/** One report kind: its columns, the entities it has rows for, and the values of one over a window. */
interface ReportDefinition {
  columns: string[];
  entities: Entity[];
  values(entity: Entity, window: Window): Values | null;
}

/** The queue report's columns: each one the live wallboard shows under the same name (one set of formulas). */
export const QUEUE_COLUMNS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'answeredInTarget',
  'serviceLevel',
  'asaMs',
  'abandonRate',
  'abandonRateExShort',
  'handled',
  'ahtMs',
] as const;

const pick = (figures: CallFigures, columns: readonly (keyof CallFigures)[]): Values =>
  Object.fromEntries(columns.map((column) => [column, figures[column]]));

/**
 * Historical reports: per queue, agent, disposition or campaign, by interval and over the whole range, each
 * figure from the same formulas as the live wallboard (domain/metrics) over the same records.
 */
export function createReportsService(deps: ReportsDeps) {
  const { metrics } = deps;

  function queueReport(calls: CallRecord[], zh: boolean): ReportDefinition {
    const byQueue = groupBy(calls, (call) => call.queueId);
    const queues = metrics.queues();
    return {
      columns: [...QUEUE_COLUMNS],
      entities: queues.map((q) => ({ id: q.id, name: (zh && q.nameZh) || q.name })),
      values(entity, window) {
        const queue = queues.find((q) => q.id === entity.id);
        const inWindow = callsIn(byQueue.get(entity.id ?? -1) ?? [], window);
        if (!queue || inWindow.length === 0) return null;
        const rules = { slaTargetMs: queue.slaTargetSec * 1000, shortAbandonMs: deps.shortAbandonMs };
        return pick(callFigures(inWindow, rules), QUEUE_COLUMNS);
      },
    };
  }

  function agentReport(calls: CallRecord[], states: StateRecord[]): ReportDefinition {
    const byAgent = groupBy(calls, (call) => call.agentId);
    const logs = groupBy(states, (row) => row.agentId);
    const reasons = [
      ...new Set(states.flatMap((s) => (s.status === 'not-ready' ? [s.reason ?? 'unknown'] : []))),
    ]
      .sort()
      .map((reason) => `notReady:${reason}`);
    const rules = { slaTargetMs: 0, shortAbandonMs: deps.shortAbandonMs };
    return {
      columns: [
        'handled',
        'talkMs',
        'wrapMs',
        'ahtMs',
        'readyMs',
        'busyMs',
        'notReadyMs',
        'occupancy',
        ...reasons,
      ],
      entities: metrics.floorUsers(),
      values(entity, window) {
        const mine = callsIn(byAgent.get(entity.id ?? -1) ?? [], window);
        const time: AgentTime = agentTime(logs.get(entity.id ?? -1) ?? [], window);
        if (mine.length === 0 && Object.keys(time.byStatus).length === 0) return null;
        const f = callFigures(mine, rules);
        const s = time.byStatus;
        return {
          handled: f.handled,
          talkMs: f.talkMs,
          wrapMs: f.wrapMs,
          ahtMs: f.ahtMs,
          readyMs: s['ready'] ?? 0,
          busyMs: (s['ringing'] ?? 0) + (s['on-call'] ?? 0) + (s['wrap-up'] ?? 0),
          notReadyMs: s['not-ready'] ?? 0,
          occupancy: time.occupancy,
          ...Object.fromEntries(
            reasons.map((column) => [column, time.notReadyByReason[column.slice('notReady:'.length)] ?? 0]),
          ),
        };
      },
    };
  }

  function dispositionReport(calls: CallRecord[], zh: boolean): ReportDefinition {
    const byDisposition = groupBy(calls, (call) =>
      call.answeredAt === null ? null : (call.dispositionId ?? 0),
    );
    const rules = { slaTargetMs: 0, shortAbandonMs: deps.shortAbandonMs };
    return {
      columns: ['calls', 'handled', 'ahtMs'],
      entities: [
        ...metrics.dispositions().map((d) => ({ id: d.id, name: (zh && d.nameZh) || d.name })),
        { id: 0, name: zh ? '（无处理结果）' : '(no disposition)' },
      ],
      values(entity, window) {
        const inWindow = callsIn(byDisposition.get(entity.id ?? -1) ?? [], window);
        if (inWindow.length === 0) return null;
        const f = callFigures(inWindow, rules);
        return { calls: f.answered, handled: f.handled, ahtMs: f.ahtMs };
      },
    };
  }

  function campaignReport(calls: CallRecord[], range: Window): ReportDefinition {
    const attempts = groupBy(metrics.attempts(range), (a) => a.campaignId);
    const byCampaign = groupBy(calls, (call) => call.campaignId);
    const rules = { slaTargetMs: 0, shortAbandonMs: deps.shortAbandonMs };
    return {
      columns: ['dialled', 'answered', 'abandoned', 'abandonRate', 'handled', 'ahtMs'],
      entities: metrics.campaigns(),
      values(entity, window) {
        const dials = campaignFigures(attempts.get(entity.id ?? -1) ?? [], window);
        const f = callFigures(callsIn(byCampaign.get(entity.id ?? -1) ?? [], window), rules);
        if (dials.dialled === 0 && f.handled === 0) return null;
        return { ...dials, handled: f.handled, ahtMs: f.ahtMs };
      },
    };
  }

  function definition(kind: ReportKind, range: Window, zh: boolean): ReportDefinition {
    const calls = metrics.calls(range);
    switch (kind) {
      case 'queues':
        return queueReport(calls, zh);
      case 'agents':
        return agentReport(calls, metrics.states(range));
      case 'dispositions':
        return dispositionReport(calls, zh);
      case 'campaigns':
        return campaignReport(calls, range);
    }
  }

  return {
    report(kind: ReportKind, range: Window, interval: IntervalMinutes, lang = 'en'): Report {
      const def = definition(kind, range, lang === 'zh-CN');
      const rowsOf = (window: Window): ReportRow[] =>
        def.entities.flatMap((entity) => {
          const values = def.values(entity, window);
          return values
            ? [{ from: window.from, to: window.to, id: entity.id, name: entity.name, values }]
            : [];
        });
      return {
        kind,
        from: range.from,
        to: range.to,
        interval,
        columns: def.columns,
        rows: intervalsOf(range, interval).flatMap(rowsOf),
        totals: rowsOf(range),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
