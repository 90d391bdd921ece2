import type { Core } from 'sip.js';
import type { Logger } from '../../logger';
import type { RtpengineNg } from './rtpengine-ng';
import type { MediaIds } from './server-call-media';
import { isReliableProvisional } from './carrier-prack';
import { applyCarrierAnswer, CarrierSdps, type TrunkOffer } from './trunk-offer';

/**
 * The carrier's SDPs on one customer leg, seen before sip.js's session layer (which keeps only the first one):
 * on an early-offer trunk a 183's early answer goes to rtpengine at once (early media flows) and a 200 OK whose SDP
 * differs follows it; on a delayed-offer trunk an unreliable 183's offer is kept and the 200 OK's is the one
 * answered, while a reliable 183's offer is answered in the PRACK and settles the media.
 */
export class CarrierAnswers {
  private readonly sdps: CarrierSdps;
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly ng: RtpengineNg,
    private readonly ids: MediaIds,
    offer: TrunkOffer,
    private readonly log: Logger,
    private readonly callId: string,
  ) {
    this.sdps = new CarrierSdps(offer);
  }

  /** A delayed-offer call's offer was answered in a PRACK: the call is answered at the 200 OK with that media. */
  get answeredEarly(): boolean {
    return this.sdps.answeredEarly;
  }

  /** The carrier's most recent SDP on this leg (null before any). */
  get latest(): string | null {
    return this.sdps.latest;
  }

  /** Looks at every provisional and final response of the customer's INVITE before sip.js handles it. */
  watch(outgoing: Core.OutgoingInviteRequest): void {
    const inner = outgoing.delegate;
    outgoing.delegate = {
      ...inner,
      onProgress: (response) => {
        this.seen(response, false);
        inner?.onProgress?.(response);
      },
      onAccept: (response) => {
        this.seen(response, true);
        inner?.onAccept?.(response);
      },
    };
  }

  /** An early-offer call's answer to rtpengine, in order, once per distinct SDP. */
  apply(sdp: string): Promise<void> {
    const step = this.applying.then(async () => {
      if (this.sdps.isApplied(sdp)) return;
      await applyCarrierAnswer(this.ng, this.ids, sdp);
      this.sdps.markApplied(sdp);
    });
    this.applying = step.catch(() => undefined);
    return step;
  }

  private seen(response: Core.IncomingResponse, final: boolean): void {
    const { message } = response;
    if (!message.body || !/application\/sdp/i.test(message.getHeader('content-type') ?? '')) return;
    const reliable =
      !final &&
      isReliableProvisional(message.statusCode ?? 0, message.getHeader('require'), message.getHeader('rseq'));
    const step = this.sdps.received(message.body, final, reliable);
    if (step === 'keep')
      this.log.info('dialer: a 183 offer kept for the 200 OK (not reliable)', { callId: this.callId });
    if (step === 'prack')
      this.log.info('dialer: a reliable 18x offer answered in the PRACK', { callId: this.callId });
    if (step === 'ignore')
      this.log.warn('dialer: a new SDP after the PRACK exchange ignored', { callId: this.callId, final });
    // a final answer is applied when sip.js hands it over (before its ACK)
    if (step === 'apply' && !final)
      void this.apply(message.body).catch((error: unknown) =>
        this.log.warn('dialer: early answer not applied', { callId: this.callId, error: String(error) }),
      );
  }
}
