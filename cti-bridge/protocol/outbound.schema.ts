/**
 * The agent's side of outbound dialing over the socket: joining a campaign, the preview card, dialing and
 * skipping, the progress of a placed call, callbacks due, and the supervisors' live campaign figures.
 */
import { z } from 'zod';
import { callOutcomeSchema, campaignModeSchema, leadStatusSchema } from './campaign.schema';
import { complianceReasonSchema } from './compliance.schema';
import { customerCardSchema } from './customer.schema';

export const campaignRefSchema = z.object({ campaignId: z.number().int().positive() });
export const leadRefSchema = z.object({ leadId: z.number().int().positive() });

export const skipReasonSchema = z.enum(['not-now', 'wrong-person', 'bad-data', 'other']);
export type SkipReasonCode = z.infer<typeof skipReasonSchema>;
export const skipCommandSchema = leadRefSchema.extend({
  reason: skipReasonSchema,
  note: z.string().trim().max(200).default(''),
});

/** A campaign the agent may work, as the console lists it. */
export const workableCampaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mode: campaignModeSchema,
  state: z.string(),
  callingWindow: z.object({ from: z.string(), to: z.string() }),
  dispositionCodes: z.array(z.string()),
  /** Its calls reach the agent already connected (predictive, server-placed progressive): the softphone answers. */
  autoAnswer: z.boolean(),
});
export type WorkableCampaign = z.infer<typeof workableCampaignSchema>;

export const scriptPartSchema = z.union([
  z.object({ text: z.string() }),
  z.object({ field: z.string(), value: z.string().nullable() }),
]);

export const originateProgressSchema = z.enum([
  'ringing',
  'answered',
  'busy',
  'no-answer',
  'failed',
  'machine',
  'abandoned',
]);
export type OriginateProgressCode = z.infer<typeof originateProgressSchema>;

export const outboundCallSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int(),
  attemptId: z.number().int().nullable(),
  phase: z.enum(['dialing', 'ringing', 'connected', 'ended']),
  outcome: callOutcomeSchema.nullable(),
  startedAt: z.number().int(),
  answeredAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** On hold at the agent's phone since then (the bridge's clock), or null; absent from older bridges. */
  heldSince: z.number().int().nullable().optional(),
});
export type OutboundCall = z.infer<typeof outboundCallSchema>;

/** Everything the agent needs before and during a campaign call, pushed with `outbound:card`. */
export const outboundCardSchema = z.object({
  campaignId: z.number().int(),
  campaignName: z.string(),
  mode: campaignModeSchema,
  lead: z.object({
    id: z.number().int(),
    e164: z.string(),
    fields: z.record(z.string(), z.string()),
    status: leadStatusSchema,
    attempts: z.number().int(),
    lastOutcome: z.string().nullable(),
  }),
  /** The callee's local time in each of their possible zones. */
  localTimes: z.array(z.object({ zone: z.string(), time: z.string().nullable() })),
  script: z.array(scriptPartSchema),
  /** The linked customer's card (history, orders), when the number matched one. */
  customer: customerCardSchema.nullable(),
  attemptsSoFar: z.array(z.object({ at: z.number().int(), outcome: z.string().nullable() })),
  callback: z.object({ dueAt: z.number().int(), personal: z.boolean() }).nullable(),
  dispositionCodes: z.array(z.string()),
  call: outboundCallSchema.nullable(),
});
export type OutboundCard = z.infer<typeof outboundCardSchema>;

/**
 * The agent's outbound work as the bridge holds it, in the session snapshot (`session:sync`): a console that
 * reconnects or reloads mid-call gets back the campaign it joined and the card in hand, with the call on it.
 */
export const outboundSessionSchema = z.object({
  joined: workableCampaignSchema.nullable(),
  card: outboundCardSchema.nullable(),
});
export type OutboundSession = z.infer<typeof outboundSessionSchema>;

/** The answer to a dial: placed, or refused by the compliance gate with every reason. */
export const dialOutcomeSchema = z.discriminatedUnion('placed', [
  z.object({ placed: z.literal(true), callId: z.string(), interactionId: z.number().int() }),
  z.object({ placed: z.literal(false), reasons: z.array(complianceReasonSchema) }),
]);
export type DialOutcome = z.infer<typeof dialOutcomeSchema>;

/** Why no card came: nothing to call now (and when something will be), or the agent is not in a campaign. */
export const noCardSchema = z.object({
  reason: z.enum(['no-leads', 'waiting-retry', 'outside-window', 'not-joined', 'busy', 'not-running']),
  nextAt: z.number().int().nullable(),
});
export type NoCard = z.infer<typeof noCardSchema>;

export const nextCardResultSchema = z.union([
  z.object({ card: outboundCardSchema }),
  z.object({ card: z.null(), none: noCardSchema }),
]);
export type NextCardResult = z.infer<typeof nextCardResultSchema>;

export const outboundProgressedSchema = z.object({
  callId: z.string(),
  progress: originateProgressSchema,
  at: z.number().int(),
});
export type OutboundProgressed = z.infer<typeof outboundProgressedSchema>;

export const outboundEndedSchema = z.object({
  callId: z.string(),
  interactionId: z.number().int(),
  outcome: callOutcomeSchema,
  endedAt: z.number().int(),
  talkMs: z.number().int(),
  /** True when the call was answered: a disposition is due (the agent is in wrap-up). */
  needsDisposition: z.boolean(),
});
export type OutboundEnded = z.infer<typeof outboundEndedSchema>;

/** With a real PBX the agent's softphone places the call: dial this number for this attempt. */
export const dialRequestedSchema = z.object({
  callId: z.string(),
  number: z.string(),
  interactionId: z.number().int(),
  /**
   * The softphone sends it as `X-Ringside-Attempt: <attemptId>`: the edge ties the INVITE to this attempt (the
   * bridge knows its agent, number, campaign and lead; the header is good for one INVITE).
   */
  attemptHeader: z.string().nullable(),
});
export type DialRequested = z.infer<typeof dialRequestedSchema>;

export const callbackDueSchema = z.object({
  followUpId: z.number().int(),
  dueAt: z.number().int(),
  kind: z.enum(['campaign', 'inbound']),
  personal: z.boolean(),
  campaignId: z.number().int().nullable(),
  leadId: z.number().int().nullable(),
  customerId: z.number().int().nullable(),
  name: z.string().nullable(),
  /** Masked except the last four digits. */
  number: z.string().nullable(),
  notes: z.string().nullable(),
});
export type CallbackDue = z.infer<typeof callbackDueSchema>;

export const followUpRefSchema = z.object({ followUpId: z.number().int().positive() });

export const manualDialSchema = z.object({
  number: z.string().trim().min(1).max(64),
  customerId: z.number().int().positive().optional(),
});

/** A campaign's live figures for supervisors (`campaign:stats-changed`). */
export const campaignStatsSchema = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  mode: campaignModeSchema,
  state: z.string(),
  dialled: z.number().int(),
  answered: z.number().int(),
  leadsLeft: z.number().int(),
  leadsByStatus: z.record(z.string(), z.number().int()),
  attemptsByOutcome: z.record(z.string(), z.number().int()),
  blockedByReason: z.record(z.string(), z.number().int()),
  agents: z.array(z.object({ agentId: z.number().int(), name: z.string(), status: z.string() })),
  at: z.number().int(),
});
export type CampaignStats = z.infer<typeof campaignStatsSchema>;
