import type { MediaFork } from '../pbx-adapter';
import { NgError, type RtpengineNg } from './rtpengine-ng';

/**
 * How a subscription's media reaches a browser: DTLS-SRTP with ICE, one transport (rtcp-mux), each party's m= line
 * marked with a mid. A bare subscription mirrors plain RTP/AVP, which no browser takes.
 */
const WEBRTC_SUBSCRIPTION = {
  'transport-protocol': 'UDP/TLS/RTP/SAVPF',
  ICE: 'force',
  DTLS: 'passive',
  SDES: ['off'],
  'rtcp-mux': ['require'],
  flags: ['generate-mid'],
} as const;

/**
 * rtpengine's subscription offer as a browser takes it: its m= lines all carry `a=mid:1`, renumbered 0..n-1
 * (rtpengine accepts the answer so); and rtpengine does not take the controlling ICE role on subscriptions, so
 * both ends would be controlled and about half the transports never get nominated — declaring it ice-lite makes
 * the browser the controlling agent.
 */
export function browserReadyOffer(sdp: string): string {
  let mid = 0;
  const renumbered = sdp.replace(/^a=mid:.*$/gm, () => `a=mid:${mid++}`);
  if (/^a=ice-lite/m.test(renumbered)) return renumbered;
  return renumbered.replace(/^(t=.*\r?\n)/m, '$1a=ice-lite\r\n');
}

/** The media session of a call as rtpengine knows it (its call id; the parties' tags when the bridge knows them). */
export interface CallMedia {
  callId: string;
  tags?: readonly string[];
}

/**
 * Listening in through rtpengine (which carries every call's media, see kamailio.cfg): `subscribe request` for the
 * parties of the call → a send-only offer for the supervisor's page; its answer → `subscribe answer`; `unsubscribe`
 * when the supervisor stops, and `delete` of the whole media session when the call ended (a subscription would
 * otherwise keep rtpengine's call alive for an hour: Kamailio's rtpengine_delete removes only the BYE's side).
 */
export class RtpengineListenIn implements MediaFork {
  /** rtpengine call id → the to-tags of this bridge's subscriptions on it (not parties to subscribe to). */
  private readonly subscriptions = new Map<string, Set<string>>();
  /** Media sessions this bridge deleted at their call's end (for a minute). */
  private readonly ended = new Set<string>();
  /**
   * Each subscription's media session, by its handle: answered and ended on the session it was made on, even after
   * the call is gone from whoever mapped the bridge's call id to it (a server-placed call, an agent's dial).
   */
  private readonly byHandle = new Map<string, string>();

  constructor(
    private readonly ng: RtpengineNg,
    /** The media session of a bridge call (a server-placed call has its own); default: the SIP Call-ID. */
    private readonly mediaOf: (callId: string) => CallMedia = (callId) => ({ callId }),
  ) {}

  async subscribe(callId: string): Promise<{ offer: string; handle: string }> {
    const media = this.mediaOf(callId);
    const ours = this.subscriptions.get(media.callId) ?? new Set<string>();
    const parties = media.tags ?? (await this.partiesOf(media.callId, ours));
    if (parties.length === 0) throw new NgError('subscribe request', 'the call has no media in rtpengine');
    const reply = await this.ng.command({
      command: 'subscribe request',
      'call-id': media.callId,
      'from-tags': [...parties],
      ...WEBRTC_SUBSCRIPTION,
      flags: [...WEBRTC_SUBSCRIPTION.flags],
      SDES: [...WEBRTC_SUBSCRIPTION.SDES],
      'rtcp-mux': [...WEBRTC_SUBSCRIPTION['rtcp-mux']],
    });
    const handle = reply['to-tag'];
    if (typeof reply.sdp !== 'string' || typeof handle !== 'string')
      throw new NgError('subscribe request', 'no offer in the reply');
    ours.add(handle);
    this.subscriptions.set(media.callId, ours);
    this.byHandle.set(handle, media.callId);
    return { offer: browserReadyOffer(reply.sdp), handle };
  }

  async answer(callId: string, handle: string, sdp: string): Promise<void> {
    await this.ng.command({
      command: 'subscribe answer',
      'call-id': this.byHandle.get(handle) ?? this.mediaOf(callId).callId,
      'to-tag': handle,
      sdp,
    });
  }

  async unsubscribe(callId: string, handle: string, callEnded: boolean): Promise<void> {
    const media = { callId: this.byHandle.get(handle) ?? this.mediaOf(callId).callId };
    this.byHandle.delete(handle);
    const ours = this.subscriptions.get(media.callId);
    ours?.delete(handle);
    if (ours?.size === 0) this.subscriptions.delete(media.callId);
    if (!callEnded) {
      await this.ng.command({ command: 'unsubscribe', 'call-id': media.callId, 'to-tag': handle });
      return;
    }
    // the call is over: its whole media session goes (once — another listener's end finds it gone already)
    if (!this.ended.has(media.callId)) {
      this.ended.add(media.callId);
      setTimeout(() => this.ended.delete(media.callId), 60_000).unref();
      this.subscriptions.delete(media.callId);
      await this.ng
        .command({ command: 'unsubscribe', 'call-id': media.callId, 'to-tag': handle })
        .catch(() => null);
      // a server-placed call's own end may have deleted it first: that is the same result
      await this.ng
        .command({ command: 'delete', 'call-id': media.callId, 'delete-delay': 0 })
        .catch((error: unknown) => {
          if (!/unknown call/i.test(String(error))) throw error;
        });
    }
  }

  /** The call's parties: every monologue rtpengine has for it that is not one of this bridge's subscriptions. */
  private async partiesOf(rtpCallId: string, ours: ReadonlySet<string>): Promise<string[]> {
    const reply = await this.ng.command({ command: 'query', 'call-id': rtpCallId });
    const tags = reply['tags'];
    if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return [];
    return Object.keys(tags).filter((tag) => tag !== '' && !ours.has(tag));
  }
}
