import { carrierSdp } from './carrier-sdp';
import type { RtpengineNg } from './rtpengine-ng';
import type { MediaIds } from './server-call-media';

/**
 * How the dialer's INVITE toward the carrier is shaped (`RINGSIDE_TRUNK_OFFER`): `delayed` (no SDP: the customer's
 * 200 OK brings the offer and the ACK the answer) or `early` (the INVITE carries an offer rtpengine made, the
 * carrier's 183/200 answers it). Trunks that refuse INVITEs without SDP need `early`.
 */
export type TrunkOffer = 'delayed' | 'early';

/**
 * rtpengine's tag of the stand-in peer an early offer is made from (per call: rtpengine scopes tags by Call-ID).
 * Its address is the discard port: until an agent (or the message) takes the customer, their audio goes nowhere.
 */
export const TRUNK_PEER_TAG = 'ringside-trunk';

/** The stand-in peer's SDP: the codecs every carrier takes (G.711 both laws, DTMF events), send and receive. */
export const TRUNK_PEER_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=ringside',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 8 0 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

/**
 * Every command of an early-offer call keeps rtpengine's local ports (`port-latching`): the customer was told
 * them in the INVITE and gets no SDP again, while rtpengine would otherwise move them when the peer changes
 * (the stand-in → the agent or the message), leaving the customer sending into a closed port.
 */
export const LATCHED = 'port-latching';

/** A command's flags on a call whose customer must keep rtpengine's ports (see `MediaIds.latched`). */
export function latchedFlags(ids: MediaIds, flags: readonly string[] = []): { flags?: string[] } {
  if (ids.latched) return { flags: [...flags, LATCHED] };
  return flags.length > 0 ? { flags: [...flags] } : {};
}

const TOWARD_CARRIER = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  DTLS: 'off',
  'rtcp-mux': ['demux'],
  SDES: ['off'],
  flags: [LATCHED],
  replace: ['origin', 'session-connection'],
};

/** The SDP of an early-offer INVITE: rtpengine's plain RTP/AVP offer for the customer's side, cleaned for carriers. */
export async function carrierOffer(ng: RtpengineNg, ids: MediaIds): Promise<string> {
  const reply = await ng.command({
    command: 'offer',
    'call-id': ids.callId,
    'from-tag': TRUNK_PEER_TAG,
    sdp: TRUNK_PEER_SDP,
    ...TOWARD_CARRIER,
  });
  if (!reply.sdp) throw new Error('rtpengine offer without SDP');
  return carrierSdp(reply.sdp);
}

/** The carrier's answer (a 183's early one, or the 200 OK's) given to rtpengine: media flows with the customer. */
export async function applyCarrierAnswer(ng: RtpengineNg, ids: MediaIds, sdp: string): Promise<void> {
  await ng.command({
    command: 'answer',
    'call-id': ids.callId,
    'from-tag': TRUNK_PEER_TAG,
    'to-tag': ids.customerTag,
    sdp,
    ...TOWARD_CARRIER,
  });
}

/** Two session descriptions describe the same media when they differ only in line endings or blank lines. */
export function sameSdp(a: string, b: string): boolean {
  const lines = (sdp: string) => sdp.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines(a).join('\n') === lines(b).join('\n');
}

/** What to do with a response's SDP on the customer's leg. */
export type CarrierSdpStep =
  /** An early-offer call's answer (183 or 200) not yet given to rtpengine: give it. */
  | 'apply'
  /** Already given (the 200 OK repeats the 183's SDP, or a retransmission). */
  | 'same'
  /**
   * A delayed-offer call's 183 with SDP: the carrier's offer in an unreliable provisional response. It cannot be
   * answered (only a reliable one is PRACKed), so it is kept: the 200 OK's SDP is the offer that is answered.
   */
  | 'keep'
  /**
   * A delayed-offer call's offer in a reliable 18x (100rel): answered in the PRACK (sip.js asks the leg's
   * `LegMedia.early`); the call's media from then on.
   */
  | 'prack'
  /**
   * After an offer answered in a PRACK, a later response's different SDP: no new offer (RFC 3261 §13.2.1,
   * RFC 6337 §2.2), so it is ignored (and logged); the media stays as the PRACK settled it.
   */
  | 'ignore';

/**
 * The SDPs the carrier sent on one customer leg, newest last. sip.js answers a delayed-offer call with the first
 * offer it saw (a 183's) and applies an early-offer call's first answer only: the dialer uses `latest` instead,
 * so a 200 OK whose SDP differs from the 183's is what the media follows.
 */
export class CarrierSdps {
  private applied: string | null = null;
  private newest: string | null = null;
  /** A delayed-offer call's offer answered in a PRACK (null: none). */
  private prackOffer: string | null = null;

  constructor(private readonly offer: TrunkOffer) {}

  /** The carrier's most recent SDP (null before any). */
  get latest(): string | null {
    return this.newest;
  }

  /** True once a delayed-offer call's offer was answered in a PRACK (the 200 OK then brings no offer). */
  get answeredEarly(): boolean {
    return this.prackOffer !== null;
  }

  /** Records a response's SDP (`reliable`: a 18x sent with 100rel) and says what to do with it. */
  received(sdp: string, final: boolean, reliable = false): CarrierSdpStep {
    if (this.offer === 'delayed') {
      if (this.prackOffer !== null) return sameSdp(this.prackOffer, sdp) ? 'same' : 'ignore';
      this.newest = sdp;
      if (final) return 'apply';
      if (!reliable) return 'keep';
      this.prackOffer = sdp;
      return 'prack';
    }
    this.newest = sdp;
    if (this.applied !== null && sameSdp(this.applied, sdp)) return 'same';
    return 'apply';
  }

  /** The SDP was given to rtpengine. */
  markApplied(sdp: string): void {
    this.applied = sdp;
  }

  /** True when `sdp` is what rtpengine already has. */
  isApplied(sdp: string): boolean {
    return this.applied !== null && sameSdp(this.applied, sdp);
  }
}
