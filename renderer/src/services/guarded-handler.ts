import type { z } from 'zod';

/**
 * Wraps a push handler: the payload is checked against the contract and the handler runs in its own
 * try/catch, so one malformed or unexpected message can never break the listener. Every socket listener of
 * the console (`socket.on(event, guarded(event, schema, handle))`) goes through it.
 */
export function guarded<T>(event: string, schema: z.ZodType<T>, handle: (data: T) => void) {
  return (payload: unknown): void => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      console.error(`[cti] ${event} does not match the contract`, parsed.error.issues);
      return;
    }
    try {
      handle(parsed.data);
    } catch (err) {
      console.error(`[cti] ${event} handler failed`, err);
    }
  };
}
