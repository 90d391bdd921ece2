/**
 * The call center's queueing steps that end a call before an agent: a queue closed at arrival (opening hours,
 * holiday) and a max wait reached. Either the caller is refused with the queue's reason, or a callback request
 * is taken in their place (they keep their arrival time) — recorded on the interaction and the callback table.
 */
import type { DueStep } from '../../domain/queueing/queueing-engine';
import type { PbxAdapter } from '../../pbx/pbx-adapter';
import type { InteractionsRepository } from '../../repositories/interactions.repository';
import type { QueueingRepository } from '../../repositories/queueing.repository';
import type { Logger } from '../../logger';
import type { LiveCall } from '../live-call';
import type { CustomerLookup } from '../customer-lookup';
import type { CallbackIntake, CallbackTaken } from './callback-intake';
import type { QueueRouter } from './queue-router';

export interface QueueFlowDeps {
  now: () => number;
  lookup: Pick<CustomerLookup, 'normalize'>;
  pbx: PbxAdapter;
  interactions: Pick<InteractionsRepository, 'abandoned'>;
  queueing: Pick<QueueingRepository, 'routed'>;
  callbackIntake: CallbackIntake;
  router: QueueRouter;
  log: Logger;
}

/** False when the call's queue is closed: it was refused or turned into a callback request and hung up. */
export function admitted(deps: QueueFlowDeps, call: LiveCall): boolean {
  const at = call.offer.queuedAt;
  const policy = deps.router.policy(call.queue.id);
  if (!policy || deps.router.isOpen(call.queue.id, at)) {
    deps.router.arrived(call);
    return true;
  }
  endBeforeAgent(
    deps,
    call,
    policy.afterHoursAction === 'callback' && policy.callbacksEnabled,
    'after-hours',
    at,
  );
  return false;
}

/**
 * The waiting caller chose to be called back (a sim caller, an IVR's key press): the callback takes their place
 * (their arrival time). False when the queue takes no callbacks or the number is unknown: an abandon then.
 */
export function callbackChosen(deps: QueueFlowDeps, call: LiveCall, at: number): boolean {
  const policy = deps.router.policy(call.queue.id);
  if (!policy?.callbacksEnabled || call.offer.callerE164 === null) return false;
  endBeforeAgent(deps, call, true, 'caller-choice', at);
  return true;
}

/**
 * An upstream IVR asked, with the call, for a callback instead of waiting (`X-Ringside-Callback: caller` or the
 * number to call): the request takes the caller's place (their arrival time) and the call is released as
 * `callback-queued` (`callback-already-queued` when the number already had an open request in that queue: it
 * was merged into it). False — the caller simply waits — when the queue takes no callbacks or the value is neither
 * `caller` (with a known calling number) nor a number that normalises.
 */
export function ivrCallbackRequested(deps: QueueFlowDeps, call: LiveCall): boolean {
  const wanted = call.callbackTo?.trim() ?? '';
  const policy = deps.router.policy(call.queue.id);
  if (wanted === '' || !policy?.callbacksEnabled) return false;
  const number = wanted.toLowerCase() === 'caller' ? null : deps.lookup.normalize(wanted);
  const e164 = number === null ? call.offer.callerE164 : number.kind === 'number' ? number.e164 : null;
  if (e164 === null) {
    deps.log.warn('IVR callback request without a number to call: the caller waits', {
      callId: call.offer.callId,
    });
    return false;
  }
  const raw = number === null ? call.offer.callerRaw : wanted;
  endBeforeAgent(deps, call, true, 'ivr-request', call.offer.queuedAt, { e164, raw });
  return true;
}

/** A max-wait step for a live call (overflow was applied by the router already). */
export function waitLimitReached(deps: QueueFlowDeps, call: LiveCall, step: DueStep): void {
  if (step.kind === 'overflow') {
    deps.log.info('call overflowed', { callId: call.offer.callId, to: step.toQueueId });
    return;
  }
  endBeforeAgent(deps, call, step.kind === 'callback', 'max-wait', deps.now());
}

type EndWhy = 'after-hours' | 'max-wait' | 'caller-choice' | 'ivr-request';

function endBeforeAgent(
  deps: QueueFlowDeps,
  call: LiveCall,
  callback: boolean,
  why: EndWhy,
  at: number,
  to?: { e164: string; raw: string },
): void {
  const { offer } = call;
  const policy = deps.router.policy(call.queue.id);
  const reason =
    policy?.afterHoursReason ?? (why === 'after-hours' ? 'queue closed' : 'maximum wait reached');
  const cause = {
    'after-hours': 'closed',
    'max-wait': 'max wait reached',
    'caller-choice': 'caller chose',
    'ivr-request': 'IVR asked',
  }[why];
  const number = to ?? (offer.callerE164 === null ? null : { e164: offer.callerE164, raw: offer.callerRaw });
  const taken = callback && number !== null ? takeCallback(deps, call, why, at, number) : null;
  const rule = callback
    ? `queue ${call.queue.code}, ${cause}: callback ${taken?.alreadyQueued ? 'already queued' : 'requested'}`
    : `queue ${call.queue.code}, ${cause}: refused (${reason})`;
  deps.queueing.routed(offer.interactionId, call.queue.id, rule, {
    queue: call.queue.code,
    outcome: callback ? 'callback' : 'refused',
    why,
    reason,
    decidedAt: at,
    ...(taken ? { callbackId: taken.callbackId, alreadyQueued: taken.alreadyQueued } : {}),
  });
  deps.router.forget(offer.callId);
  deps.interactions.abandoned(offer.interactionId, at, at - offer.queuedAt);
  if (why === 'ivr-request')
    deps.pbx.hangup(offer.callId, taken?.alreadyQueued ? 'callback-already-queued' : 'callback-queued');
  else deps.pbx.hangup(offer.callId);
  deps.log.info('call ended in queue', { callId: offer.callId, rule });
}

/** The callback request in the caller's place (their arrival time); merged into an open one for the number. */
function takeCallback(
  deps: QueueFlowDeps,
  call: LiveCall,
  why: EndWhy,
  at: number,
  number: { e164: string; raw: string },
): CallbackTaken {
  const { offer } = call;
  const unique = offer.lookup.match === 'unique' ? (offer.lookup.customers[0] ?? null) : null;
  return deps.callbackIntake.take({
    queueId: call.queue.id,
    queueCode: call.queue.code,
    e164: number.e164,
    raw: number.raw,
    source: why === 'after-hours' ? 'after-hours' : why === 'ivr-request' ? 'sip' : 'caller',
    arrivedAt: offer.queuedAt,
    requestedAt: at,
    customerId: unique?.id ?? null,
    originalInteractionId: offer.interactionId,
    tier: unique?.tier ?? null,
  });
}
