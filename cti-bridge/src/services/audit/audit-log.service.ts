import {
  ADMIN_ONLY_CATEGORY,
  AUDIT_EXPORT_MAX,
  auditCategories,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
} from '../../../protocol/audit.schema';
import type { Role } from '../../../protocol/http.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import { redactDetails, redactNumbers } from '../../domain/audit/redact-numbers';
import type { AuditLogRepository, AuditRow, AuditRowFilter } from '../../repositories/audit-log.repository';
import { csvCell } from '../reports/report-csv';

/**
 * The most rows one page request examines, whatever its filters: one id window (ids are dense: rows are never
 * deleted). A filter that matches rarely returns a short page with `next`, and the reader asks again.
 */
export const AUDIT_SCAN_WINDOW = 20_000;
/** The most rows a CSV export examines (50 windows). */
export const AUDIT_EXPORT_SCAN_MAX = 1_000_000;

type Filter = Omit<AuditQuery, 'before' | 'limit' | 'format'>;
interface Resolved {
  filter: AuditRowFilter;
  /** The id range the filter's time range covers (null: nothing can match). */
  range: { lo: number; hi: number } | null;
  last4: string | null;
}

/** Who did what, when, to which object, and for a dial decision why: pages newest first, and a CSV export. */
export function createAuditLogService(deps: { log: AuditLogRepository }) {
  const { log } = deps;

  function resolve(query: Filter, role: Role): Result<Resolved> {
    const hidden = role === 'admin' ? [] : auditCategories[ADMIN_ONLY_CATEGORY];
    const asksHidden =
      hidden.length > 0 &&
      (query.category === ADMIN_ONLY_CATEGORY ||
        hidden.some((prefix) => query.action?.startsWith(prefix) === true));
    if (asksHidden) return fail('FORBIDDEN', 'user, login and session entries are for admins');
    return ok(resolved());

    function resolved(): Resolved {
      const last4 = query.number ? query.number.replace(/\D/g, '').slice(-4) : null;
      const actorUserId = query.actor === undefined ? undefined : log.userIdOf(query.actor);
      const subject = query.subject?.endsWith(':') ? { prefix: query.subject } : query.subject;
      const filter: AuditRowFilter = {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
        ...(actorUserId != null ? { actorUserId } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(query.category ? { prefixes: auditCategories[query.category] } : {}),
        ...(hidden.length ? { excludedPrefixes: hidden } : {}),
        ...(typeof subject === 'string' ? { subject: { exact: subject } } : subject ? { subject } : {}),
        ...(query.decision ? { decision: query.decision } : {}),
        ...(last4 ? { last4 } : {}),
      };
      const all = log.idRange();
      // an unknown actor matches nothing (rather than everyone)
      if (!all || actorUserId === null) return { filter, range: null, last4 };
      const lo = query.from === undefined ? all.lo : log.firstIdAtOrAfter(query.from, all.lo, all.hi);
      const hi = query.to === undefined ? all.hi : log.firstIdAtOrAfter(query.to, all.lo, all.hi) - 1;
      return { filter, range: lo <= hi ? { lo, hi } : null, last4 };
    }
  }

  /** One id window below `before`: its matching rows (at most `limit`) and where the next read starts. */
  function readWindow(resolved: Resolved, before: number | undefined, limit: number) {
    const { range } = resolved;
    const hi = range ? Math.min(range.hi, (before ?? Infinity) - 1) : 0;
    if (!range || hi < range.lo) return { rows: [], next: null, scanned: 0, lo: null };
    const lo = Math.max(range.lo, hi - AUDIT_SCAN_WINDOW + 1);
    const rows = log.window(resolved.filter, lo, hi, limit);
    const last = rows[rows.length - 1];
    const next =
      rows.length === limit && last ? (last.id > range.lo ? last.id : null) : lo > range.lo ? lo : null;
    return { rows, next, scanned: hi - lo + 1, lo };
  }

  return {
    page(query: AuditQuery, role: Role): Result<AuditPage> {
      const resolved = resolve(query, role);
      if (!resolved.ok) return resolved;
      const { rows, next, scanned, lo } = readWindow(resolved.data, query.before, query.limit);
      return ok({
        entries: rows.map(entryOf),
        next,
        scanned,
        searchedDownTo: lo === null ? null : log.atOf(lo),
        numberLast4: resolved.data.last4,
      });
    },
    /** The filter's entries as CSV, newest first: at most AUDIT_EXPORT_MAX rows and AUDIT_EXPORT_SCAN_MAX read. */
    exportCsv(query: AuditQuery, role: Role): Result<{ csv: string; rows: number; truncated: boolean }> {
      const resolved = resolve(query, role);
      if (!resolved.ok) return resolved;
      const entries: AuditEntry[] = [];
      let before = query.before;
      let scanned = 0;
      let next: number | null = null;
      do {
        const read = readWindow(resolved.data, before, AUDIT_EXPORT_MAX - entries.length);
        entries.push(...read.rows.map(entryOf));
        scanned += read.scanned;
        next = read.next;
        before = next ?? undefined;
      } while (next !== null && entries.length < AUDIT_EXPORT_MAX && scanned < AUDIT_EXPORT_SCAN_MAX);
      return ok({ csv: csvOf(entries, next), rows: entries.length, truncated: next !== null });
    },
  };
}

function entryOf(row: AuditRow): AuditEntry {
  let details: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = row.details === null ? null : JSON.parse(row.details);
    details =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (redactDetails(parsed) as Record<string, unknown>)
        : null;
  } catch {
    details = null;
  }
  return {
    id: row.id,
    at: row.at,
    actor:
      row.actorUserId === null
        ? null
        : { id: row.actorUserId, username: row.actorUsername, displayName: row.actorDisplayName },
    action: row.action,
    subject: row.subject === null ? null : redactNumbers(row.subject),
    decision: row.decision,
    reason: row.reason === null ? null : redactNumbers(row.reason),
    details,
  };
}

const BOM = '\uFEFF';

/** UTF-8 with a BOM (Excel keeps Chinese intact); a last line says when the export stopped at its bound. */
function csvOf(entries: AuditEntry[], next: number | null): string {
  const header = ['id', 'at', 'actor', 'action', 'subject', 'decision', 'reason', 'details'];
  const lines = [header.map(csvCell).join(',')];
  for (const e of entries)
    lines.push(
      [
        e.id,
        new Date(e.at).toISOString(),
        e.actor?.username ?? (e.actor ? String(e.actor.id) : ''),
        e.action,
        e.subject,
        e.decision,
        e.reason,
        e.details ? JSON.stringify(e.details) : null,
      ]
        .map(csvCell)
        .join(','),
    );
  if (next !== null)
    lines.push(
      csvCell(`truncated: older entries start below id ${next}; narrow the filter or pass before=${next}`),
    );
  return BOM + lines.join('\r\n') + '\r\n';
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
