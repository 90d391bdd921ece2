/**
 * Outbound campaigns and their lead lists: the HTTP contract (zod) shared by the bridge, the console and
 * integrators. Times are epoch milliseconds; calling windows are `HH:MM` in the callee's local time.
 */
import { z } from 'zod';

export const campaignModeSchema = z.enum(['preview', 'progressive', 'predictive']);
export const campaignStateSchema = z.enum(['draft', 'running', 'paused', 'stopped']);
export const ruleSetSchema = z.enum(['US', 'UK', 'none']);
export const callOutcomeSchema = z.enum([
  'answered',
  'no-answer',
  'busy',
  'machine',
  'failed',
  'abandoned',
  'blocked',
]);
export const leadStatusSchema = z.enum([
  'new',
  'dialing',
  'retry',
  'callback',
  'done',
  'exhausted',
  'blocked',
]);

export type CampaignMode = z.infer<typeof campaignModeSchema>;
export type CampaignState = z.infer<typeof campaignStateSchema>;
export type RuleSet = z.infer<typeof ruleSetSchema>;
export type CallOutcome = z.infer<typeof callOutcomeSchema>;
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00–24:00)');
export const callingWindowSchema = z.object({ from: clockTimeSchema, to: clockTimeSchema });
export type CallingWindow = z.infer<typeof callingWindowSchema>;

/** Seconds to wait before the next attempt, by the last attempt's outcome (missing outcomes: no wait). */
export const retryDelaysSchema = z.partialRecord(
  callOutcomeSchema,
  z
    .number()
    .int()
    .min(0)
    .max(90 * 86_400),
);

const campaignFields = {
  name: z.string().trim().min(1).max(120),
  businessType: z.string().trim().min(1).max(64).nullable(),
  mode: campaignModeSchema,
  callingWindow: callingWindowSchema,
  rules: ruleSetSchema,
  maxAttempts: z.number().int().min(1).max(100),
  maxAttemptsPerDay: z.number().int().min(1).max(100),
  retryDelaysSec: retryDelaysSchema,
  /** The law wants a ring of at least 15 s before a call counts as unanswered. */
  ringTimeSec: z.number().int().min(15).max(120),
  callerId: z.string().trim().max(32).nullable(),
  script: z.string().max(20_000),
  dispositionCodes: z.array(z.string().min(1).max(64)).max(100),
  agentIds: z.array(z.number().int().positive()).max(1000),
  /** Agents with this business-type skill may work the campaign too. */
  skill: z.string().trim().min(1).max(64).nullable(),
  abandonTarget: z.number().min(0).max(0.5),
  abandonWindowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  maxLines: z.number().int().min(1).max(1000),
  /**
   * Predictive: what a callee hears when no agent takes their answer within 2 s (identity + callback number): the
   * text or recording the PBX plays; null: the PBX's default message.
   */
  abandonMessage: z.string().trim().max(500).nullable(),
  /** Progressive calls placed by the PBX from the server (agents on auto-answer) where it can; else by the softphone. */
  serverPlaced: z.boolean(),
};

export const createCampaignSchema = z.object({
  ...campaignFields,
  businessType: campaignFields.businessType.default(null),
  /** Default: 3, or maxAttempts when fewer. */
  maxAttemptsPerDay: campaignFields.maxAttemptsPerDay.optional(),
  retryDelaysSec: campaignFields.retryDelaysSec.default({}),
  ringTimeSec: campaignFields.ringTimeSec.default(20),
  callerId: campaignFields.callerId.default(null),
  script: campaignFields.script.default(''),
  dispositionCodes: campaignFields.dispositionCodes.default([]),
  agentIds: campaignFields.agentIds.default([]),
  skill: campaignFields.skill.default(null),
  abandonTarget: campaignFields.abandonTarget.default(0.03),
  abandonWindowHours: campaignFields.abandonWindowHours.optional(),
  maxLines: campaignFields.maxLines.default(1),
  abandonMessage: campaignFields.abandonMessage.default(null),
  serverPlaced: campaignFields.serverPlaced.default(false),
});
export type CreateCampaign = z.infer<typeof createCampaignSchema>;

