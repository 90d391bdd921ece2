/**
 * What happens to a call that waited too long: after `overflowAfterSec` in its queue it also waits in the
 * overflow queue (keeping its arrival time); after `maxWaitSec` in total, its queue's max-wait action (overflow to
 * `maxWaitQueueId`, or the after-hours action: a callback request or a refusal with the reason).
 */
import type { QueuePolicy } from './queue-policy';
import type { QueuedCall } from './queued-call';

export type WaitLimitStep =
  | { kind: 'overflow'; toQueueId: number; reason: 'overflow-after' | 'max-wait' }
  | { kind: 'callback'; reason: 'max-wait' }
  | { kind: 'refuse'; reason: 'max-wait'; text: string | null };

/** When the next limit falls due for this call (epoch ms), null when none applies. */
export function nextLimitAt(call: QueuedCall, policy: QueuePolicy): number | null {
  const times: number[] = [];
  const overflow = overflowTarget(call, policy);
  if (overflow !== null && policy.overflowAfterSec !== null)
    times.push(call.queuedAt + policy.overflowAfterSec * 1000);
  if (policy.maxWaitSec !== null && (call.kind === 'call' || maxWaitTarget(call, policy) !== null))
    times.push(call.arrivedAt + policy.maxWaitSec * 1000);
  return times.length === 0 ? null : Math.min(...times);
}

/** A target already on the call's path (or the queue itself) would loop: no overflow then. */
function overflowTarget(call: QueuedCall, policy: QueuePolicy): number | null {
  const to = policy.overflowQueueId;
  if (to === null || to === call.queueId || call.overflowedFrom.includes(to)) return null;
  return to;
}

function maxWaitTarget(call: QueuedCall, policy: QueuePolicy): number | null {
  const to = policy.maxWaitQueueId;
  if (policy.maxWaitAction !== 'overflow' || to === null) return null;
  return to === call.queueId || call.overflowedFrom.includes(to) ? null : to;
}

/** The step due now for this call, or null while it may keep waiting. */
export function dueStep(call: QueuedCall, policy: QueuePolicy, now: number): WaitLimitStep | null {
  if (policy.maxWaitSec !== null && now - call.arrivedAt >= policy.maxWaitSec * 1000) {
    const to = maxWaitTarget(call, policy);
    if (to !== null) return { kind: 'overflow', toQueueId: to, reason: 'max-wait' };
    // a callback keeps waiting for its turn: a max wait does not apply to it twice
    if (call.kind === 'callback') return null;
    return policy.afterHoursAction === 'callback' && policy.callbacksEnabled
      ? { kind: 'callback', reason: 'max-wait' }
      : { kind: 'refuse', reason: 'max-wait', text: policy.afterHoursReason };
  }
  const overflow = overflowTarget(call, policy);
  if (
    overflow !== null &&
    policy.overflowAfterSec !== null &&
    now - call.queuedAt >= policy.overflowAfterSec * 1000
  )
    return { kind: 'overflow', toQueueId: overflow, reason: 'overflow-after' };
  return null;
}
