import type { Report } from '../../../protocol/wallboard.schema';

/** Excel reads a CSV as UTF-8 (Chinese names intact) only when it starts with a byte order mark. */
const BOM = '\uFEFF';

export const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  // a leading = + - @ would be a formula in a spreadsheet: quoted and prefixed so it stays text
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The report as CSV: the interval rows, then the totals (interval column `total`), times in ISO 8601 UTC. */
export function reportCsv(report: Report): string {
  const header = ['interval', 'from', 'to', 'id', 'name', ...report.columns];
  const lines = [header.map(csvCell).join(',')];
  const add = (kind: string) => (row: Report['rows'][number]) =>
    lines.push(
      [
        kind,
        iso(row.from),
        iso(row.to),
        row.id,
        row.name,
        ...report.columns.map((c) => row.values[c] ?? null),
      ]
        .map(csvCell)
        .join(','),
    );
  report.rows.forEach(add(String(report.interval)));
  report.totals.forEach(add('total'));
  return BOM + lines.join('\r\n') + '\r\n';
}
