/** The compliance gate's answers as they cross the HTTP API (dry-run check, scrub report, DNC search). */
import { z } from 'zod';

export const complianceReasonSchema = z.object({ code: z.string(), message: z.string() });
export type ComplianceReason = z.infer<typeof complianceReasonSchema>;

export const complianceCheckRequestSchema = z.object({
  number: z.string().min(1).max(300),
  campaignId: z.number().int().positive().optional(),
  leadId: z.number().int().positive().optional(),
  /** ISO 8601 instant to decide for (dry run only); default now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

export const complianceCheckResponseSchema = z.object({
  allowed: z.boolean(),
  e164: z.string().nullable(),
  /** The callee's zone (the first of several when the number's area spans zones); null when unknown. */
  timeZone: z.string().nullable(),
  timeZones: z.array(z.string()),
  /** `YYYY-MM-DDTHH:MM` in `timeZone` at the decided instant. */
  localTime: z.string().nullable(),
  at: z.number(),
  reasons: z.array(complianceReasonSchema),
});
export type ComplianceCheckResponse = z.infer<typeof complianceCheckResponseSchema>;

export const scrubReportSchema = z.object({
  campaignId: z.number().int(),
  leads: z.number().int(),
  blocked: z.number().int(),
  byCode: z.record(z.string(), z.number().int()),
  /** The blocked leads (first `limit`), each with every DNC scope it is on. */
  blockedLeads: z.array(z.object({ leadId: z.number().int(), e164: z.string(), codes: z.array(z.string()) })),
  ms: z.number(),
});
export type ScrubReport = z.infer<typeof scrubReportSchema>;
