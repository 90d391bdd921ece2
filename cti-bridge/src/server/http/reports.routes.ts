import {
  reportKinds,
  reportQuerySchema,
  reportSchema,
  type ReportKind,
} from '../../../protocol/wallboard.schema';
import type { ReportsService } from '../../services/reports/reports.service';
import { reportCsv } from '../../services/reports/report-csv';
import { defineRoute, FileReply, type RouteSpec } from '../route-spec';

const managers = ['supervisor', 'admin'] as const;

const summaries: Record<ReportKind, string> = {
  agents: 'Per agent: handled, talk, wrap, AHT, ready / busy / not-ready time (by reason), occupancy',
  queues: 'Per queue: offered, answered, abandoned (short apart), service level, ASA, abandon rates, AHT',
  dispositions: 'Per disposition: calls, handled, AHT',
  campaigns: 'Per campaign: dialled, answered, abandoned, abandon rate, handled, AHT',
};

/** `GET /api/reports/{kind}?from=…&to=…&interval=15|30|60[&format=csv]` for supervisors, admins and integrators. */
export function reportRoutes(deps: { reports: ReportsService }): RouteSpec[] {
  return reportKinds.map((kind) =>
    defineRoute({
      method: 'GET',
      url: `/api/reports/${kind}`,
      summary: `${summaries[kind]}; by 15/30/60-minute interval and in total over [from, to) (epoch ms or ISO 8601); format=csv for a spreadsheet (UTF-8 with BOM)`,
      tag: 'reports',
      roles: managers,
      query: reportQuerySchema,
      response: reportSchema,
      handle: ({ query }) => {
        const report = deps.reports.report(
          kind,
          { from: query.from, to: query.to },
          query.interval,
          query.lang,
        );
        if (query.format !== 'csv') return report;
        const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        return new FileReply(
          'text/csv; charset=utf-8',
          `ringside-${kind}-${day(query.from)}-${day(query.to - 1)}.csv`,
          reportCsv(report),
        );
      },
    }),
  );
}
