/** Do-not-call lists over HTTP: manual add/remove with a reason, imports, and "why is this number blocked". */
import { z } from 'zod';

export const dncScopeSchema = z.enum(['global', 'campaign', 'registry']);

export const addDncSchema = z.object({
  number: z.string().min(1).max(300),
  campaignId: z.number().int().positive().optional(),
  reason: z.string().trim().min(1).max(500),
});

export const removeDncQuerySchema = z.object({
  number: z.string().min(1).max(300),
  campaignId: z.coerce.number().int().positive().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const dncImportQuerySchema = z.object({
  /** Into a campaign's list (default: the global list). */
  campaignId: z.coerce.number().int().positive().optional(),
  /** Import as a registry file with this name (millions of numbers, kept in the compact store). */
  registry: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  reason: z.string().trim().max(500).optional(),
});

export const dncImportResultSchema = z.object({
  added: z.number().int(),
  alreadyListed: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), code: z.string() })),
});
export type DncImportResult = z.infer<typeof dncImportResultSchema>;

export const dncEntryViewSchema = z.object({
  e164: z.string(),
  scope: dncScopeSchema,
  campaignId: z.number().int().nullable(),
  /** Registry name for registry hits. */
  source: z.string(),
  reason: z.string().nullable(),
  addedBy: z.number().int().nullable(),
  addedAt: z.number().nullable(),
});
export type DncEntryView = z.infer<typeof dncEntryViewSchema>;

export const dncSearchQuerySchema = z.object({ number: z.string().min(1).max(300) });
export const dncSearchResponseSchema = z.object({
  e164: z.string().nullable(),
  listed: z.boolean(),
  entries: z.array(dncEntryViewSchema),
});

export const dncRegistryViewSchema = z.object({
  name: z.string(),
  numbers: z.number().int(),
  bytes: z.number().int(),
  importedAt: z.number(),
});
