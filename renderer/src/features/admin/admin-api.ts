import { z } from 'zod';
import { apiRequest } from '../../services/api-client';
import {
  campaignViewSchema,
  complianceCheckResponseSchema,
  dncImportResultSchema,
  dncSearchResponseSchema,
  leadImportResultSchema,
  type CreateCampaign,
  type ImportProgress,
  type UpdateCampaign,
} from '../../services/protocol';
import { createStore } from '../../services/store';

const campaignsSchema = z.object({ campaigns: z.array(campaignViewSchema) });
const added = z.object({ e164: z.string(), added: z.boolean() });
const removed = z.object({ e164: z.string(), removed: z.boolean() });
const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();

/** The admin endpoints of campaigns and do-not-call lists (the bridge enforces the roles). */
export const adminApi = {
  campaigns: () => apiRequest(campaignsSchema, '/api/campaigns'),
  createCampaign: (body: CreateCampaign) =>
    apiRequest(campaignViewSchema, '/api/campaigns', { method: 'POST', body }),
  updateCampaign: (id: number, body: UpdateCampaign) =>
    apiRequest(campaignViewSchema, `/api/campaigns/${id}`, { method: 'PATCH', body }),
  act: (id: number, action: 'start' | 'pause' | 'stop') =>
    apiRequest(campaignViewSchema, `/api/campaigns/${id}/${action}`, { method: 'POST' }),
  importLeads: (id: number, file: Blob) =>
    apiRequest(leadImportResultSchema, `/api/campaigns/${id}/leads/import`, {
      method: 'POST',
      file: { data: file, contentType: 'text/csv' },
    }),
  /** A WAV sent as it is; the bridge answers with the campaign (its `abandonRecording`) or a catalog error. */
  uploadAbandonRecording: (id: number, file: File) =>
    apiRequest(campaignViewSchema, `/api/campaigns/${id}/abandon-recording?${query({ name: file.name })}`, {
      method: 'POST',
      file: { data: file, contentType: 'audio/wav' },
    }),
  removeAbandonRecording: (id: number) =>
    apiRequest(campaignViewSchema, `/api/campaigns/${id}/abandon-recording`, { method: 'DELETE' }),
  addDnc: (number: string, reason: string, campaignId?: number) =>
    apiRequest(added, '/api/dnc', {
      method: 'POST',
      body: { number, reason, ...(campaignId ? { campaignId } : {}) },
    }),
  removeDnc: (number: string, reason: string, campaignId?: number) =>
    apiRequest(removed, `/api/dnc?${query({ number, reason, campaignId })}`, { method: 'DELETE' }),
  importDnc: (file: Blob, campaignId?: number, registry?: string) =>
    apiRequest(dncImportResultSchema, `/api/dnc/import?${query({ campaignId, registry })}`, {
      method: 'POST',
      file: { data: file, contentType: 'text/csv' },
    }),
  searchDnc: (number: string) => apiRequest(dncSearchResponseSchema, `/api/dnc/search?${query({ number })}`),
  check: (number: string, campaignId?: number) =>
    apiRequest(complianceCheckResponseSchema, '/api/compliance/check', {
      method: 'POST',
      body: { number, ...(campaignId ? { campaignId } : {}) },
    }),
};

/** The running import's progress (socket `campaign:import-progressed`). */
export const importProgressStore = createStore<ImportProgress | null>(null);

/** A CSV the browser downloads (the bad rows of an import), without a round trip. */
export function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]): void {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
