import { z } from 'zod';

export const agentStatuses = ['logged-out', 'not-ready', 'ready', 'ringing', 'on-call', 'wrap-up'] as const;
export const agentStatusSchema = z.enum(agentStatuses);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

/** Reasons the system itself sets; agents may pick any short free-text reason too. */
export const systemNotReadyReasons = ['login', 'missed', 'forced'] as const;

/**
 * The authoritative agent state, owned by the bridge. `version` grows by one on every change so a console
 * can drop stale pushes and knows it is current after a reconnect.
 */
export const agentStateSchema = z.object({
  agentId: z.number().int(),
  status: agentStatusSchema,
  version: z.number().int().nonnegative(),
  since: z.number().int(),
  reason: z.string().nullable(),
  callId: z.string().nullable(),
  interactionId: z.number().int().nullable(),
  wrapUpEndsAt: z.number().int().nullable(),
  /**
   * The agent's phone is on a call outside the queues (a colleague, a manual dial): whatever the status, no queue
   * call is offered until it ends. A flag beside the status, so time in state is not reset by a short consult.
   */
  phoneBusy: z.boolean(),
  /**
   * "Not ready after this call": the reason the agent picked while on a call or in wrap-up. When the wrap-up
   * ends (saved, or closed by the queue's auto-close) the agent goes not ready with it instead of ready.
   */
  pendingNotReady: z.string().nullable(),
});
export type AgentState = z.infer<typeof agentStateSchema>;

export const setStateCommandSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready') }),
  z.object({ status: z.literal('not-ready'), reason: z.string().trim().min(1).max(40).default('break') }),
  z.object({ status: z.literal('logged-out') }),
]);
export type SetStateCommand = z.infer<typeof setStateCommandSchema>;
