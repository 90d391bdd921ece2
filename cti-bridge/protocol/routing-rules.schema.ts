import { z } from 'zod';
import { ATTACHED_PATTERN_MAX, patternProblem } from './attached-pattern';

/**
 * Routing rules as data: which data attached upstream (IVR, carrier SIP headers) a call may carry, and which
 * service number + attached data picks which business type and queue. A rule set is versioned: admins edit one
 * draft, validate it, publish it (a new version; old ones are kept), and every step is audited.
 */

/** How an attached value may look; anything else is dropped with `bad-charset`. */
export const attachedCharsets = ['token', 'digits', 'language', 'hex', 'text'] as const;
export type AttachedCharset = (typeof attachedCharsets)[number];

/** The charsets as patterns (whole value). `text` is any printable text without control characters. */
export const attachedCharsetPatterns: Record<AttachedCharset, RegExp> = {
  token: /^[A-Za-z0-9._-]+$/,
  digits: /^[0-9]+$/,
  language: /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
  // User-to-User: hex data, optionally followed by parameters (`;encoding=hex;purpose=...`)
  hex: /^[0-9A-Fa-f]+(;[A-Za-z0-9=._-]+)*$/,
  text: /^[^\p{Cc}\p{Cs}]+$/u,
};

/** The longest value a field may accept; the PBX edge cuts anything beyond `ATTACHED_EDGE_MAX` already. */
export const ATTACHED_VALUE_MAX = 256;
/** Kamailio forwards at most this many characters of a header (one more marks it as too long). */
export const ATTACHED_EDGE_MAX = 1024;
/** At most this many headers of a call are looked at; the rest are dropped with `too-many`. */
export const ATTACHED_HEADERS_MAX = 16;

/** RFC 3261 `token` (a header field name): letters, digits and `-.!%*_+\`'~`. */
export const SIP_TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
/** Headers that carry credentials: never read into call data, shown to agents or stored. */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'www-authenticate',
  'proxy-authenticate',
];

export const sipHeaderNameSchema = z
  .string()
  .max(64, 'a header name of at most 64 characters')
  .regex(SIP_TOKEN, "a SIP header name (RFC 3261 token): letters, digits and - . ! % * _ + ` ' ~")
  .refine((name) => !SECRET_HEADERS.includes(name.toLowerCase()), 'a header with credentials is never read');
export const attachedKeySchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'a key: a letter, then letters, digits or "_", at most 32');

export const attachedPatternSchema = z
  .string()
  .min(1)
  .max(ATTACHED_PATTERN_MAX)
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export const attachedFieldSchema = z.object({
  /** The SIP header (or sim field) the value comes from; matched without regard to case. */
  header: sipHeaderNameSchema,
  /** The name rules and the pop use for it. */
  key: attachedKeySchema,
  label: z.string().trim().min(1).max(60),
  labelZh: z.string().trim().min(1).max(60).optional(),
  maxLength: z.number().int().min(1).max(ATTACHED_VALUE_MAX),
  charset: z.enum(attachedCharsets),
  /** Besides the charset, the whole value must match this (e.g. `[0-9]{8}` for an 8-digit account). */
  pattern: attachedPatternSchema.optional(),
  /** Shown to the agent in the pop (an account number yes, a routing token perhaps not). */
  showInPop: z.boolean().default(true),
});
export type AttachedField = z.infer<typeof attachedFieldSchema>;

const e164 = z.string().regex(/^\+[1-9]\d{4,14}$/, 'an E.164 number such as +18005550101');
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a code: lower-case letters, digits, "_" or "-"');

export const routingRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id: lower-case letters, digits and "-"'),
  name: z.string().trim().min(1).max(80),
  /** Every condition given must hold; a rule without conditions matches every call (a catch-all). */
  when: z.object({
    serviceNumbers: z.array(e164).max(50).optional(),
    /** Attached values to match, by key (compared without regard to case). */
    attached: z.record(attachedKeySchema, z.string().trim().min(1).max(ATTACHED_VALUE_MAX)).optional(),
  }),
  businessType: code,
  /** The queue; omitted: the business type's own queue. */
  queue: code.optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/** The rule set: rules are tried in order, the first that matches wins; none → the service number's queue. */
