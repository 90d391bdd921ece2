import { Inviter } from 'sip.js';
import { carrierSdp } from './carrier-sdp';
import type { DialerUserAgent } from './dialer-user-agent';
import type { RtpengineNg } from './rtpengine-ng';
import type { MediaIds } from './server-call-media';
import { endTransferLeg, ringTransferLeg, type TransferRing } from './server-call-ring';
import { LATCHED } from './trunk-offer';

const PLAIN = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  DTLS: 'off',
  'rtcp-mux': ['demux'],
  SDES: ['off'],
  replace: ['origin', 'session-connection'],
};

/**
 * The leg of a transfer to an outside number: the bridge's INVITE through Kamailio to the gateway (a customer leg
 * of the same attempt, so the edge gates it again and Kamailio follows it like the first), with an offer rtpengine
 * makes from the customer's side (plain RTP both ways: a new peer of the customer, whose ports are kept). The
 * customer is not re-INVITEd. Made before it is sent, so the edge's gate finds it by its SIP Call-ID.
 */
export class OutsideLeg {
  readonly leg: Inviter;

  constructor(
    ua: DialerUserAgent,
    private readonly ng: RtpengineNg,
    private readonly ids: MediaIds,
    request: { number: string; callerId: string; customerSdp: string; attemptHeader: string },
  ) {
    this.leg = new Inviter(ua.ua, ua.uri(request.number), {
      params: { fromUri: ua.uri(request.callerId) },
      extraHeaders: [
        'X-Ringside-Dialer: 1',
        'X-Ringside-Leg: customer',
        `X-Ringside-Attempt: ${request.attemptHeader}`,
      ],
    });
    const tags = { 'call-id': ids.callId, 'from-tag': ids.customerTag, 'to-tag': this.leg.request.fromTag };
    ua.attach(this.leg, {
      local: async () => {
        const reply = await ng.command({
          command: 'offer',
          ...tags,
          sdp: request.customerSdp,
          ...PLAIN,
          flags: [LATCHED],
        });
        if (!reply.sdp) throw new Error('rtpengine offer without SDP');
        return carrierSdp(reply.sdp);
      },
      remote: async (sdp) => {
        await ng.command({ command: 'answer', ...tags, sdp, ...PLAIN, flags: [LATCHED] });
      },
    });
  }

  get sipCallId(): string {
    return this.leg.request.callId;
  }

  /** Rings the number for at most `ringMs`; a leg given up on is cancelled. */
  ring(ringMs: number): Promise<TransferRing> {
    return ringTransferLeg(this.leg, ringMs);
  }

  /** Ends the leg whatever its state. */
  end(): void {
    endTransferLeg(this.leg);
  }

  /** The customer hears the number they were transferred to: the music of the wait stops. */
  async connected(): Promise<void> {
    await this.ng
      .command({ command: 'stop media', 'call-id': this.ids.callId, 'from-tag': this.ids.customerTag })
      .catch(() => undefined);
  }
}
