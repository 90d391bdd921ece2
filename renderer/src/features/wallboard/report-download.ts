import type { ReportKind } from '../../services/protocol';

/** Fetches the report as CSV (the bridge adds the BOM Excel needs for Chinese) and saves it as a file. */
export async function downloadReportCsv(kind: ReportKind, query: string, token: string): Promise<void> {
  const res = await fetch(`/api/reports/${kind}?${query}&format=csv`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) return;
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ?? `ringside-${kind}.csv`;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