export const ruleSetDocumentSchema = z
  .object({
    attachedFields: z.array(attachedFieldSchema).max(ATTACHED_HEADERS_MAX),
    rules: z.array(routingRuleSchema).max(200),
  })
  .superRefine((doc, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const headers = new Set<string>();
    const keys = new Set<string>();
    doc.attachedFields.forEach((field, i) => {
      const header = field.header.toLowerCase();
      if (headers.has(header))
        issue(['attachedFields', i, 'header'], `header ${field.header} is listed twice`);
      if (keys.has(field.key)) issue(['attachedFields', i, 'key'], `key ${field.key} is used twice`);
      headers.add(header);
      keys.add(field.key);
    });
    const ids = new Set<string>();
    doc.rules.forEach((rule, i) => {
      if (ids.has(rule.id)) issue(['rules', i, 'id'], `rule id ${rule.id} is used twice`);
      ids.add(rule.id);
      for (const key of Object.keys(rule.when.attached ?? {}))
        if (!keys.has(key))
          issue(['rules', i, 'when', 'attached', key], `no attached field has the key ${key}`);
    });
  });
export type RuleSetDocument = z.infer<typeof ruleSetDocumentSchema>;

/** One problem found in a rule set: where (a path into the document) and what. */
export const ruleSetIssueSchema = z.object({ path: z.string(), message: z.string() });
export type RuleSetIssue = z.infer<typeof ruleSetIssueSchema>;

export const ruleSetVersionSchema = z.object({
  id: z.number().int(),
  /** Null for the draft. */
  version: z.number().int().nullable(),
  status: z.enum(['draft', 'published']),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  updatedAt: z.number().int(),
  publishedBy: z.string().nullable(),
  publishedAt: z.number().int().nullable(),
  /** True for the published version routing uses now. */
  inForce: z.boolean(),
  document: ruleSetDocumentSchema,
});
export type RuleSetVersion = z.infer<typeof ruleSetVersionSchema>;

export const saveDraftSchema = z.object({
  document: z.unknown(),
  note: z.string().trim().max(200).optional(),
});
export const publishDraftSchema = z.object({ note: z.string().trim().max(200).optional() });

export const validateResponseSchema = z.object({ valid: z.boolean(), issues: z.array(ruleSetIssueSchema) });

/** The data a call arrived with, as the agent sees it in the pop. */
export const attachedItemSchema = z.object({
  key: z.string(),
  label: z.string(),
  labelZh: z.string().nullable(),
  value: z.string(),
});
export type AttachedItem = z.infer<typeof attachedItemSchema>;

/** Why an attached header was not taken. */
export const attachedDropReasons = [
  'not-configured',
  'too-long',
  'bad-charset',
  'empty',
  'not-text',
  'too-many',
  'duplicate',
  'bad-pattern',
] as const;
export type AttachedDropReason = (typeof attachedDropReasons)[number];

/**
 * "Try it": a sample call (service number + attached headers as the PBX would pass them) evaluated against a
 * rule set (the one given, else the saved draft) without routing anything.
 */
export const tryRuleSetRequestSchema = z
  .object({
    document: z.unknown().optional(),
    serviceNumber: z.string().trim().min(1).max(40),
    attached: z
      .record(z.string().max(64), z.string().max(ATTACHED_EDGE_MAX))
      .refine((headers) => Object.keys(headers).length <= ATTACHED_HEADERS_MAX, 'at most 16 headers')
      .default({}),
  })
  .strict();
export type TryRuleSetRequest = z.infer<typeof tryRuleSetRequestSchema>;

export const tryRuleSetResultSchema = z.object({
  valid: z.boolean(),
  issues: z.array(ruleSetIssueSchema),
  /** What chose the queue: a rule, the service number's own queue, or nothing (the call would be refused). */
  source: z.enum(['rule', 'service-number', 'none']),
  rule: z.object({ id: z.string(), name: z.string() }).nullable(),
  businessType: z.string().nullable(),
  queue: z.string().nullable(),
  /** The attached values taken, by key, and the headers dropped with their reason. */
  attached: z.record(z.string(), z.string()),
  dropped: z.array(z.object({ header: z.string(), reason: z.enum(attachedDropReasons) })),
});
export type TryRuleSetResult = z.infer<typeof tryRuleSetResultSchema>;
