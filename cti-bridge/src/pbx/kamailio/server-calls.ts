import { Inviter, SessionState } from 'sip.js';
import type { OriginateProgress, OriginateRequest } from '../pbx-adapter';
import { CarrierAnswers } from './carrier-answers';
import { extensionRefusal } from './carrier-prack';
import { agentConnected, agentReoffered } from './server-call-agent';
import { connectAnswered, customerConnected } from './server-call-connect';
import { customerLegMedia } from './server-call-carrier';
import { releaseMedia, type MediaIds } from './server-call-media';
import { ringTransfer } from './server-call-referral';
import { dialFailureOf } from './sip-call';
import {
  attemptHeader,
  MIN_RING_MS,
  type CallHost,
  type ServerCall,
  type ServerCallsDeps,
  type TransferDial,
} from './server-call';

export { CONNECT_WINDOW_MS, KEEPALIVE_MS, MIN_RING_MS, type ServerCallsDeps } from './server-call';

/**
 * Calls the bridge places itself (third-party call control, customer first): the customer is INVITEd without
 * SDP; their 200 OK brings the offer and sip.js waits for the answer before it ACKs — that wait is the connect
 * window, in which a free agent's softphone is rung with the customer's media and auto-answers. Nobody in time:
 * rtpengine anchors the customer alone, plays the campaign's message, and the call is hung up as abandoned.
 * This class keeps the calls and their customer legs; connecting (server-call-connect.ts), the agent's leg
 * (server-call-agent.ts) and transfers (server-call-referral.ts) work on a call through its `CallHost`.
 */
export class ServerCalls {
  private readonly calls = new Map<string, ServerCall>();
  private readonly bySipId = new Map<string, string>();
  /** Transfers to outside numbers by their leg's SIP Call-ID (the edge's gate asks about them). */
  private readonly transferDials = new Map<string, TransferDial>();
  private readonly host: CallHost;

  constructor(private readonly deps: ServerCallsDeps) {
    this.host = {
      deps,
      end: (call) => this.end(call),
      report: (call, outcome) => this.report(call, outcome),
      rekey: (call, hubCallId) => {
        this.calls.delete(call.hubCallId);
        call.hubCallId = hubCallId;
        this.calls.set(hubCallId, call);
        this.bySipId.set(call.ids.callId, hubCallId);
      },
      agentConnected: (call, leg) => agentConnected(this.host, call, leg),
      trackSip: (call, sipCallId, dial) => {
        this.bySipId.set(sipCallId, call.hubCallId);
        this.transferDials.set(sipCallId, dial);
      },
      agentReoffered: (call, agentTag, sdp) => agentReoffered(this.host, call, agentTag, sdp),
      stopMusic: async (call) => {
        const { callId, customerTag } = call.ids;
        await deps.ng
          .command({ command: 'stop media', 'call-id': callId, 'from-tag': customerTag })
          .catch(() => undefined);
      },
    };
  }

  get size(): number {
    return this.calls.size;
  }

  has(callId: string): boolean {
    return this.calls.has(callId);
  }

  /**
   * rtpengine's ids of the call's media (listening in, recording, tests), while the call lasts, with the agent's
   * side (its leg's From-tag, rtpengine's to-tag) once an agent is connected.
   */
  mediaOf(callId: string): (MediaIds & { agentTag: string | null }) | null {
    const call = this.calls.get(callId);
    if (!call) return null;
    return {
      ...call.ids,
      agentTag: call.phase === 'connected' ? (call.agentLeg?.dialog?.localTag ?? null) : null,
    };
  }

  /** The bridge's request behind a customer leg Kamailio asks the edge's gate about (by its SIP Call-ID). */
  requestOf(sipCallId: string): OriginateRequest | null {
    const callId = this.bySipId.get(sipCallId);
    return callId === undefined ? null : (this.calls.get(callId)?.request ?? null);
  }

  /** A transfer's leg to an outside number, by its SIP Call-ID: the edge gates it as the agent's own dial. */
  transferDialOf(sipCallId: string): TransferDial | null {
    return this.transferDials.get(sipCallId) ?? null;
  }

