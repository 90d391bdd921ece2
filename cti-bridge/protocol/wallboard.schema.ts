import { z } from 'zod';
import { agentStateSchema } from './agent-state.schema';

/**
 * The supervisors' live wallboard and historical reports. Every figure comes from the same formulas
 * (cti-bridge/src/domain/metrics), read from the same records, so live and historical numbers agree.
 */
const ms = z.number().nonnegative();
const rate = z.number().min(0).max(1).nullable();

export const callFiguresSchema = z.object({
  offered: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  answeredInTarget: z.number().int(),
  serviceLevel: rate,
  asaMs: ms.nullable(),
  abandonRate: rate,
  abandonRateExShort: rate,
  handled: z.number().int(),
  talkMs: ms,
  wrapMs: ms,
  ahtMs: ms.nullable(),
});
export type CallFiguresView = z.infer<typeof callFiguresSchema>;

/**
 * Cell colours of a queue (per queue, set by supervisors; see queue-thresholds.schema.ts): service level at or
 * above `good` green, below `warn` red, amber between.
 */
export const queueThresholdsSchema = z.object({
  serviceLevel: z.object({ good: z.number(), warn: z.number() }),
  /** Longest wait in seconds: at or below `good` green, above `warn` red. */
  longestWaitSec: z.object({ good: z.number(), warn: z.number() }),
  /** Abandon rate: at or below `good` green, above `warn` red. */
  abandonRate: z.object({ good: z.number(), warn: z.number() }),
});
export type QueueThresholds = z.infer<typeof queueThresholdsSchema>;

export const stateCountsSchema = z.object({
  ready: z.number().int(),
  ringing: z.number().int(),
  onCall: z.number().int(),
  wrapUp: z.number().int(),
  notReady: z.number().int(),
});
export type StateCounts = z.infer<typeof stateCountsSchema>;

export const queueBoardSchema = z.object({
  queueId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  slaTargetSec: z.number().int(),
  /** The service-level target: this percentage of calls answered within `slaTargetSec`. */
  slaTargetPercent: z.number().int(),
  /** Calls (and callback requests) waiting in the queueing engine. */
  waiting: z.number().int(),
  /** When the longest-waiting call entered the queue (null: nobody waits). */
  oldestQueuedAt: z.number().int().nullable(),
  today: callFiguresSchema,
  last30Min: callFiguresSchema,
  /** Agents skilled for the queue's business type, by state. */
  agents: stateCountsSchema,
  thresholds: queueThresholdsSchema,
});
export type QueueBoard = z.infer<typeof queueBoardSchema>;

export const agentCallSchema = z.object({
  interactionId: z.number().int(),
  direction: z.enum(['inbound', 'outbound']),
  /** The business type's code, and its name in English and Chinese (what the wallboard shows). */
  businessType: z.string().nullable(),
  businessTypeName: z.string().nullable(),
  businessTypeNameZh: z.string().nullable(),
  campaign: z.string().nullable(),
  /** When the call started for the agent (answered, or offered while it rings). */
  since: z.number().int(),
  customer: z.string().nullable(),
  /** The other party's number with all but the last 4 digits masked. */
  number: z.string(),
});
export type AgentCall = z.infer<typeof agentCallSchema>;

export const agentBoardSchema = z.object({
  agentId: z.number().int(),
  name: z.string(),
  state: agentStateSchema,
  call: agentCallSchema.nullable(),
  handledToday: z.number().int(),
  ahtMs: ms.nullable(),
});
export type AgentBoard = z.infer<typeof agentBoardSchema>;

export const campaignBoardSchema = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  state: z.string(),
  mode: z.string(),
  dialled: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
  abandonRate: rate,
  /** The window the abandon rate is measured over. */
  abandonWindow: z.literal('today'),
  /** Occupancy today of the agents who took this campaign's calls. */
  occupancy: rate,
  leadsLeft: z.number().int(),
});
export type CampaignBoard = z.infer<typeof campaignBoardSchema>;

export const intervalPointSchema = z.object({
  from: z.number().int(),
  offered: z.number().int(),
  answered: z.number().int(),
  abandoned: z.number().int(),
  serviceLevel: rate,
});
export type IntervalPoint = z.infer<typeof intervalPointSchema>;

/** Everything but the agent rows: recomputed (throttled) after call and state events. */
export const wallboardFiguresSchema = z.object({
  at: z.number().int(),
  dayStart: z.number().int(),
  queues: z.array(queueBoardSchema),
  campaigns: z.array(campaignBoardSchema),
  /** Today by 30-minute interval, all queues. */
  intervals: z.array(intervalPointSchema),
  stateMix: stateCountsSchema,
});
export type WallboardFigures = z.infer<typeof wallboardFiguresSchema>;

export const wallboardSnapshotSchema = z.object({
  figures: wallboardFiguresSchema,
  agents: z.array(agentBoardSchema),
});
export type WallboardSnapshot = z.infer<typeof wallboardSnapshotSchema>;

// ---- historical reports ---------------------------------------------------------------------------------

export const reportKinds = ['agents', 'queues', 'dispositions', 'campaigns'] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportQuerySchema = z
  .object({
    from: z.coerce
      .number()
      .int()
      .nonnegative()
      .or(z.iso.datetime({ offset: true }).transform(Date.parse)),
    to: z.coerce
      .number()
      .int()
      .nonnegative()
      .or(z.iso.datetime({ offset: true }).transform(Date.parse)),
    interval: z.coerce
      .number()
      .pipe(z.union([z.literal(15), z.literal(30), z.literal(60)]))
      .default(60),
    format: z.enum(['json', 'csv']).default('json'),
    /** The language of queue and disposition names. */
    lang: z.enum(['en', 'zh-CN']).default('en'),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from' })
  .refine((q) => q.to - q.from <= 400 * 86_400_000, { message: 'at most 400 days at a time' });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** One row: an entity (queue, agent…) over one interval, or over the whole range (`interval: null`). */
export const reportRowSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  id: z.number().int().nullable(),
  name: z.string(),
  values: z.record(z.string(), z.number().nullable()),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const reportSchema = z.object({
  kind: z.enum(reportKinds),
  from: z.number().int(),
  to: z.number().int(),
  interval: z.number().int(),
  /** The value columns, in order (CSV columns after from, to, id, name). */
  columns: z.array(z.string()),
  rows: z.array(reportRowSchema),
  /** Each entity over the whole range. */
  totals: z.array(reportRowSchema),
});
export type Report = z.infer<typeof reportSchema>;
