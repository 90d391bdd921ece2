import { z } from 'zod';
import { queueThresholdsSchema } from './wallboard.schema';

/**
 * A queue's wallboard thresholds as supervisors and admins set them (`PATCH /api/wallboard/thresholds/:queueId`).
 * Rates are fractions 0..1, waits whole seconds. Each pair must be ordered: the green bound is never worse than
 * the red one (a service level's `good` at or above its `warn`; a wait's and an abandon rate's `good` at or below
 * their `warn`). A bad value is refused with VALIDATION_FAILED naming the field.
 */
const fraction = z.number().min(0).max(1);
const pair = <T extends z.ZodType<number>>(value: T) => z.object({ good: value, warn: value }).strict();

export const queueThresholdsInputSchema = z
  .object({
    serviceLevel: pair(fraction),
    longestWaitSec: pair(z.number().int().min(0).max(86_400)),
    abandonRate: pair(fraction),
  })
  .strict()
  .superRefine((t, ctx) => {
    const order = (path: string, ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path, 'warn'], message });
    };
    order('serviceLevel', t.serviceLevel.warn <= t.serviceLevel.good, 'red below must not exceed green from');
    order(
      'longestWaitSec',
      t.longestWaitSec.warn >= t.longestWaitSec.good,
      'red above must be at least green up to',
    );
    order('abandonRate', t.abandonRate.warn >= t.abandonRate.good, 'red above must be at least green up to');
  });
export type QueueThresholdsInput = z.infer<typeof queueThresholdsInputSchema>;

/** One queue's thresholds in force: its own (`custom`) or the defaults from its service-level target. */
export const queueThresholdsViewSchema = z.object({
  queueId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  slaTargetSec: z.number().int(),
  slaTargetPercent: z.number().int(),
  thresholds: queueThresholdsSchema,
  custom: z.boolean(),
  updatedAt: z.number().int().nullable(),
  updatedBy: z.string().nullable(),
});
export type QueueThresholdsView = z.infer<typeof queueThresholdsViewSchema>;

export const queueThresholdsListSchema = z.object({ queues: z.array(queueThresholdsViewSchema) });
export type QueueThresholdsList = z.infer<typeof queueThresholdsListSchema>;

export const queueIdParamsSchema = z.object({ queueId: z.coerce.number().int().positive() });
