import { z } from 'zod';
import { apiRequest } from '../../services/api-client';
import { queueConfigListSchema, queueConfigSchema, type QueueSettings } from '../../services/protocol';

const referencesSchema = z.object({
  businessTypes: z.array(z.object({ code: z.string(), name: z.string(), nameZh: z.string() })),
  queues: z.array(
    z.object({ code: z.string(), name: z.string(), nameZh: z.string().nullable(), businessType: z.string() }),
  ),
  serviceNumbers: z.array(z.object({ e164: z.string(), label: z.string(), labelZh: z.string().nullable() })),
});
export type RoutingReferences = z.infer<typeof referencesSchema>;

/** Queue configuration (supervisors read, admins change; the bridge checks and audits every change). */
export const queuesApi = {
  list: () => apiRequest(queueConfigListSchema, '/api/queues'),
  create: (queue: QueueSettings, reason: string) =>
    apiRequest(queueConfigSchema, '/api/queues', { method: 'POST', body: { queue, reason } }),
  update: (id: number, changes: Omit<QueueSettings, 'code'>, reason: string) =>
    apiRequest(queueConfigSchema, `/api/queues/${id}`, { method: 'PATCH', body: { changes, reason } }),
  /** Deletes a queue nothing refers to; `IN_USE` (409) names what still does. */
  remove: (id: number, reason: string) =>
    apiRequest(
      z.object({ id: z.number(), code: z.string() }),
      `/api/queues/${id}?reason=${encodeURIComponent(reason)}`,
      { method: 'DELETE' },
    ),
  /** Business types, queues and service numbers (what queues and rules may name). */
  references: () => apiRequest(referencesSchema, '/api/routing-rules/references'),
};
