import type { DialFailure } from './phone';

/** The headers of a final non-2xx answer to our INVITE, as read off the wire. */
export interface RejectResponse {
  statusCode: number;
  reasonPhrase: string;
  /** `Reason: SIP;cause=403;text="…"` (RFC 3326), if present. */
  reason: string | undefined;
  /** The bridge's own `X-Reason: …`, if present. */
  xReason: string | undefined;
}

/** `text="…"` out of a Reason header value, unescaping `\"`. */
export function reasonText(header: string | undefined): string | null {
  if (!header) return null;
  const match = /text\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  const text = match?.[1]?.replace(/\\(.)/g, '$1').trim();
  return text ? text : null;
}

/**
 * Classifies a refused outbound call. A 403 is the compliance gate: its reason (Reason text, else X-Reason, else
 * the reason phrase) is shown to the agent as the server wrote it. A refused transfer (REFER) the bridge explains
 * with a `TRANSFER_…` code is shown the same way.
 */
export function dialFailureOf(res: RejectResponse): DialFailure {
  // a transfer the bridge refused says why in X-Reason (`TRANSFER_…: text`), whatever the status
  const transfer = res.xReason?.trim() ?? '';
  if (/^TRANSFER_[A-Z_]+:/.test(transfer)) return { kind: 'blocked', reason: transfer };
  if (res.statusCode === 403) {
    const reason = reasonText(res.reason) ?? (res.xReason?.trim() || null) ?? res.reasonPhrase.trim();
    return { kind: 'blocked', reason };
  }
  return { kind: 'failed', status: res.statusCode, phrase: res.reasonPhrase };
}
