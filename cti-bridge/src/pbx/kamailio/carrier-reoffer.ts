import { carrierSdp } from './carrier-sdp';
import type { RtpengineNg } from './rtpengine-ng';
import { answerTo, directionOf, withDirection, type SdpDirection } from './sdp-direction';
import type { MediaIds } from './server-call-media';
import { LATCHED } from './trunk-offer';

/**
 * A re-INVITE from the carrier's side of a server-placed call (a session refresh, the customer's network putting
 * them on hold, a new media address) is answered by the bridge with rtpengine, never 488 (which many carriers
 * answer by dropping the call). Nothing goes to the agent's softphone: rtpengine stays between them, keeping the
 * agent's side as it is (`port-latching`).
 */
export type CarrierReoffer =
  /** The same media, the same direction: the answer the carrier already has, unchanged. */
  | { kind: 'refresh' }
  /** The same address and codecs in another direction (hold, resume): our SDP mirrored, rtpengine untouched. */
  | { kind: 'direction'; direction: SdpDirection }
  /** Another address, port or codecs: rtpengine must learn them. */
  | { kind: 'media' };

/** The lines that say where and how media flows (connection, media, codecs), without direction or version. */
function mediaKey(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^(c=|m=|a=rtpmap:|a=fmtp:)/.test(line))
    .join('\n');
}

/** What the carrier's new offer changes against the SDP the call is connected with. */
export function classifyCarrierReoffer(previous: string, offer: string): CarrierReoffer {
  if (mediaKey(previous) !== mediaKey(offer)) return { kind: 'media' };
  const direction = directionOf(offer);
  return direction === directionOf(previous) ? { kind: 'refresh' } : { kind: 'direction', direction };
}

/** The answer to a re-offer that changes only the direction: the SDP the carrier has from us, mirrored. */
export function mirroredAnswer(ours: string, offered: SdpDirection): string {
  return withDirection(ours, answerTo(offered));
}

const TO_WEBRTC = {
  'transport-protocol': 'UDP/TLS/RTP/SAVPF',
  ICE: 'force',
  DTLS: 'passive',
  'rtcp-mux': ['offer'],
  SDES: ['off'],
  replace: ['origin', 'session-connection'],
};
const TO_PLAIN = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  DTLS: 'off',
  'rtcp-mux': ['demux'],
  SDES: ['off'],
  replace: ['origin', 'session-connection'],
};

/**
 * The carrier's new media: its offer goes to rtpengine from the customer's side toward the connected agent's, and
 * the agent's side answers with the agent's own SDP of the call (its direction the mirror of the carrier's); the
 * plain answer, cleaned, is for the carrier's 200 OK. Both sides keep their rtpengine ports.
 */
export async function carrierReoffer(
  ng: RtpengineNg,
  ids: MediaIds,
  agentTag: string,
  agentSdp: string,
  offer: string,
): Promise<string> {
  const tags = { 'call-id': ids.callId, 'from-tag': ids.customerTag, 'to-tag': agentTag };
  await ng.command({ command: 'offer', ...tags, sdp: offer, ...TO_WEBRTC, flags: ['generate-mid', LATCHED] });
  const reply = await ng.command({
    command: 'answer',
    ...tags,
    sdp: withDirection(agentSdp, answerTo(directionOf(offer))),
    ...TO_PLAIN,
    flags: [LATCHED],
  });
  if (!reply.sdp) throw new Error('rtpengine answer without SDP');
  return carrierSdp(reply.sdp);
}
