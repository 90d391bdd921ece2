import { carrierSdp } from './carrier-sdp';
import type { NgCommand, RtpengineNg } from './rtpengine-ng';
import { LATCHED } from './trunk-offer';

/**
 * rtpengine's part in a server-placed call: one rtpengine call per customer (the customer leg's Call-ID), the
 * customer's side under `customerTag`, the agent's (or the abandon message's) side under its own tag. Flags as the
 * telephony lab proved them: plain RTP toward carriers, DTLS-SRTP + ICE (rtcp-mux, mid) toward browsers.
 */
export interface MediaIds {
  callId: string;
  customerTag: string;
  /**
   * An early-offer call: the customer already has rtpengine's ports (from the INVITE), so every later command keeps
   * them (`port-latching`) and names its peer's tag; the SDP rtpengine then answers for the customer is not sent.
   */
  latched?: boolean;
}

const TO_WEBRTC = {
  'transport-protocol': 'UDP/TLS/RTP/SAVPF',
  ICE: 'force',
  DTLS: 'passive',
  'rtcp-mux': ['offer'],
  SDES: ['off'],
  flags: ['generate-mid'],
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

const base = (ids: MediaIds): Omit<NgCommand, 'command'> => ({
  'call-id': ids.callId,
  'from-tag': ids.customerTag,
});

/** Extra parameters of a command on an early-offer call (see `MediaIds.latched`). */
const latch = (ids: MediaIds, peerTag: string, flags: readonly string[] = []) =>
  ids.latched ? { 'to-tag': peerTag, flags: [...flags, LATCHED] } : {};

/**
 * The customer's SDP (the offer in their 200 OK, or on an early-offer trunk their answer) as a WebRTC offer for the
 * agent's browser.
 */
export async function agentOffer(
  ng: RtpengineNg,
  ids: MediaIds,
  customerOffer: string,
  agentTag: string,
): Promise<string> {
  const reply = await ng.command({
    command: 'offer',
    ...base(ids),
    sdp: customerOffer,
    ...TO_WEBRTC,
    ...latch(ids, agentTag, TO_WEBRTC.flags),
  });
  if (!reply.sdp) throw new Error('rtpengine offer without SDP');
  return reply.sdp;
}

/** The agent's WebRTC answer as the plain answer for the customer's ACK, cleaned for carriers. */
export async function customerAnswer(
  ng: RtpengineNg,
  ids: MediaIds,
  agentTag: string,
  agentSdp: string,
): Promise<string> {
  const reply = await ng.command({
    command: 'answer',
    ...base(ids),
    'to-tag': agentTag,
    sdp: agentSdp,
    ...TO_PLAIN,
    ...latch(ids, agentTag),
  });
  if (!reply.sdp) throw new Error('rtpengine answer without SDP');
  return carrierSdp(reply.sdp);
}

/** A send-only peer on the discard port: rtpengine anchors the customer alone, forwarding their audio nowhere. */
const MESSAGE_PEER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=ringside',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 8 0',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=sendonly',
  '',
].join('\r\n');

const MESSAGE_TAG = 'ringside-message';

/** No agent: the customer's media is anchored in rtpengine alone (for the message); the answer for their ACK. */
export async function messageAnswer(ng: RtpengineNg, ids: MediaIds, customerOffer: string): Promise<string> {
  const plain = { 'transport-protocol': 'RTP/AVP', ICE: 'remove', replace: ['origin', 'session-connection'] };
  await ng.command({
    command: 'offer',
    ...base(ids),
    sdp: customerOffer,
    ...plain,
    ...latch(ids, MESSAGE_TAG),
  });
  const reply = await ng.command({
    command: 'answer',
    ...base(ids),
    'to-tag': MESSAGE_TAG,
    sdp: MESSAGE_PEER,
    ...plain,
    ...latch(ids, MESSAGE_TAG),
  });
  if (!reply.sdp) throw new Error('rtpengine answer without SDP');
  return carrierSdp(reply.sdp);
}

/** Plays the WAV to the customer; resolves with its duration in ms (rtpengine's report of the play). */
export async function playToCustomer(ng: RtpengineNg, ids: MediaIds, file: string): Promise<number> {
  const reply = await ng.command({ command: 'play media', ...base(ids), file });
  return typeof reply.duration === 'number' ? reply.duration : 0;
}

/** Frees the call's ports at once (no delete delay); a call rtpengine no longer knows is fine. */
export async function releaseMedia(ng: RtpengineNg, ids: MediaIds): Promise<void> {
  await ng.command({ command: 'delete', 'call-id': ids.callId, 'delete-delay': 0 }).catch(() => undefined);
}
