/**
 * The evapi contract between kamailio/kamailio.cfg and the bridge: every event Kamailio sends, validated with zod
 * (anything else is logged and dropped), and every decision the bridge sends back.
 */
import { z } from 'zod';

// jansson_get hands integers above the C int range back as strings; accept both, keep numbers.
const txId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const callid = z.string().min(1).max(256);
const sipUser = z.string().max(128);

const suspended = { callid, tindex: txId, tlabel: txId };
/** When Kamailio saw it (seconds and microseconds): a caller's place in the queue, a call's talk time. */
const stamped = {
  ts_s: z.number().int().nonnegative().optional(),
  ts_us: z.number().int().nonnegative().optional(),
};

export const offerEvent = z.object({
  event: z.literal('offer'),
  ...suspended,
  service: z.string().min(1).max(64),
  from: z.string().max(512),
  from_display: z.string().max(256).optional(),
  pai: z.string().max(512).optional(),
  /**
   * Headers attached upstream (kamailio.cfg CTI_ATTACHED), name → value. Not checked here: a bad header must not
   * cost the caller the call; the bridge's routing rules read the configured ones and drop the rest with a reason.
   */
  attached: z.unknown().optional(),
  ...stamped,
  /** Sent again to a bridge that (re)connected while the caller still waits (kamailio.cfg htable `waiting`). */
  replayed: z.literal(1).optional(),
});

export const ringFailedEvent = z.object({
  event: z.literal('ring-failed'),
  ...suspended,
  agent: sipUser,
  reason: z.enum(['no-answer', 'rejected', 'unavailable']),
  code: z.number().int().optional(),
  /** The call's original offer: a bridge that never saw it (restarted while the agent's phone rang) adopts it. */
  offer: offerEvent.omit({ event: true, tindex: true, tlabel: true, callid: true }).partial().optional(),
});

/** An authorised transfer INVITE (kamailio.cfg TRANSFER_IN), suspended until the bridge connects or refuses it. */
export const transferEvent = z.object({
  event: z.literal('transfer'),
  ...suspended,
  agent: sipUser,
  from_callid: callid,
  kind: z.enum(['blind', 'attended']),
});

/** The transfer target's phone did not answer; the caller got the failure and the leg is over. */
export const transferFailedEvent = z.object({
  event: z.literal('transfer-failed'),
  callid,
  agent: sipUser,
  reason: z.enum(['no-answer', 'rejected', 'unavailable']),
  code: z.number().int().optional(),
});

/** The caller hung up before an answer (also told later, from htable `missed`, to a bridge that was away). */
export const cancelEvent = z.object({ event: z.literal('cancel'), callid, ...stamped });
export const timeoutEvent = z.object({ event: z.literal('timeout'), ...suspended });

const kind = z.enum(['inbound', 'outbound', 'transfer', 'internal']);
export const answeredEvent = z.object({ event: z.literal('answered'), callid, kind, agent: sipUser });
export const endedEvent = z.object({
  event: z.literal('ended'),
  callid,
  kind,
  agent: sipUser,
  by: z.enum(['caller', 'callee', 'timeout']),
  ...stamped,
});

/**
 * A call in progress, sent by Kamailio to a bridge that (re)connects: an answered inbound or transferred call
 * (the agent's SIP user and the answer time), or an agent's consult or allowed dial from its INVITE on (for a
 * consult also the calling colleague, `peer`).
 */
export const talkingEvent = z.object({
  event: z.literal('talking'),
  callid,
  kind,
  agent: sipUser,
  peer: sipUser.optional(),
  ...stamped,
  ts_s: z.number().int().nonnegative(),
});

/** Sent after the waiting calls and calls in progress a (re)connecting bridge is told of: that was all. */
export const syncedEvent = z.object({ event: z.literal('synced') });

/** An agent calls a colleague (kamailio.cfg INTERNAL_CALL). */
export const internalEvent = z.object({ event: z.literal('internal'), callid, from: sipUser, to: sipUser });

