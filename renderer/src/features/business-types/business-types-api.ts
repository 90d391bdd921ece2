import { z } from 'zod';
import { apiRequest } from '../../services/api-client';
import { businessTypeListSchema, businessTypeSchema } from '../../services/protocol';

/** Business types (supervisors read; admins add, rename, retire, restore, delete — each with a reason). */
export const businessTypesApi = {
  list: () => apiRequest(businessTypeListSchema, '/api/business-types'),
  create: (businessType: { code: string; name: string; nameZh: string }, reason: string) =>
    apiRequest(businessTypeSchema, '/api/business-types', { method: 'POST', body: { businessType, reason } }),
  rename: (id: number, changes: { name: string; nameZh: string }, reason: string) =>
    apiRequest(businessTypeSchema, `/api/business-types/${id}`, {
      method: 'PATCH',
      body: { changes, reason },
    }),
  retire: (id: number, reason: string) =>
    apiRequest(businessTypeSchema, `/api/business-types/${id}/retire`, { method: 'POST', body: { reason } }),
  restore: (id: number, reason: string) =>
    apiRequest(businessTypeSchema, `/api/business-types/${id}/restore`, { method: 'POST', body: { reason } }),
  /** Deletes a type nothing uses; `IN_USE` (409) names what still does. */
  remove: (id: number, reason: string) =>
    apiRequest(
      z.object({ id: z.number(), code: z.string() }),
      `/api/business-types/${id}?reason=${encodeURIComponent(reason)}`,
      { method: 'DELETE' },
    ),
};
