import { z } from 'zod';
import { changeReasonSchema } from './queue-admin.schema';

/**
 * Business types as admins manage them (`/api/business-types`): the skill an agent needs and what routing rules,
 * queues, service numbers and campaigns name. The code is the type's name everywhere (rule sets, the IVR's
 * `X-Ringside-Business-Type` header, history) and never changes; the English and Chinese names do.
 */

export const businessTypeCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a code: lower-case letters, digits, "_" or "-", at most 40');

const nameSchema = z.string().trim().min(1, 'a name is required').max(60, 'at most 60 characters');

export const businessTypeNamesSchema = z.object({ name: nameSchema, nameZh: nameSchema });

/** What uses a business type (see `blockingUses`). */
export const businessTypeUsageSchema = z.object({
  queues: z.array(z.string()),
  serviceNumbers: z.array(z.string()),
  /** Rule sets naming it: `draft`, or the version in force as `v<N>`, each with the rule ids. */
  rules: z.array(z.object({ ruleSet: z.string(), ruleIds: z.array(z.string()) })),
  /** Usernames of the agents holding a skill for it. */
  agents: z.array(z.string()),
  campaigns: z.array(z.string()),
  /** Calls waiting for an agent now. */
  waitingCalls: z.number().int(),
  /** Calls recorded under it (history): they keep it from being deleted, not from being retired. */
  recordedCalls: z.number().int(),
});
export type BusinessTypeUsage = z.infer<typeof businessTypeUsageSchema>;

export const businessTypeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
  /** When an admin retired it (offered for nothing new); null: in service. */
  retiredAt: z.number().int().nullable(),
  usage: businessTypeUsageSchema,
});
export type BusinessType = z.infer<typeof businessTypeSchema>;

export const businessTypeListSchema = z.object({ businessTypes: z.array(businessTypeSchema) });

export const createBusinessTypeSchema = z
  .object({
    businessType: businessTypeNamesSchema.extend({ code: businessTypeCodeSchema }).strict(),
    reason: changeReasonSchema,
  })
  .strict();
export type CreateBusinessType = z.infer<typeof createBusinessTypeSchema>;

/** A rename: the names given replace the type's (the code stays). */
export const updateBusinessTypeSchema = z
  .object({ changes: businessTypeNamesSchema.partial().strict(), reason: changeReasonSchema })
  .strict();
export type UpdateBusinessType = z.infer<typeof updateBusinessTypeSchema>;

export const businessTypeReasonSchema = z.object({ reason: changeReasonSchema }).strict();

/**
 * What keeps a type from being retired (anything that can still bring it a call: service numbers, routing rules
 * in force or drafted, campaigns, calls waiting now) or deleted (any use at all: its queues, agents' skills and
 * recorded calls too). A retired type's queues and skills stay, for history; it is offered for nothing new.
 */
export function blockingUses(usage: BusinessTypeUsage, action: 'retire' | 'delete'): string[] {
  const routing = [
    ...(usage.serviceNumbers.length > 0 ? [`service numbers ${usage.serviceNumbers.join(', ')}`] : []),
    ...usage.rules.map((r) => `routing rules ${r.ruleSet} (${r.ruleIds.join(', ')})`),
    ...(usage.campaigns.length > 0 ? [`campaigns ${usage.campaigns.join(', ')}`] : []),
    ...(usage.waitingCalls > 0 ? [`${usage.waitingCalls} waiting call(s)`] : []),
  ];
  if (action === 'retire') return routing;
  return [
    ...(usage.queues.length > 0 ? [`queues ${usage.queues.join(', ')}`] : []),
    ...routing,
    ...(usage.agents.length > 0 ? [`skills of agents ${usage.agents.join(', ')}`] : []),
    ...(usage.recordedCalls > 0 ? [`${usage.recordedCalls} recorded call(s) (retire it instead)`] : []),
  ];
}