  originate(request: OriginateRequest): boolean {
    const { ua } = this.deps;
    if (this.calls.has(request.callId) || !ua.isConnected()) return false;
    const trunkOffer = this.deps.trunkOffer ?? 'delayed';
    const early = trunkOffer === 'early';
    const customer = new Inviter(ua.ua, ua.uri(request.to), {
      inviteWithoutSdp: !early,
      params: request.callerId ? { fromUri: ua.uri(request.callerId) } : {},
      extraHeaders: [
        'X-Ringside-Dialer: 1',
        'X-Ringside-Leg: customer',
        `X-Ringside-Attempt: ${attemptHeader(request)}`,
      ],
    });
    const ids = {
      callId: customer.request.callId,
      customerTag: customer.request.fromTag,
      ...(early ? { latched: true } : {}),
    };
    const call: ServerCall = {
      request,
      customer,
      ids,
      phase: 'dialing',
      reported: false,
      ringing: false,
      offer: null,
      localSdp: null,
      agentSdp: null,
      hubCallId: request.callId,
      transfer: null,
      agentId: null,
      outside: null,
      attended: null,
      replacedBy: null,
      carrier: new CarrierAnswers(this.deps.ng, ids, trunkOffer, this.deps.log, request.callId),
      pickedUpAt: 0,
      agentLeg: null,
      ringTimer: null,
      keepalive: null,
      customerKeepalive: null,
      released: false,
      held: false,
    };
    this.calls.set(request.callId, call);
    this.bySipId.set(call.ids.callId, request.callId);
    this.deps.prepareMessage?.(request.campaignId, request.abandonMessage ?? null);
    const host = this.host;
    ua.attach(
      customer,
      customerLegMedia(host, call, early, (sdp) => this.pickedUp(call, sdp)),
    );
    customer.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (early) void connectAnswered(host, call);
        else if (call.carrier.answeredEarly) {
          // the 200 OK (ACKed without SDP) after a PRACK exchange: answered now, the connect window starts
          this.pickedUp(call, call.offer ?? '');
          void connectAnswered(host, call);
        } else customerConnected(host, call);
      }
      if (state === SessionState.Terminated) this.customerGone(call);
    });
    call.ringTimer = setTimeout(
      () => {
        if (call.phase !== 'dialing' && call.phase !== 'ringing') return;
        this.report(call, 'no-answer');
        // the bridge is done with it now: ended here (CANCEL, media freed), not when the CANCEL's fate is known —
        // a carrier that vanished while ringing answers neither, and Kamailio would hold the INVITE 120 s
        this.end(call);
      },
      Math.max(MIN_RING_MS, request.ringTimeoutMs),
    );
    this.invite(call);
    return true;
  }

  /** The bridge ends the call (the agent hung up from the console, a machine, the bridge stops): silently. */
  hangup(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    call.released = true;
    this.end(call);
  }

  stop(): void {
    for (const callId of [...this.calls.keys()]) this.hangup(callId);
  }

  /** The hub rings a transferred customer's target (`PbxAdapter.ringAgent`); false when it is no such leg. */
  ringTransfer(callId: string, agentId: number, ringMs: number): boolean {
    const call = this.calls.get(callId);
    if (!call || call.hubCallId !== callId) return false;
    return ringTransfer(this.host, call, agentId, ringMs);
  }

  /** The hub gives a ringing transfer up (`stopRinging`): the leg fails as rejected. */
  stopTransfer(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call?.transfer || call.hubCallId !== callId) return false;
    call.transfer.leg.abandon();
    return true;
  }

  /** Sends the customer's INVITE: its ringing is reported once, a final refusal as the outcome it means. */
  private invite(call: ServerCall): void {
    const { request, customer } = call;
    customer
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode ?? 0;
            if ((code === 180 || code === 183) && !call.ringing) {
              call.ringing = true;
              if (call.phase === 'dialing') call.phase = 'ringing';
              this.progress(call, 'ringing');
            }
          },
          onReject: (response) => {
            const { message } = response;
            const code = message.statusCode ?? 500;
            const reason = extensionRefusal(code, {
              unsupported: message.getHeader('unsupported'),
              require: message.getHeader('require'),
            });
            this.deps.log.info('dialer: customer leg not answered', {
              callId: request.callId,
              code,
              ...(reason === null ? {} : { reason }),
            });
            this.report(call, dialFailureOf(code));
          },
        },
      })
      .then((outgoing) => call.carrier.watch(outgoing))
      .catch(() => this.report(call, 'failed'));
  }

  private pickedUp(call: ServerCall, sdp: string): void {
    call.offer = sdp;
    call.pickedUpAt = this.deps.now();
    call.phase = 'connecting';
    if (call.ringTimer) clearTimeout(call.ringTimer);
  }

  /** The customer's leg is over: unanswered (its outcome), hung up by the customer, or ended by the bridge. */
  private customerGone(call: ServerCall): void {
    if ((call.phase === 'connected' || call.phase === 'transferring') && !call.released)
      this.deps.events()?.callerHungUp(call.hubCallId, this.deps.now());
    // answered on an early-offer trunk and gone before anyone took them: an abandoned call
    if (call.phase === 'connecting' && call.ids.latched) this.report(call, 'abandoned');
    // an unanswered leg's outcome comes from its final response, which sip.js hands over right after this
    setImmediate(() => {
      if (!call.reported) this.report(call, 'failed');
      this.end(call);
    });
  }

  /** Ends whatever is left of both legs and frees the media; reports nothing further. */
  private end(call: ServerCall): void {
    if (call.phase === 'ended') return;
    call.phase = 'ended';
    if (call.ringTimer) clearTimeout(call.ringTimer);
    if (call.keepalive) clearInterval(call.keepalive);
    if (call.customerKeepalive) clearInterval(call.customerKeepalive);
    call.released = true;
    const { customer, agentLeg } = call;
    if (customer.state === SessionState.Established) void customer.bye().catch(() => undefined);
    else if (customer.state === SessionState.Establishing) void customer.cancel().catch(() => undefined);
    if (agentLeg?.state === SessionState.Established) void agentLeg.bye().catch(() => undefined);
    if (call.outside) {
      call.outside.leg.end();
      if (call.outside.from.state === SessionState.Established)
        void call.outside.from.bye().catch(() => undefined);
      this.bySipId.delete(call.outside.leg.sipCallId);
      this.transferDials.delete(call.outside.leg.sipCallId);
      call.outside = null;
    }
    if (call.attended) {
      call.attended.leg.end();
      call.attended = null;
    }
    if (call.transfer) {
      call.transfer.leg.abandon();
      if (call.transfer.from.state === SessionState.Established)
        void call.transfer.from.bye().catch(() => undefined);
      call.transfer = null;
    }
    this.calls.delete(call.request.callId);
    this.calls.delete(call.hubCallId);
    this.bySipId.delete(call.ids.callId);
    void releaseMedia(this.deps.ng, call.ids);
  }

  private report(call: ServerCall, outcome: Exclude<OriginateProgress, 'ringing'>): void {
    if (call.reported || call.released) return;
    call.reported = true;
    this.progress(call, outcome);
  }

  private progress(call: ServerCall, progress: OriginateProgress): void {
    if (call.released) return;
    this.deps.events()?.outboundProgress(call.request.callId, progress, this.deps.now());
  }
}
