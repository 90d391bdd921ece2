/**
 * "Call me back" requests from outside (a website's form): validated, normalised, throttled per source address
 * and per number, and stored as a callback waiting in its queue with the request's time as its arrival, so it
 * keeps its place among the callers. The same number again for the same queue while its request is open is that
 * request (`alreadyQueued: true`, see `callback-intake.ts`).
 */
import { fail, ok, type Result } from '../../../protocol/errors';
import type { QueueCallbackAccepted, QueueCallbackRequest } from '../../../protocol/queue.schema';
import type { CustomerLookup } from '../customer-lookup';
import type { CallbackIntake } from './callback-intake';
import type { QueueRouter } from './queue-router';

export interface QueueCallbacksDeps {
  now: () => number;
  /** One open request per number and queue: a repeat is merged and answered "already queued". */
  intake: CallbackIntake;
  router: QueueRouter;
  lookup: CustomerLookup;
  /** Requests one address may make per window, and per number. */
  perAddress?: number;
  perNumber?: number;
  windowMs?: number;
}

/** A fixed-window counter per key; old windows are dropped as they are seen. */
class Budget {
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when this use is allowed (and counted). */
  take(key: string, now: number): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: now, used: 1 });
      return 0;
    }
    if (window.used >= this.max) return Math.ceil((window.start + this.windowMs - now) / 1000);
    window.used++;
    return 0;
  }
}

export type CallbackRefusal = { code: 'RATE_LIMITED'; retryAfterSec: number };

export function createQueueCallbacks(deps: QueueCallbacksDeps) {
  const windowMs = deps.windowMs ?? 15 * 60_000;
  const byAddress = new Budget(deps.perAddress ?? 10, windowMs);
  const byNumber = new Budget(deps.perNumber ?? 3, windowMs);
  return {
    request(
      input: QueueCallbackRequest,
      address: string,
    ): Result<QueueCallbackAccepted> | { ok: false; limited: CallbackRefusal } {
      const now = deps.now();
      const policy = deps.router.policyByCode(input.queue);
      if (!policy) return fail('NOT_FOUND', `no queue "${input.queue}"`);
      if (!policy.callbacksEnabled) return fail('NOT_AVAILABLE', `queue "${input.queue}" takes no callbacks`);
      const { caller, result } = deps.lookup.lookup(input.number);
      if (caller.kind !== 'number') return fail('VALIDATION_FAILED', 'number: not a phone number');
      const wait = Math.max(byAddress.take(address, now), byNumber.take(caller.e164, now));
      if (wait > 0) return { ok: false, limited: { code: 'RATE_LIMITED', retryAfterSec: wait } };
      const unique = result.match === 'unique' ? (result.customers[0] ?? null) : null;
      const taken = deps.intake.take({
        queueId: policy.queueId,
        queueCode: policy.code,
        e164: caller.e164,
        raw: input.number,
        source: 'web',
        arrivedAt: now,
        requestedAt: now,
        customerId: unique?.id ?? null,
        originalInteractionId: null,
        tier: unique?.tier ?? null,
      });
      const snapshot = deps.router.queueSnapshot(policy.queueId, now);
      return ok({
        callbackId: taken.callbackId,
        alreadyQueued: taken.alreadyQueued,
        queue: policy.code,
        position: snapshot?.waiting ?? 1,
        estimatedWaitSec: snapshot?.estimatedWaitSec ?? null,
      });
    },
  };
}

export type QueueCallbacks = ReturnType<typeof createQueueCallbacks>;
