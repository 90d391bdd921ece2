/** The audit log over HTTP: who did what, when, to which object, and for a dial decision why. */
import { z } from 'zod';

/**
 * Categories of actions, each a set of action-name prefixes. `users` (accounts, logins, sessions) is for admins
 * only; supervisors read every other category.
 */
export const auditCategories = {
  compliance: ['dial.', 'queue-callback.blocked'],
  dnc: ['dnc.'],
  campaigns: ['campaign.', 'lead.', 'call.abandoned'],
  routing: ['routing-rules.', 'queue.', 'queues.', 'business-type.', 'business-types.', 'user.skills-'],
  supervision: ['supervisor.', 'wallboard.', 'disposition.'],
  users: ['user.', 'auth.', 'session.'],
  system: ['calls.', 'queue-callback.'],
} as const satisfies Record<string, readonly string[]>;
export type AuditCategory = keyof typeof auditCategories;
export const auditCategoryNames = Object.keys(auditCategories) as AuditCategory[];
/** What supervisors may not read: account changes, failed logins (with addresses), sessions. */
export const ADMIN_ONLY_CATEGORY: AuditCategory = 'users';

/** The most entries one page returns. */
export const AUDIT_PAGE_MAX = 100;
/** The most entries a CSV export holds. */
export const AUDIT_EXPORT_MAX = 10_000;

const instant = z.coerce
  .number()
  .int()
  .nonnegative()
  .or(z.iso.datetime({ offset: true }).transform(Date.parse));

export const auditQuerySchema = z
  .object({
    /** Entries at or after this instant (epoch ms or ISO 8601). */
    from: instant.optional(),
    /** Entries before this instant. */
    to: instant.optional(),
    /** The actor's username. */
    actor: z.string().trim().min(1).max(64).optional(),
    /** One action by its exact name (`dial.check`, `dnc.add`…). */
    action: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9.-]{0,63}$/, 'an action name such as dial.check')
      .optional(),
    category: z.enum(auditCategoryNames as [AuditCategory, ...AuditCategory[]]).optional(),
    /** The object acted on, exactly (`campaign:3`), or every object of a kind when it ends with `:` (`lead:`). */
    subject: z.string().trim().min(1).max(120).optional(),
    decision: z.enum(['allowed', 'blocked', 'done']).optional(),
    /**
     * A phone number: the log keeps only its last 4 digits (masked), so entries are matched on those. Digits
     * and the usual punctuation only.
     */
    number: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{4,40}$/, 'a phone number (at least its last 4 digits)')
      .refine((s) => s.replace(/\D/g, '').length >= 4, 'at least 4 digits')
      .optional(),
    /** Keyset cursor: entries with an id below this (the `next` of the previous page). */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, {
    message: 'to must be after from',
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z
    .object({ id: z.number().int(), username: z.string().nullable(), displayName: z.string().nullable() })
    .nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  decision: z.enum(['allowed', 'blocked', 'done']),
  /** For a blocked dial: the catalog codes, comma-separated. */
  reason: z.string().nullable(),
  /** The entry's inputs as recorded (phone numbers masked to their last 4 digits). */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** The cursor for the next (older) page (`before`); null when the whole range has been read. */
  next: z.number().int().nullable(),
  /** How many rows this request examined (at most the scan bound, whatever the filters). */
  scanned: z.number().int(),
  /** Entries up to here were searched: older ones need `before=next` (a page can be short before the end). */
  searchedDownTo: z.number().int().nullable(),
  /** Set when a phone number was asked: the log is matched on these last 4 digits only. */
  numberLast4: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
