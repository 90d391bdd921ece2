import { z } from 'zod';
import { customerCardSchema, lookupResultSchema } from './customer.schema';
import { attachedItemSchema } from './routing-rules.schema';

/** Names come from the database in both languages; the console shows the one of its language. */
export const businessTypeRefSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
});

/**
 * Pushed to the reserved agent together with the ring: everything the pop needs, so the console never has to
 * ask the server before it can show who is calling.
 */
export const callOfferSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int(),
  callerRaw: z.string(),
  callerE164: z.string().nullable(),
  serviceNumber: z.string(),
  /** The line (service number) the caller dialled, as named in the database. */
  line: z.object({ label: z.string(), labelZh: z.string().nullable() }),
  businessType: businessTypeRefSchema,
  /** `wrapUpMode`: whether the agent must save a disposition before the next call (queues.wrap_up_mode). */
  queue: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    nameZh: z.string().nullable(),
    wrapUpMode: z.enum(['auto-close', 'disposition-required']),
  }),
  queuedAt: z.number().int(),
  offeredAt: z.number().int(),
  ringTimeoutMs: z.number().int(),
  lookup: lookupResultSchema,
  /** Present when the match is unique: the full card, built before the ring. */
  card: customerCardSchema.nullable(),
  /** Why routing chose this agent ("queue complaints, tier A, waited 45 s, agent level 8 of 10, idle 3 m 12 s"). */
  routingRule: z.string().optional(),
  /** Set when a colleague transferred this caller here: whose call it was and how it was handed over. */
  transferredFrom: z
    .object({
      interactionId: z.number().int(),
      agent: z.string().nullable(),
      kind: z.enum(['blind', 'attended']),
    })
    .nullable(),
  /** An overflowed call: the queues it waited in before the one offering it (`queue`), first arrival first. */
  overflowedFrom: z
    .array(
      z.object({ id: z.number().int(), code: z.string(), name: z.string(), nameZh: z.string().nullable() }),
    )
    .optional(),
  /** Data the call arrived with (IVR, carrier headers) that passed validation and is meant for the agent. */
  attached: z.array(attachedItemSchema).optional(),
});
export type CallOffer = z.infer<typeof callOfferSchema>;

export const withdrawReasonSchema = z.enum([
  'caller-abandoned',
  'ring-timeout',
  'rejected',
  'agent-logged-out',
  /** A supervisor forced the agent not ready while it rang. */
  'supervisor',
]);
export type WithdrawReason = z.infer<typeof withdrawReasonSchema>;

export const callRefSchema = z.object({ callId: z.string().min(1).max(200) });
export type CallRef = z.infer<typeof callRefSchema>;

export const holdCommandSchema = callRefSchema.extend({ hold: z.boolean() });

export const dispositionOptionSchema = z.object({
  code: z.string(),
  labelEn: z.string(),
  labelZh: z.string(),
  category: z.string(),
  schedulesCallback: z.boolean(),
  addsToDnc: z.boolean(),
});
export type DispositionOption = z.infer<typeof dispositionOptionSchema>;

/** Wrap-up is idempotent on `idempotencyKey`: the console drafts it locally and may resend after a reconnect. */
export const wrapUpCommandSchema = z.object({
  interactionId: z.number().int().positive(),
  idempotencyKey: z.string().min(8).max(100),
  dispositionCode: z.string().min(1).max(60),
  notes: z.string().max(4000).default(''),
  callbackAt: z.number().int().positive().optional(),
  /** A campaign callback is the agent's own (default) or anyone's in the campaign. */
  callbackFor: z.enum(['me', 'anyone']).optional(),
  customerId: z.number().int().positive().optional(),
});
export type WrapUpCommand = z.infer<typeof wrapUpCommandSchema>;

/**
 * A supervisor's correction of a call's disposition (agents cannot change one once it is recorded): audited with
 * who made it and why.
 */
export const dispositionCorrectionSchema = z.object({
  dispositionCode: z.string().min(1).max(60),
  /** Why it is corrected: kept in the audit log beside who did it. */
  reason: z.string().trim().min(3).max(500),
  /** Replaces the notes when given. */
  notes: z.string().max(4000).optional(),
  callbackAt: z.number().int().positive().optional(),
});
export type DispositionCorrection = z.infer<typeof dispositionCorrectionSchema>;

export const dispositionCorrectedSchema = z.object({
  interactionId: z.number().int(),
  from: z.string().nullable(),
  to: z.string(),
  followUpId: z.number().int().nullable(),
  addedToDnc: z.boolean(),
});
export type DispositionCorrected = z.infer<typeof dispositionCorrectedSchema>;

export const linkCustomerCommandSchema = z.object({
  interactionId: z.number().int().positive(),
  customerId: z.number().int().positive(),
});
