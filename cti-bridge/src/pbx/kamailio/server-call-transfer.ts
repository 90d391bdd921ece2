import { Inviter } from 'sip.js';
import type { DialerUserAgent } from './dialer-user-agent';
import type { RtpengineNg } from './rtpengine-ng';
import { agentOffer, customerAnswer, type MediaIds } from './server-call-media';
import { endTransferLeg, ringTransferLeg, type TransferRing } from './server-call-ring';

/**
 * The new agent leg of a blind transfer of a server-placed call: the customer's media (their SDP of the call, via
 * rtpengine, as for the first agent) to the target agent's softphone. Made before it is sent, so its SIP Call-ID is
 * the transferred leg's call id in the hub (the console pairs its pop and its answer button with the phone's line
 * by that id). No `answer-after`: the target's phone rings unless the console auto-answers it. The customer is not
 * re-INVITEd: rtpengine moves their side to the new agent and keeps their ports (`port-latching`).
 */
export class TransferLeg {
  readonly leg: Inviter;
  private agentAnswered = false;
  /** The target's SDP (their answer), once they answered. */
  agentSdp: string | null = null;

  constructor(
    ua: DialerUserAgent,
    private readonly ng: RtpengineNg,
    private readonly ids: MediaIds,
    request: { sipUser: string; customer: string; customerSdp: string; attemptHeader: string },
  ) {
    this.leg = new Inviter(ua.ua, ua.uri(request.sipUser), {
      params: { fromUri: ua.uri(request.customer), fromDisplayName: request.customer },
      extraHeaders: [
        'X-Ringside-Dialer: 1',
        'X-Ringside-Leg: agent',
        `X-Ringside-Attempt: ${request.attemptHeader}`,
      ],
    });
    const tag = this.leg.request.fromTag;
    // a new peer of the customer's side in rtpengine, named by its tag, and the customer's ports kept (they get no
    // SDP again): as on an early-offer call (`MediaIds.latched`)
    const branch = { ...ids, latched: true };
    ua.attach(this.leg, {
      local: () => agentOffer(ng, branch, request.customerSdp, tag),
      remote: async (sdp) => {
        // the plain answer is for nobody: the customer keeps the ports they have
        await customerAnswer(ng, branch, tag, sdp);
        this.agentSdp = sdp;
        this.agentAnswered = true;
      },
    });
  }

  get callId(): string {
    return this.leg.request.callId;
  }

  /** Rings the target for at most `ringMs`; a leg given up on is cancelled, one that answers too late is ended. */
  ring(ringMs: number): Promise<TransferRing> {
    return ringTransferLeg(this.leg, ringMs, () => this.agentAnswered);
  }

  /** Gives the leg up: cancels it while it rings. */
  abandon(): void {
    endTransferLeg(this.leg);
  }

  /** The customer hears the new agent: the music of the wait stops. */
  async connected(): Promise<void> {
    await this.ng
      .command({ command: 'stop media', 'call-id': this.ids.callId, 'from-tag': this.ids.customerTag })
      .catch(() => undefined);
  }
}
