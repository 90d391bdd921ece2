import { apiDownload, apiRequest } from '../../services/api-client';
import { auditPageSchema, type AuditCategory, type AuditPage } from '../../services/protocol';
import type { UiResult } from '../../services/ui-error';

/** What the screen's filters ask (empty strings: not asked). */
export interface AuditFilterValues {
  from: string;
  to: string;
  actor: string;
  category: AuditCategory | '';
  action: string;
  subject: string;
  decision: '' | 'allowed' | 'blocked' | 'done';
  number: string;
}

export const noFilter: AuditFilterValues = {
  from: '',
  to: '',
  actor: '',
  category: '',
  action: '',
  subject: '',
  decision: '',
  number: '',
};

/** The query string of a filter (times as ISO 8601 instants, from the console's local datetime inputs). */
export function auditQueryOf(filter: AuditFilterValues, extra: Record<string, string | number> = {}): string {
  const iso = (local: string) => {
    const ms = local ? new Date(local).getTime() : NaN;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
  };
  const params = { ...filter, from: iso(filter.from), to: iso(filter.to), ...extra };
  return new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === '' ? [] : [[k, String(v)]])),
  ).toString();
}

export const auditApi = {
  page: (query: string): Promise<UiResult<AuditPage>> => apiRequest(auditPageSchema, `/api/audit?${query}`),
  exportCsv: (query: string) => apiDownload(`/api/audit?${query}&format=csv`, 'ringside-audit.csv'),
};
