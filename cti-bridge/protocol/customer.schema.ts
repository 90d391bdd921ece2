import { z } from 'zod';

export const tierSchema = z.enum(['A', 'B', 'C']);
export type Tier = z.infer<typeof tierSchema>;

export const phoneSchema = z.object({ e164: z.string(), raw: z.string(), label: z.string() });
export type Phone = z.infer<typeof phoneSchema>;

export const customerSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  company: z.string().nullable(),
  tier: tierSchema,
  phones: z.array(phoneSchema),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** Screen-pop match outcome: the console renders each case differently. */
export const matchKindSchema = z.enum(['unique', 'ambiguous', 'none', 'unknown']);
export type MatchKind = z.infer<typeof matchKindSchema>;

export const lookupResultSchema = z.object({
  match: matchKindSchema,
  normalized: z.string().nullable(),
  customers: z.array(customerSummarySchema),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

export const orderLineSchema = z.object({ product: z.string(), sku: z.string(), quantity: z.number().int() });
export const orderViewSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['order', 'contract']),
  number: z.string(),
  placedAt: z.number().int(),
  amountCents: z.number().int(),
  currency: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  paidCents: z.number().int(),
  deliveryStatus: z.string(),
  deliveredAt: z.number().int().nullable(),
  endsAt: z.number().int().nullable(),
  items: z.array(orderLineSchema),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const followUpViewSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  dueAt: z.number().int(),
  status: z.string(),
  notes: z.string().nullable(),
  owner: z.string().nullable(),
});
export type FollowUpView = z.infer<typeof followUpViewSchema>;

export const interactionViewSchema = z.object({
  id: z.number().int(),
  direction: z.enum(['inbound', 'outbound']),
  at: z.number().int(),
  agent: z.string().nullable(),
  /** The business type's code, and its names from the database (null for an interaction without one). */
  businessType: z.string().nullable(),
  businessTypeName: z.object({ en: z.string(), zh: z.string() }).nullable(),
  outcome: z.string(),
  disposition: z.string().nullable(),
  dispositionLabel: z.string().nullable(),
  notes: z.string().nullable(),
  answeredAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  /** A leg a colleague transferred here: who had the caller before, and how it was handed over. */
  transfer: z.object({ kind: z.enum(['blind', 'attended']), fromAgent: z.string().nullable() }).nullable(),
});
export type InteractionView = z.infer<typeof interactionViewSchema>;

/** The customer 360 view: what the pop shows while the call rings. */
export const customerCardSchema = customerSummarySchema.extend({
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  birthday: z.string().nullable(),
  orders: z.array(orderViewSchema),
  openFollowUps: z.array(followUpViewSchema),
  recentInteractions: z.array(interactionViewSchema),
  interactionCount: z.number().int(),
});
export type CustomerCard = z.infer<typeof customerCardSchema>;

export const createCustomerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  company: z.string().trim().max(200).nullish(),
  tier: tierSchema.optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  notes: z.string().max(4000).nullish(),
  phones: z
    .array(
      z.object({ number: z.string().trim().min(1).max(64), label: z.string().trim().max(20).optional() }),
    )
    .min(1)
    .max(10),
});
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;
