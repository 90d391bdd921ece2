import { z } from 'zod';
import {
  agentStateSchema,
  callOfferSchema,
  outboundSessionSchema,
  sessionEndReasons,
  withdrawReasonSchema,
  type CallAnswered,
  type CallEnded,
  type CallHeld,
  type InteractionAutoClosed,
  type SessionEnded,
  type SessionSnapshot,
} from '../services/protocol';

export const sessionEndedSchema = z.object({
  reason: z.enum(sessionEndReasons),
}) satisfies z.ZodType<SessionEnded>;

/*
 * Runtime checks for the facts the bridge pushes. The protocol types these as interfaces; the schemas here
 * are bound to them with `satisfies`, so a contract change that is not mirrored fails the type check.
 */
export const callAnsweredSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int(),
  answeredAt: z.number().int(),
}) satisfies z.ZodType<CallAnswered>;

export const callEndedSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int(),
  endedAt: z.number().int(),
  talkMs: z.number().int(),
  endedBy: z.enum(['agent', 'caller']),
}) satisfies z.ZodType<CallEnded>;

export const callHeldSchema = z.object({
  callId: z.string(),
  held: z.boolean(),
}) satisfies z.ZodType<CallHeld>;

export const interactionAutoClosedSchema = z.object({
  interactionId: z.number().int(),
  closedAt: z.number().int(),
}) satisfies z.ZodType<InteractionAutoClosed>;

export const offerWithdrawnSchema = z.object({ callId: z.string(), reason: withdrawReasonSchema });

export const sessionSnapshotSchema = z.object({
  state: agentStateSchema,
  activeCall: callOfferSchema
    .extend({ answeredAt: z.number().int().nullable(), held: z.boolean() })
    .nullable(),
  outbound: outboundSessionSchema.optional(),
}) satisfies z.ZodType<SessionSnapshot>;

export { agentStateSchema, callOfferSchema };
