/**
 * Queue callbacks at the agent: a callback whose turn came is offered with its pop (`queue-callback:offered`);
 * the agent accepts it (it is dialled through the compliance gate as an outbound call linked to the request) or
 * declines it (it goes back to its place for someone else). `queues:mine` is the agent's "my queues".
 */
import { z } from 'zod';
import { businessTypeRefSchema } from './call.schema';
import { customerCardSchema, lookupResultSchema } from './customer.schema';

export const queueCallbackSourceSchema = z.enum(['caller', 'web', 'sip', 'after-hours']);

export const queueCallbackOfferSchema = z.object({
  callbackId: z.number().int(),
  queue: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    nameZh: z.string().nullable(),
  }),
  businessType: businessTypeRefSchema,
  /** The number to call back (the agent dials it: shown whole, as an inbound caller's number is). */
  callerE164: z.string(),
  source: queueCallbackSourceSchema,
  /** The caller's place: when they first joined the queue (a web request: when it was made). */
  arrivedAt: z.number().int(),
  requestedAt: z.number().int(),
  offeredAt: z.number().int(),
  /** Dial attempts made before this offer, and how the last one ended. */
  attempts: z.number().int(),
  lastOutcome: z.string().nullable(),
  /** The inbound call the caller left for the callback (null for a web request). */
  originalInteractionId: z.number().int().nullable(),
  lookup: lookupResultSchema,
  card: customerCardSchema.nullable(),
  /** Why routing chose this agent. */
  routingRule: z.string(),
  /** The offer goes to someone else unless accepted within this long. */
  acceptTimeoutMs: z.number().int(),
});
export type QueueCallbackOffer = z.infer<typeof queueCallbackOfferSchema>;

export const queueCallbackWithdrawnSchema = z.object({
  callbackId: z.number().int(),
  reason: z.enum(['timeout', 'declined', 'agent-logged-out', 'gone']),
});
export type QueueCallbackWithdrawn = z.infer<typeof queueCallbackWithdrawnSchema>;

export const queueCallbackRefSchema = z.object({ callbackId: z.number().int().positive() });
export type QueueCallbackRef = z.infer<typeof queueCallbackRefSchema>;
