import type { SuspendedTx } from './evapi-messages.schema';

/** One inbound call as Kamailio holds it: suspended (waiting for a decision) or ringing an agent's branch. */
export interface SipCall {
  callId: string;
  /**
   * A transferred leg's target agent (null for queued calls): rung once with `connect`; its failure ends the
   * leg instead of re-suspending it.
   */
  transferTo: number | null;
  tx: SuspendedTx;
  suspended: boolean;
  /** The agent whose branch rings now (null when the bridge no longer expects its answer). */
  ringing: number | null;
  /** The ring timeout of the last route decision (sent again if that decision was lost). */
  ringTimeoutMs: number;
  /** A ring decided while the previous branch still rang; sent when Kamailio re-suspends the call. */
  pending: { agentId: number; ringTimeoutMs: number } | null;
  answeredBy: number | null;
  /** Set while the bridge handles the offer: a hangup then refuses it (no such service number, busy target). */
  offering: boolean;
  release: { code: number; reason: string } | null;
}

export function newSipCall(event: { callid: string } & SuspendedTx, transferTo: number | null): SipCall {
  return {
    callId: event.callid,
    transferTo,
    tx: { tindex: event.tindex, tlabel: event.tlabel },
    suspended: true,
    ringing: null,
    ringTimeoutMs: 0,
    pending: null,
    answeredBy: null,
    offering: true,
    release: null,
  };
}

/**
 * When Kamailio saw it (an INVITE's arrival, a dialog's answer): exact, and the same again when Kamailio tells a
 * restarted bridge, so a waiting caller keeps their place and a call in progress its talk time. Never later than
 * now (Kamailio's clock may be ahead of ours).
 */
export function kamailioTimeOf(
  event: { ts_s?: number | undefined; ts_us?: number | undefined },
  now: number,
): number {
  if (event.ts_s === undefined) return now;
  return Math.min(now, event.ts_s * 1000 + Math.floor((event.ts_us ?? 0) / 1000));
}

/** The reason travels in SIP headers (Reason, X-Reason): one line, no quotes, bounded. */
export function headerSafe(text: string): string {
  const clean = [...text].map((ch) => (ch < ' ' || ch === '\u007f' || ch === '"' || ch === '\\' ? ' ' : ch));
  return clean.join('').slice(0, 200);
}

/** A dial's final failure code as an outcome: busy, unanswered, or failed. */
export function dialFailureOf(code: number): 'busy' | 'no-answer' | 'failed' {
  if (code === 486 || code === 600) return 'busy';
  if (code === 408 || code === 480 || code === 487) return 'no-answer';
  return 'failed';
}