/** A manual dial or an internal call that ended without being answered. */
export const failedEvent = z.object({
  event: z.literal('failed'),
  callid,
  kind: z.enum(['outbound', 'internal']),
});

/** An allowed dial's far end answered with a failure (kamailio.cfg CTI_DIAL_OUT_FAIL): busy, no answer, refused. */
export const dialFailedEvent = z.object({
  event: z.literal('dial-failed'),
  callid,
  code: z.number().int(),
});

export const dialEvent = z.object({
  event: z.literal('dial'),
  ...suspended,
  agent: sipUser,
  to: z.string().min(1).max(64),
  /** The INVITE's `X-Ringside-Attempt` (kamailio.cfg passes digits only, anything else as "malformed"). */
  attempt: z.string().max(16).optional(),
});

/**
 * The bridge's own dialer places a customer leg (kamailio.cfg DIALER_CUSTOMER): the edge's gate decides it like
 * every dial, with the campaign attempt the call carries (`X-Ringside-Attempt: <campaign>;<lead>;<attempt>`).
 */
export const dialerDialEvent = z.object({
  event: z.literal('dialer-dial'),
  ...suspended,
  to: z.string().min(1).max(64),
  attempt: z.string().max(64),
});

/**
 * A server-placed customer leg ended (kamailio.cfg DIALER_ENDED): to the bridge that placed it, or — when that one
 * died and Kamailio ended the call — kept and told to the next bridge, which closes the attempt once.
 */
export const dialerEndedEvent = z.object({
  event: z.literal('dialer-ended'),
  callid,
  attempt: z.string().max(64),
  /** When the customer answered (seconds), absent when they never did. */
  answered_s: z.number().int().nonnegative().optional(),
  ...stamped,
});

export const staleEvent = z.object({
  event: z.literal('stale'),
  tindex: z.number().int(),
  tlabel: z.number().int(),
});

export const kamailioEvent = z.discriminatedUnion('event', [
  offerEvent,
  ringFailedEvent,
  transferEvent,
  transferFailedEvent,
  cancelEvent,
  timeoutEvent,
  answeredEvent,
  endedEvent,
  talkingEvent,
  syncedEvent,
  dialEvent,
  dialerDialEvent,
  dialerEndedEvent,
  dialFailedEvent,
  internalEvent,
  failedEvent,
  staleEvent,
]);

export type KamailioEvent = z.infer<typeof kamailioEvent>;
export type OfferEvent = z.infer<typeof offerEvent>;
export type RingFailedEvent = z.infer<typeof ringFailedEvent>;
export type TransferEvent = z.infer<typeof transferEvent>;
export type TalkingEvent = z.infer<typeof talkingEvent>;
export type DialEvent = z.infer<typeof dialEvent>;
export type DialerDialEvent = z.infer<typeof dialerDialEvent>;
export type EndedEvent = z.infer<typeof endedEvent>;

/** A transaction Kamailio suspended, addressed by tm's index and label. */
export interface SuspendedTx {
  tindex: number;
  tlabel: number;
}

/** Decisions the bridge sends; kamailio.cfg's `event_route[evapi:message-received]` reads exactly these fields. */
export type BridgeAction =
  | ({ action: 'route'; target: string; ring_ms: number } & SuspendedTx)
  /** A transferred leg to its target agent: rings once, a failure goes back to the caller (no requeue). */
  | ({ action: 'connect'; target: string; ring_ms: number } & SuspendedTx)
  | ({ action: 'reject'; code: number; reason: string } & SuspendedTx)
  | ({ action: 'allow' } & SuspendedTx)
  /** The dialer's customer leg passed the edge's gate: on to the gateway. */
  | ({ action: 'dialer-allow' } & SuspendedTx)
  | ({ action: 'block'; reason: string } & SuspendedTx)
  /** The attached headers to forward from now on: comma-separated RFC 3261 tokens, at most 16 (may be empty). */
  | { action: 'attached-headers'; headers: string };

export type ParsedEvent = { ok: true; event: KamailioEvent } | { ok: false; error: string };

export function parseKamailioEvent(payload: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = kamailioEvent.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'invalid' };
}
