import { apiRequest } from '../../services/api-client';
import {
  queueThresholdsInputSchema,
  queueThresholdsListSchema,
  queueThresholdsViewSchema,
  type QueueThresholds,
} from '../../services/protocol';
import { uiError, type UiResult } from '../../services/ui-error';

/** The wallboard's per-queue thresholds API (supervisors and admins; the bridge validates and audits). */
export const thresholdsApi = {
  list: () => apiRequest(queueThresholdsListSchema, '/api/wallboard/thresholds'),
  save(queueId: number, thresholds: QueueThresholds): Promise<UiResult<unknown>> {
    // the same schema as the bridge's: a bad value is refused here, with the field, before a round trip
    const parsed = queueThresholdsInputSchema.safeParse(thresholds);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return Promise.resolve({ ok: false, error: uiError('VALIDATION_FAILED', message) });
    }
    return apiRequest(queueThresholdsViewSchema, `/api/wallboard/thresholds/${queueId}`, {
      method: 'PATCH',
      body: parsed.data,
    });
  },
  reset: (queueId: number) =>
    apiRequest(queueThresholdsViewSchema, `/api/wallboard/thresholds/${queueId}`, { method: 'DELETE' }),
};

/** Fractions shown as percentages with one decimal, and back. */
export const toPct = (fraction: number) => Math.round(fraction * 1000) / 10;
export const fromPct = (pct: number) => Math.round(pct * 10) / 1000;
