/**
 * Where every queue callback request joins its queue — a website's, an upstream IVR's, a waiting caller's choice,
 * a closed queue's or a max wait's — so that a number has at most one open request per queue. A repeated request
 * for the same number and queue is merged into the open one (waiting, offered or being dialled): no second
 * callback, the earlier of the two places is kept, the requester is told "already queued", and the merge is
 * audited (`queue-callback.merged`) with the number masked.
 */
import { maskPhone } from '../../domain/mask';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { NewQueueCallback, QueueingRepository } from '../../repositories/queueing.repository';
import type { QueueRouter } from './queue-router';

export interface CallbackIntakeDeps {
  now: () => number;
  queueing: Pick<QueueingRepository, 'createCallback' | 'openCallbackFor' | 'callbackArrivedEarlier'>;
  router: Pick<QueueRouter, 'callbackWaiting' | 'callbackArrivedEarlier'>;
  audit: Pick<AuditRepository, 'record'>;
}

/** A request as it arrives: the stored fields plus the customer's tier (its place in the call order). */
export interface CallbackRequestIn extends NewQueueCallback {
  tier: string | null;
  /** The queue's code, for the audit entry. */
  queueCode: string;
}

/** The request's outcome: the callback it is now (new, or the open one it was merged into). */
export interface CallbackTaken {
  callbackId: number;
  /** True when an open request for this number and queue already existed: nothing new was queued. */
  alreadyQueued: boolean;
  /** The place kept: the earlier of the open request's arrival and this one's. */
  arrivedAt: number;
}

export function createCallbackIntake(deps: CallbackIntakeDeps) {
  return {
    take(request: CallbackRequestIn): CallbackTaken {
      const open = deps.queueing.openCallbackFor(request.queueId, request.e164);
      if (open === null) return created(deps, request);
      const arrivedAt = Math.min(open.arrivedAt, request.arrivedAt);
      const at = deps.now();
      if (arrivedAt < open.arrivedAt) {
        deps.queueing.callbackArrivedEarlier(open.id, arrivedAt, at);
        deps.router.callbackArrivedEarlier(open.id, arrivedAt);
      }
      deps.audit.record({
        at,
        actorUserId: null,
        action: 'queue-callback.merged',
        subject: `queue-callback:${open.id}`,
        decision: 'done',
        reason: 'already queued',
        details: {
          queue: request.queueCode,
          number: maskPhone(request.e164),
          source: request.source,
          state: open.state,
          arrivedAt,
          requestArrivedAt: request.arrivedAt,
          originalInteractionId: request.originalInteractionId,
        },
      });
      return { callbackId: open.id, alreadyQueued: true, arrivedAt };
    },
  };
}

function created(deps: CallbackIntakeDeps, request: CallbackRequestIn): CallbackTaken {
  const callbackId = deps.queueing.createCallback({
    queueId: request.queueId,
    e164: request.e164,
    raw: request.raw,
    source: request.source,
    arrivedAt: request.arrivedAt,
    requestedAt: request.requestedAt,
    customerId: request.customerId,
    originalInteractionId: request.originalInteractionId,
  });
  deps.router.callbackWaiting({
    id: callbackId,
    queueId: request.queueId,
    arrivedAt: request.arrivedAt,
    tier: request.tier,
    nextAttemptAt: null,
  });
  return { callbackId, alreadyQueued: false, arrivedAt: request.arrivedAt };
}

export type CallbackIntake = ReturnType<typeof createCallbackIntake>;
