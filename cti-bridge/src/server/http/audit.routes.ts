import { auditPageSchema, auditQuerySchema } from '../../../protocol/audit.schema';
import type { AuditLogService } from '../../services/audit/audit-log.service';
import { unwrap } from '../http-errors';
import { defineRoute, FileReply, type RouteSpec } from '../route-spec';

const readers = ['supervisor', 'admin'] as const;

/** `GET /api/audit?…` for admins (everything) and supervisors (all but user, login and session entries). */
export function auditRoutes(deps: { audit: AuditLogService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/audit',
      summary:
        'The audit log, newest first: filter by time range [from, to) (epoch ms or ISO 8601), actor (username), action or category, subject (exact, or a kind ending with ":"), decision, phone number (matched on its last 4 digits, all the log keeps); keyset pages by id (before=next, limit <= 100), each request reading at most 20,000 rows; format=csv exports the filter (at most 10,000 entries, 1,000,000 rows read). Supervisors do not see user, login and session entries.',
      tag: 'audit',
      roles: readers,
      query: auditQuerySchema,
      response: auditPageSchema,
      handle: ({ query, user }) => {
        const role = user?.role ?? 'agent';
        if (query.format !== 'csv') return unwrap(deps.audit.page(query, role));
        const { csv } = unwrap(deps.audit.exportCsv(query, role));
        const day = new Date().toISOString().slice(0, 10);
        return new FileReply('text/csv; charset=utf-8', `ringside-audit-${day}.csv`, csv);
      },
    }),
  ];
}
