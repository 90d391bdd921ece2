/**
 * Predictive pacing as supervisors see it (socket `campaign:pacing-changed`, command `campaign:pacing`): the dial
 * level now, the estimates behind it, the abandon rate in its window with the budget left, the agents and the lines
 * in flight, and the recent decisions with their reasons (each stored with its inputs, so it can be replayed).
 */
import { z } from 'zod';

export const pacingModeSchema = z.enum(['predictive', 'progressive', 'paused']);
export const pacingReasonSchema = z.enum([
  'no-agents',
  'line-cap',
  'budget-spent',
  'risk-limit',
  'agents-covered',
]);
export type PacingReasonCode = z.infer<typeof pacingReasonSchema>;

export const pacingDecisionRecordSchema = z.object({
  at: z.number(),
  launch: z.number().int(),
  /** Calls actually placed (fewer when leads ran out, the gate refused or the PBX could not place them). */
  placed: z.number().int(),
  mode: pacingModeSchema,
  reason: pacingReasonSchema,
  /** The dial level and the window's abandon rate at that decision (the supervisor's chart). */
  dialLevel: z.number().optional(),
  abandonRate: z.number().optional(),
});
export type PacingDecisionRecord = z.infer<typeof pacingDecisionRecordSchema>;

export const pacingViewSchema = z.object({
  campaignId: z.number().int(),
  name: z.string(),
  at: z.number(),
  mode: pacingModeSchema,
  reason: pacingReasonSchema,
  /** Lines in flight per agent available for them (ready, plus those expected to free up in time). */
  dialLevel: z.number(),
  launch: z.number().int(),
  placed: z.number().int(),
  estimates: z.object({
    pAnswer: z.object({ mean: z.number(), low: z.number(), high: z.number(), planned: z.number() }),
    medianAnswerMs: z.number(),
    meanHandleMs: z.number(),
    agentsFreeing: z.number(),
    expectedAnswers: z.number(),
    expectedAgents: z.number(),
    predictedAbandonRate: z.number(),
    calibration: z.number(),
  }),
  abandon: z.object({
    answers: z.number().int(),
    abandons: z.number().int(),
    rate: z.number(),
    target: z.number(),
    windowHours: z.number(),
    budget: z.enum(['open', 'tight', 'spent']),
    /** Abandons that may still happen before the window's rate passes the target. */
    remaining: z.number(),
    allowance: z.number(),
  }),
  agents: z.object({
    loggedIn: z.number().int(),
    ready: z.number().int(),
    talking: z.number().int(),
    wrapping: z.number().int(),
  }),
  lines: z.object({
    ringing: z.number().int(),
    answeredWaiting: z.number().int(),
    inUse: z.number().int(),
    max: z.number().int(),
  }),
  /** The decision in one English sentence; the console words it from `reason` and the figures. */
  explanation: z.string(),
  recent: z.array(pacingDecisionRecordSchema),
});
export type PacingView = z.infer<typeof pacingViewSchema>;
