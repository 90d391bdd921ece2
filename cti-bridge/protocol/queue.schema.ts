import { z } from 'zod';

/**
 * One queue as the floor sees it right now: who waits, for how long, what a new caller would wait, who serves
 * it, and today's figures (the queue's local day). Pushed live (`queue:updated`) and read with
 * `queueSnapshot(queueId)` by the wallboard and floor control.
 */
export const queueSnapshotSchema = z.object({
  queueId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  businessTypeId: z.number().int(),
  priority: z.number().int(),
  open: z.boolean(),
  /** Calls waiting, callback requests included. */
  waiting: z.number().int(),
  callbacksWaiting: z.number().int(),
  /** The longest current wait, from the caller's first arrival; 0 when nobody waits. */
  longestWaitMs: z.number().int(),
  /** What a caller arriving now would wait (position × observed handle time / staffed agents); null unstaffed. */
  estimatedWaitSec: z.number().nullable(),
  /** Agents holding the queue's skill who are logged in, and of them those free now. */
  staffed: z.number().int(),
  available: z.number().int(),
  /** Mean observed handle time (talk + wrap-up) the estimates use. */
  handleTimeSec: z.number(),
  slaTargetSec: z.number().int(),
  slaTargetPercent: z.number().int(),
  today: z.object({
    offered: z.number().int(),
    answered: z.number().int(),
    answeredWithinTarget: z.number().int(),
    abandoned: z.number().int(),
    /** Answered within the target over offered (calls still waiting not counted); null before the first call. */
    serviceLevel: z.number().nullable(),
  }),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/** A waiting call's place: for the PBX's announcements or headers, the agents' and supervisors' views. */
export const queuedCallPositionSchema = z.object({
  callId: z.string(),
  queueId: z.number().int(),
  position: z.number().int().min(1),
  estimatedWaitSec: z.number().nullable(),
  arrivedAt: z.number().int(),
  kind: z.enum(['call', 'callback']),
});
export type QueuedCallPosition = z.infer<typeof queuedCallPositionSchema>;

export const queueUpdateSchema = z.object({
  at: z.number().int(),
  queues: z.array(queueSnapshotSchema),
  calls: z.array(queuedCallPositionSchema),
});
export type QueueUpdate = z.infer<typeof queueUpdateSchema>;

/** `POST /api/queue-callbacks`: a website's "call me back", joining the queue as if the caller had called. */
export const queueCallbackRequestSchema = z
  .object({
    number: z.string().trim().min(3).max(40),
    queue: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9][a-z0-9_-]*$/i),
  })
  .strict();
export type QueueCallbackRequest = z.infer<typeof queueCallbackRequestSchema>;

export const queueCallbackAcceptedSchema = z.object({
  callbackId: z.number().int(),
  /** The number already had an open request in this queue: this one was merged into it (its place kept). */
  alreadyQueued: z.boolean(),
  queue: z.string(),
  position: z.number().int().min(1),
  estimatedWaitSec: z.number().nullable(),
});
export type QueueCallbackAccepted = z.infer<typeof queueCallbackAcceptedSchema>;
