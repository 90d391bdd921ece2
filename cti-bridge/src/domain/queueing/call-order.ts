/**
 * The order waiting calls are served in: queue priority, then the customer's tier in that queue's order, then
 * the line's priority, then time waited (from the caller's first arrival, so overflow and callbacks keep their
 * place), then the call id so ties are deterministic.
 */
import type { QueuePolicy } from './queue-policy';
import type { QueuedCall } from './queued-call';

/** Position of the tier in the queue's order; unknown callers and unlisted tiers come after every listed one. */
export function tierRank(policy: Pick<QueuePolicy, 'tierOrder'>, tier: string | null): number {
  if (tier === null) return policy.tierOrder.length;
  const rank = policy.tierOrder.indexOf(tier);
  return rank < 0 ? policy.tierOrder.length : rank;
}

/** A call's place in the order, precomputed so comparing two calls reads no policy. */
export interface OrderKey {
  queuePriority: number;
  tierRank: number;
  linePriority: number;
  arrivedAt: number;
  callId: string;
}

export function orderKey(call: QueuedCall, policy: QueuePolicy): OrderKey {
  return {
    queuePriority: policy.priority,
    tierRank: tierRank(policy, call.tier),
    linePriority: call.linePriority,
    arrivedAt: call.arrivedAt,
    callId: call.callId,
  };
}

/** Negative when `a` is served before `b`. */
export function compareKeys(a: OrderKey, b: OrderKey): number {
  return (
    b.queuePriority - a.queuePriority ||
    a.tierRank - b.tierRank ||
    b.linePriority - a.linePriority ||
    a.arrivedAt - b.arrivedAt ||
    (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0)
  );
}
