import type { RtpengineNg } from './rtpengine-ng';
import type { MediaIds } from './server-call-media';
import { carrierSdp } from './carrier-sdp';
import { LATCHED, TRUNK_PEER_SDP, TRUNK_PEER_TAG } from './trunk-offer';

/**
 * Carriers that send reliable provisional responses (RFC 3262, 100rel): the dialer's INVITEs say
 * `Supported: 100rel`; sip.js PRACKs a reliable 18x, and when it carries the offer of a delayed-offer INVITE the
 * PRACK carries the answer, made here by rtpengine. Early media is not an answer: the call is answered (the
 * connect window, the `answered` outcome) at the 200 OK only.
 */

/** A provisional response is reliable when it requires 100rel and carries an RSeq (RFC 3262 §4; never a 100). */
export function isReliableProvisional(
  statusCode: number,
  require: string | undefined,
  rseq: string | undefined,
): boolean {
  if (statusCode <= 100 || statusCode >= 200) return false;
  const tags = (require ?? '').split(',').map((tag) => tag.trim().toLowerCase());
  return tags.includes('100rel') && /^\s*\d+\s*$/.test(rseq ?? '');
}

/**
 * Why a carrier refused the INVITE for an extension (shown in the bridge's log with the attempt's `failed`):
 * 420 Bad Extension names what it does not support (`Unsupported`), 421 Extension Required what it requires that
 * the dialer does not offer (`Require`). Null for any other refusal.
 */
export function extensionRefusal(
  statusCode: number,
  headers: { unsupported?: string | undefined; require?: string | undefined },
): string | null {
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => /^[A-Za-z0-9.!%*_+`'~-]{1,40}$/.test(tag))
      .join(', ') || 'unnamed';
  if (statusCode === 420) return `carrier does not support: ${list(headers.unsupported)}`;
  if (statusCode === 421) return `carrier requires an extension the dialer lacks: ${list(headers.require)}`;
  return null;
}

const PLAIN = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  DTLS: 'off',
  'rtcp-mux': ['demux'],
  SDES: ['off'],
  flags: [LATCHED],
  replace: ['origin', 'session-connection'],
};

/**
 * The answer for the PRACK of a delayed-offer call's reliable 183: the carrier's offer anchored in rtpengine
 * against the stand-in peer on the discard port (the customer's early media reaches rtpengine and goes nowhere),
 * cleaned for carriers. The call is latched from now on (`MediaIds.latched`): the customer keeps these ports while
 * the agent or the message takes the stand-in's place, since a 200 OK after this exchange carries no new offer.
 */
export async function earlyMediaAnswer(ng: RtpengineNg, ids: MediaIds, offer: string): Promise<string> {
  const base = { 'call-id': ids.callId, 'from-tag': ids.customerTag, 'to-tag': TRUNK_PEER_TAG };
  await ng.command({ command: 'offer', ...base, sdp: offer, ...PLAIN });
  const reply = await ng.command({ command: 'answer', ...base, sdp: TRUNK_PEER_SDP, ...PLAIN });
  if (!reply.sdp) throw new Error('rtpengine answer without SDP');
  return carrierSdp(reply.sdp);
}
