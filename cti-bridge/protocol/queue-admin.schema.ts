import { z } from 'zod';

/**
 * A queue as admins configure it (`/api/queues`): service level, priority, wait limits and overflow, opening
 * hours in the queue's own IANA zone with holidays, the after-hours action, tier order and wrap-up. Queues are
 * named by code everywhere (routing rules, overflow targets), as the routing rules do.
 */

export const queueCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a code: lower-case letters, digits, "_" or "-"');

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time HH:MM (00:00–24:00)');

/** One open span: weekday 0 (Sunday) … 6; a `to` not after `from` runs past midnight (22:00–06:00). */
export const openingSpanSchema = z
  .object({ day: z.number().int().min(0).max(6), from: hhmm, to: hhmm })
  .refine((span) => span.from !== span.to, { message: 'from and to must differ', path: ['to'] });

const isCalendarDate = (text: string) => {
  const at = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === text;
};
export const holidaySchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .refine(isCalendarDate, 'not a calendar date'),
  name: z.string().trim().min(1).max(80),
});
export type Holiday = z.infer<typeof holidaySchema>;

/** A zone the runtime's tz data knows (`Europe/Berlin`, `Asia/Shanghai`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const reasonText = z.string().trim().max(200);

const settingsShape = {
  code: queueCodeSchema,
  name: z.string().trim().min(1).max(80),
  nameZh: z.string().trim().min(1).max(80).nullable(),
  /** The business type (skill) whose agents serve the queue. */
  businessType: queueCodeSchema,
  /** `slaTargetPercent` % of offered calls answered within `slaTargetSec`. */
  slaTargetPercent: z.number().int().min(1).max(100),
  slaTargetSec: z.number().int().min(1).max(3600),
  /** Higher first: across queues, a waiting call of a higher-priority queue is served first. */
  priority: z.number().int().min(0).max(100),
  ringTimeoutSec: z.number().int().min(5).max(120),
  /** Total wait (from the caller's first arrival) after which `maxWaitAction` applies. */
  maxWaitSec: z.number().int().min(10).max(86_400),
  maxWaitAction: z.enum(['overflow', 'after-hours']),
  /** With `overflow`: the queue the call moves to at max wait. */
  maxWaitQueue: queueCodeSchema.nullable(),
  /** The call also waits in this queue after `overflowAfterSec` in this one (keeping its arrival time). */
  overflowQueue: queueCodeSchema.nullable(),
  overflowAfterSec: z.number().int().min(5).max(86_400).nullable(),
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not an IANA time zone'),
  /** Null: open around the clock. */
  openingHours: z.array(openingSpanSchema).max(28).nullable(),
  holidays: z.array(holidaySchema).max(366),
  afterHoursAction: z.enum(['callback', 'refuse']),
  /** Recorded with each refusal (and told to the caller where the PBX can). */
  afterHoursReason: reasonText.nullable(),
  /** Customer tiers served first to last. */
  tierOrder: z
    .array(z.string().regex(/^[A-Z]$/, 'a tier: one capital letter'))
    .max(10)
    .refine((tiers) => new Set(tiers).size === tiers.length, 'a tier is listed twice'),
  wrapUpSec: z.number().int().min(0).max(3600),
  /** `disposition-required` keeps the agent in wrap-up until they save a disposition. */
  wrapUpMode: z.enum(['auto-close', 'disposition-required']),
  callbacksEnabled: z.boolean(),
};

type SettingsShape = z.infer<z.ZodObject<typeof settingsShape>>;

/** Rules across fields; each problem names the field it belongs to. */
function crossCheck(q: SettingsShape, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (q.maxWaitAction === 'overflow' && q.maxWaitQueue === null)
    issue('maxWaitQueue', 'name the queue calls overflow to at max wait');
  if (q.maxWaitQueue !== null && q.maxWaitQueue === q.code)
    issue('maxWaitQueue', 'a queue cannot overflow to itself');
  if (q.overflowQueue !== null && q.overflowQueue === q.code)
    issue('overflowQueue', 'a queue cannot overflow to itself');
  if ((q.overflowQueue === null) !== (q.overflowAfterSec === null))
    issue(
      q.overflowQueue === null ? 'overflowQueue' : 'overflowAfterSec',
      'give both the overflow queue and its seconds, or neither',
    );
  if (q.afterHoursAction === 'refuse' && !q.afterHoursReason)
    issue('afterHoursReason', 'a refusal needs its reason');
  const dates = new Set<string>();
  q.holidays.forEach((holiday, i) => {
    if (dates.has(holiday.date))
      ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'listed twice' });
    dates.add(holiday.date);
  });
}

export const queueSettingsObject = z.object(settingsShape);
export const queueSettingsSchema = queueSettingsObject.superRefine(crossCheck);
export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** Why the change was made: every change is audited with who and why. */
export const changeReasonSchema = z.string().trim().min(3).max(200);

export const createQueueSchema = z
  .object({ queue: queueSettingsSchema, reason: changeReasonSchema })
  .strict();
export type CreateQueue = z.infer<typeof createQueueSchema>;

/** A change: the fields given replace the queue's (the code stays), checked again as a whole. */
export const updateQueueSchema = z
  .object({
    changes: queueSettingsObject.omit({ code: true }).partial().strict(),
    reason: changeReasonSchema,
  })
  .strict();
export type UpdateQueue = z.infer<typeof updateQueueSchema>;

/** Checks a whole queue (after a change is merged), for the bridge and the console's form alike. */
export const checkQueueSettings = (settings: unknown) => queueSettingsSchema.safeParse(settings);

export const queueConfigSchema = queueSettingsObject.extend({
  id: z.number().int(),
  /** Open now by its hours, zone and holidays. */
  openNow: z.boolean(),
});
export type QueueConfig = z.infer<typeof queueConfigSchema>;

export const queueConfigListSchema = z.object({ queues: z.array(queueConfigSchema) });
