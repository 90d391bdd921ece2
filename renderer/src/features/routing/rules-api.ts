import { z } from 'zod';
import { apiRequest } from '../../services/api-client';
import {
  ruleSetDocumentSchema,
  ruleSetVersionSchema,
  tryRuleSetResultSchema,
  validateResponseSchema,
  type RuleSetDocument,
} from '../../services/protocol';

/** The routing rules endpoints: supervisors read versions; admins edit the draft, validate, try and publish. */
export const rulesApi = {
  versions: () => apiRequest(z.array(ruleSetVersionSchema), '/api/routing-rules/versions'),
  draft: () => apiRequest(ruleSetVersionSchema, '/api/routing-rules/draft'),
  inForce: () =>
    apiRequest(
      z.object({ version: z.number(), document: ruleSetDocumentSchema }),
      '/api/routing-rules/in-force',
    ),
  validate: (document: RuleSetDocument) =>
    apiRequest(validateResponseSchema, '/api/routing-rules/validate', { method: 'POST', body: { document } }),
  saveDraft: (document: RuleSetDocument, note?: string) =>
    apiRequest(ruleSetVersionSchema, '/api/routing-rules/draft', {
      method: 'POST',
      body: { document, ...(note ? { note } : {}) },
    }),
  publish: (note?: string) =>
    apiRequest(ruleSetVersionSchema, '/api/routing-rules/publish', {
      method: 'POST',
      body: note ? { note } : {},
    }),
  tryCall: (document: RuleSetDocument, serviceNumber: string, attached: Record<string, string>) =>
    apiRequest(tryRuleSetResultSchema, '/api/routing-rules/try', {
      method: 'POST',
      body: { document, serviceNumber, attached },
    }),
};