export const updateCampaignSchema = z.object(campaignFields).partial();
export type UpdateCampaign = z.infer<typeof updateCampaignSchema>;

/** What an uploaded abandon-message recording may be: a WAV of at most this size and between these durations. */
export const ABANDON_RECORDING_LIMITS = { maxBytes: 10 * 1024 * 1024, minMs: 1000, maxMs: 60_000 } as const;
/** The content types the upload accepts (browsers label .wav files with any of these). */
export const WAV_CONTENT_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'] as const;

/** A campaign's uploaded abandon message (played instead of its spoken text): what it is, who uploaded it, when. */
export const abandonRecordingSchema = z.object({
  /** The file name as uploaded. */
  name: z.string(),
  /** The duration as played (8 kHz mono). */
  durationMs: z.number().int(),
  /** The upload's size. */
  bytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.number().int().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.number(),
});
export type AbandonRecording = z.infer<typeof abandonRecordingSchema>;

export const campaignViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  businessType: z.string().nullable(),
  mode: campaignModeSchema,
  callingWindow: callingWindowSchema,
  rules: ruleSetSchema,
  maxAttempts: z.number().int(),
  maxAttemptsPerDay: z.number().int(),
  retryDelaysSec: retryDelaysSchema,
  ringTimeSec: z.number().int(),
  callerId: z.string().nullable(),
  script: z.string(),
  dispositionCodes: z.array(z.string()),
  agentIds: z.array(z.number().int()),
  skill: z.string().nullable(),
  abandonTarget: z.number(),
  abandonWindowHours: z.number().int(),
  maxLines: z.number().int(),
  abandonMessage: z.string().nullable(),
  /** An uploaded recording played instead of `abandonMessage` spoken; null: the text is spoken (the default). */
  abandonRecording: abandonRecordingSchema.nullable(),
  serverPlaced: z.boolean(),
  state: campaignStateSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  startedAt: z.number().nullable(),
  stoppedAt: z.number().nullable(),
});
export type CampaignView = z.infer<typeof campaignViewSchema>;

export const campaignActionSchema = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(['start', 'pause', 'stop']),
});

export const leadImportResultSchema = z.object({
  importId: z.number().int().nullable(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.array(
    z.object({
      line: z.number().int(),
      /** The file line of the first row with this number, or `lead:<id>` for a lead already in the campaign. */
      duplicateOf: z.union([z.number().int(), z.string()]),
    }),
  ),
  rejected: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
  linkedCustomers: z.number().int(),
  /** True when the file added nothing new (a re-import of the same file). */
  unchanged: z.boolean(),
});
export type LeadImportResult = z.infer<typeof leadImportResultSchema>;

/** Streamed while an import runs (socket `campaign:import-progressed`). */
export const importProgressSchema = z.object({
  kind: z.enum(['leads', 'dnc', 'registry']),
  campaignId: z.number().int().nullable(),
  rows: z.number().int(),
  bytes: z.number().int(),
  totalBytes: z.number().int().nullable(),
  done: z.boolean(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

/** Header names (lower case) mapped to Ringside's lead fields, e.g. `{"mobile": "phone", "vorname": "first_name"}`. */
export const headerMappingSchema = z.record(z.string().max(100), z.string().max(100));

export const leadViewSchema = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  e164: z.string(),
  fields: z.record(z.string(), z.string()),
  timeZones: z.array(z.string()),
  status: leadStatusSchema,
  priority: z.number().int(),
  attempts: z.number().int(),
  attemptsToday: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  lastOutcome: z.string().nullable(),
  customerId: z.number().int().nullable(),
  importLine: z.number().int().nullable(),
});
export type LeadView = z.infer<typeof leadViewSchema>;

export const leadsSummarySchema = z.object({
  campaignId: z.number().int(),
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  linkedCustomers: z.number().int(),
  imports: z.array(
    z.object({
      id: z.number().int(),
      rows: z.number().int(),
      imported: z.number().int(),
      duplicates: z.number().int(),
      rejected: z.number().int(),
      importedAt: z.number(),
    }),
  ),
});
export type LeadsSummary = z.infer<typeof leadsSummarySchema>;
