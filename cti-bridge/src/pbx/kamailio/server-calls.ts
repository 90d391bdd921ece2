import { basename } from 'node:path';
import { Inviter, SessionState, type Referral, type Session } from 'sip.js';
import type { Logger } from '../../logger';
import type { AgentDirectory, OriginateProgress, OriginateRequest, PbxEvents } from '../pbx-adapter';
import { ringAgentLeg } from './agent-leg';
import type { DialerUserAgent } from './dialer-user-agent';
import type { RtpengineNg } from './rtpengine-ng';
import { agentReoffer, holdCustomer, resumeCustomer } from './server-call-hold';
import { TransferLeg, type TransferRing } from './server-call-transfer';
import { messageAnswer, playToCustomer, releaseMedia, type MediaIds } from './server-call-media';
import { dialFailureOf } from './sip-call';
import { CarrierAnswers } from './carrier-answers';
import { carrierOffer, type TrunkOffer } from './trunk-offer';

/** The law's minimum ring time for a placed call (US TSR: 15 s or four rings); shorter requests are raised to it. */
export const MIN_RING_MS = 15_000;
/** From the customer's answer to their connection to an agent, or else the message (US TSR / Ofcom: 2 s). */
export const CONNECT_WINDOW_MS = 2_000;
/** Kept back from the window for the message's own setup (two rtpengine commands and the ACK) under load. */
const MESSAGE_MARGIN_MS = 200;
/** How often a connected agent leg is checked: a phone that died (no BYE) ends the call within about this long. */
export const KEEPALIVE_MS = 15_000;
/** Replies to the keepalive that only say INFO is not welcome: the phone is there. */
const PHONE_THERE = [405, 415, 420, 488, 501];

type Phase = 'dialing' | 'ringing' | 'connecting' | 'connected' | 'transferring' | 'message' | 'ended';

interface ServerCall {
  request: OriginateRequest;
  customer: Inviter;
  ids: MediaIds;
  phase: Phase;
  /** The final outcome was reported (at most once per call). */
  reported: boolean;
  ringing: boolean;
  /** The customer's SDP the call is connected with: their offer (200 OK), or on an early-offer trunk their answer. */
  offer: string | null;
  /** Every SDP the carrier sent on this leg (183s, 200 OK). */
  carrier: CarrierAnswers;
  pickedUpAt: number;
  agentLeg: Session | null;
  ringTimer: NodeJS.Timeout | null;
  keepalive: NodeJS.Timeout | null;
  /** The bridge ended it (hangup, stop): nothing more is reported. */
  released: boolean;
  /** The agent's softphone holds the customer (its last re-INVITE offered sendonly or inactive). */
  held: boolean;
  /** The call's id in the hub: the bridge's call id, then a blind transfer's new leg (its SIP Call-ID). */
  hubCallId: string;
  /** A blind transfer in progress: the target's leg, and the first agent's leg (ended once the transfer is over). */
  transfer: { leg: TransferLeg; from: Session } | null;
}

export interface ServerCallsDeps {
  ua: DialerUserAgent;
  ng: RtpengineNg;
  events: () => PbxEvents | null;
  directory: () => AgentDirectory | null;
  /** The WAV an abandoned customer of this campaign hears (its message text, when it has one). */
  messageFile: (campaignId: number, text: string | null) => string;
  /** Called when a call is placed, so the campaign's message is ready (synthesised) before anyone can abandon. */
  prepareMessage?: (campaignId: number, text: string | null) => void;
  /** The INVITE toward the carrier without SDP (default) or with an offer rtpengine made. */
  trunkOffer?: TrunkOffer;
  /** The WAV a held customer hears, looped; null: silence. */
  holdMusic?: () => string | null;
  now: () => number;
  log: Logger;
  connectWindowMs?: number;
  keepaliveMs?: number;
}

const attemptHeader = (r: OriginateRequest) => `${r.campaignId};${r.leadId};${r.attemptId}`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Calls the bridge places itself (third-party call control, customer first): the customer is INVITEd without
 * SDP; their 200 OK brings the offer and sip.js waits for the answer before it ACKs — that wait is the connect
 * window, in which a free agent's softphone is rung with the customer's media and auto-answers. Nobody in time:
 * rtpengine anchors the customer alone, plays the campaign's message, and the call is hung up as abandoned.
 */
export class ServerCalls {
  private readonly calls = new Map<string, ServerCall>();
  private readonly bySipId = new Map<string, string>();

  constructor(private readonly deps: ServerCallsDeps) {}

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
      hubCallId: request.callId,
      transfer: null,
      carrier: new CarrierAnswers(this.deps.ng, ids, trunkOffer, this.deps.log, request.callId),
      pickedUpAt: 0,
      agentLeg: null,
      ringTimer: null,
      keepalive: null,
      released: false,
      held: false,
    };
    this.calls.set(request.callId, call);
    this.bySipId.set(call.ids.callId, request.callId);
    this.deps.prepareMessage?.(request.campaignId, request.abandonMessage ?? null);
    ua.attach(
      customer,
      early
        ? {
            local: () => carrierOffer(this.deps.ng, call.ids),
            remote: async (answer) => {
              const sdp = call.carrier.latest ?? answer;
              this.pickedUp(call, sdp);
              await call.carrier.apply(sdp);
            },
          }
        : {
            // sip.js hands over the first offer it saw (a 183's): the 200 OK's is the one to answer
            remote: async (offer) => this.pickedUp(call, call.carrier.latest ?? offer),
            local: () => this.connect(call),
          },
    );
    customer.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (early) void this.connectAnswered(call);
        else this.customerConnected(call);
      }
      if (state === SessionState.Terminated) this.customerGone(call);
    });
    call.ringTimer = setTimeout(
      () => {
        if (call.phase !== 'dialing' && call.phase !== 'ringing') return;
        this.report(call, 'no-answer');
        void customer.cancel().catch(() => undefined);
      },
      Math.max(MIN_RING_MS, request.ringTimeoutMs),
    );
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
            const code = response.message.statusCode ?? 500;
            this.deps.log.info('dialer: customer leg not answered', { callId: request.callId, code });
            this.report(call, dialFailureOf(code));
          },
        },
      })
      .then((outgoing) => call.carrier.watch(outgoing))
      .catch(() => this.report(call, 'failed'));
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

  private pickedUp(call: ServerCall, sdp: string): void {
    call.offer = sdp;
    call.pickedUpAt = this.deps.now();
    call.phase = 'connecting';
    if (call.ringTimer) clearTimeout(call.ringTimer);
  }

  /** An early-offer customer answered (their 200 OK was ACKed): connect them within the window, or the message. */
  private async connectAnswered(call: ServerCall): Promise<void> {
    try {
      await this.connect(call);
    } catch (error) {
      if (!call.released)
        this.deps.log.warn('dialer: answered customer not connected', {
          callId: call.request.callId,
          error: String(error),
        });
      this.end(call);
      return;
    }
    this.customerConnected(call);
  }

  /** Runs inside sip.js's wait for the ACK's answer: an agent's answer, or the message's; throwing ends the call. */
  private async connect(call: ServerCall): Promise<string> {
    const { request } = call;
    const windowMs = this.deps.connectWindowMs ?? CONNECT_WINDOW_MS;
    const deadline = call.pickedUpAt + windowMs - MESSAGE_MARGIN_MS;
    const tried: number[] = [];
    const offer = call.offer ?? '';
    while (this.deps.now() < deadline && !call.released) {
      const agentId = this.nextAgent(call, tried);
      if (agentId === null) {
        await sleep(50);
        continue;
      }
      tried.push(agentId);
      const sipUser = this.deps.directory()?.sipUsernameOf(agentId) ?? null;
      if (sipUser === null) continue;
      const result = await ringAgentLeg(this.deps.ua, this.deps.ng, call.ids, {
        sipUser,
        customer: request.to,
        customerOffer: offer,
        callId: request.callId,
        attemptHeader: attemptHeader(request),
        budgetMs: Math.max(100, deadline - this.deps.now()),
        reoffer: (agentTag, sdp) => this.agentReoffered(call, agentTag, sdp),
      });
      if (!result.ok) {
        this.deps.log.info('dialer: agent leg failed', {
          callId: request.callId,
          agentId,
          reason: result.reason,
        });
        continue;
      }
      if (call.released) {
        void result.leg.bye().catch(() => undefined);
        break;
      }
      this.agentConnected(call, result.leg);
      return result.customerAnswer;
    }
    if (call.released) throw new Error('released');
    call.phase = 'message';
    this.report(call, 'abandoned');
    return messageAnswer(this.deps.ng, call.ids, offer);
  }

  /**
   * The agent's softphone re-INVITEs (hold, resume): answered through rtpengine alone (no re-INVITE toward the
   * carrier); on hold the customer stops hearing the agent and hears the hold music, on resume the agent again.
   */
  private async agentReoffered(call: ServerCall, agentTag: string, sdp: string): Promise<string> {
    const { ng, log } = this.deps;
    const { answer, hold } = await agentReoffer(ng, call.ids, agentTag, sdp, call.offer ?? '');
    if (hold === call.held || call.phase !== 'connected') return answer;
    call.held = hold;
    try {
      if (hold) await holdCustomer(ng, call.ids, agentTag, this.deps.holdMusic?.() ?? null);
      else await resumeCustomer(ng, call.ids, agentTag);
    } catch (error) {
      log.warn('dialer: hold media not switched', {
        callId: call.request.callId,
        hold,
        error: String(error),
      });
    }
    log.info('dialer: agent hold', { callId: call.request.callId, hold });
    this.deps.events()?.callHeld?.(call.hubCallId, hold, this.deps.now());
    return answer;
  }

  /** An agent's leg now carries the customer: its BYE, hold and transfer are this call's. */
  private agentConnected(call: ServerCall, leg: Session): void {
    call.agentLeg = leg;
    call.phase = 'connected';
    // handled here: sip.js would otherwise follow the REFER itself, with a leg that has no media
    leg.delegate = { onRefer: (referral) => this.referred(call, leg, referral) };
    leg.stateChange.addListener((state) => {
      if (state === SessionState.Terminated) this.agentGone(call, leg);
    });
  }

  /**
   * The agent's softphone transfers the customer (blind REFER) to another agent: accepted (202), the first agent's
   * call is over for the hub (`agentHungUp`), and the customer goes on as a transferred leg the hub rings at the
   * target (`transferredCall`, then `ringAgent`), hearing the hold music meanwhile. Anything else is refused (603).
   */
  private referred(call: ServerCall, leg: Session, referral: Referral): void {
    const events = this.deps.events();
    const target = referral.referTo.uri.user ?? '';
    const agentId = this.deps.directory()?.agentIdOf(target) ?? null;
    if (call.phase !== 'connected' || leg !== call.agentLeg || agentId === null || !events) {
      this.deps.log.info('dialer: transfer refused', {
        callId: call.request.callId,
        known: agentId !== null,
      });
      void referral.reject({ statusCode: 603 }).catch(() => undefined);
      return;
    }
    void referral.accept().catch(() => undefined);
    const { ua, ng } = this.deps;
    const transfer = new TransferLeg(ua, ng, call.ids, {
      sipUser: target,
      customer: call.request.to,
      customerSdp: call.offer ?? '',
      attemptHeader: attemptHeader(call.request),
    });
    const fromCallId = call.hubCallId;
    call.phase = 'transferring';
    call.agentLeg = null;
    call.transfer = { leg: transfer, from: leg };
    this.calls.delete(fromCallId);
    call.hubCallId = transfer.callId;
    this.calls.set(transfer.callId, call);
    if (!call.held) {
      call.held = true;
      const agentTag = leg.dialog?.localTag ?? '';
      void holdCustomer(ng, call.ids, agentTag, this.deps.holdMusic?.() ?? null).catch(() => undefined);
    }
    this.deps.log.info('dialer: blind transfer', { callId: call.request.callId, agentId });
    const now = this.deps.now();
    events.agentHungUp(fromCallId, now);
    events.transferredCall({ callId: transfer.callId, fromCallId, agentId, kind: 'blind', at: now });
  }

  /** The hub rings a transferred customer's target (`PbxAdapter.ringAgent`); false when it is no such leg. */
  ringTransfer(callId: string, agentId: number, ringMs: number): boolean {
    const call = this.calls.get(callId);
    const transfer = call?.transfer;
    if (!call || !transfer || call.phase !== 'transferring' || call.hubCallId !== callId) return false;
    void transfer.leg.ring(ringMs).then((result) => this.transferRang(call, agentId, result));
    return true;
  }

  /** The hub gives a ringing transfer up (`stopRinging`): the leg fails as rejected. */
  stopTransfer(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call?.transfer || call.hubCallId !== callId) return false;
    call.transfer.leg.abandon();
    return true;
  }

  private transferRang(call: ServerCall, agentId: number, result: TransferRing): void {
    const transfer = call.transfer;
    if (!transfer || call.released || call.phase !== 'transferring') return;
    call.transfer = null;
    if (transfer.from.state === SessionState.Established) void transfer.from.bye().catch(() => undefined);
    const events = this.deps.events();
    const now = this.deps.now();
    if (result !== 'answered') {
      // as for an inbound caller whose transfer failed: the leg is over, and the customer with it
      this.deps.log.info('dialer: transfer not taken', { callId: call.request.callId, result });
      events?.ringFailed(call.hubCallId, agentId, result === 'timeout' ? 'no-answer' : 'rejected', now);
      call.released = true;
      this.end(call);
      return;
    }
    call.held = false;
    void transfer.leg.connected();
    this.agentConnected(call, transfer.leg.leg);
    events?.answered(call.hubCallId, agentId, now);
  }

  /** The agent the call was placed for first, then whoever the bridge has free (never one that failed it). */
  private nextAgent(call: ServerCall, tried: readonly number[]): number | null {
    const own = call.request.agentId;
    if (own !== null && !tried.includes(own)) return own;
    return (
      this.deps.events()?.agentForAnswered?.(call.request.callId, call.request.campaignId, tried) ?? null
    );
  }

  private customerConnected(call: ServerCall): void {
    if (call.phase === 'connected') {
      const connectMs = this.deps.now() - call.pickedUpAt;
      this.deps.log.debug('dialer: connected', {
        callId: call.request.callId,
        connectMs,
        pickedUpAt: call.pickedUpAt,
      });
      this.report(call, 'answered');
      this.keepAlive(call);
      return;
    }
    if (call.phase !== 'message') return;
    this.deps.log.debug('dialer: message answer', {
      callId: call.request.callId,
      connectMs: this.deps.now() - call.pickedUpAt,
    });
    const file = this.deps.messageFile(call.request.campaignId, call.request.abandonMessage ?? null);
    void playToCustomer(this.deps.ng, call.ids, file)
      .catch((error: unknown) => {
        this.deps.log.warn('dialer: message not played', {
          callId: call.request.callId,
          error: String(error),
        });
        return 0;
      })
      .then(async (durationMs) => {
        this.deps.log.info('dialer: message played', {
          callId: call.request.callId,
          durationMs,
          file: basename(file),
        });
        await sleep(durationMs + 300);
        this.end(call);
      });
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

  /**
   * An agent's phone that dies mid-call (browser closed, machine off) sends no BYE: a body-less in-dialog INFO
   * every `keepaliveMs` finds it gone (Kamailio cannot reach it, or the phone no longer knows the dialog), and the
   * call ends as if the agent hung up — no customer is left connected to nobody.
   */
  private keepAlive(call: ServerCall): void {
    const every = this.deps.keepaliveMs ?? KEEPALIVE_MS;
    call.keepalive = setInterval(() => {
      const leg = call.agentLeg;
      if (!leg || leg.state !== SessionState.Established) return;
      const gone = (code: number) => {
        if (call.phase !== 'connected') return;
        this.deps.log.info('dialer: agent phone gone', { callId: call.request.callId, code });
        this.agentGone(call, leg);
      };
      void leg
        .info({
          requestDelegate: {
            onReject: (response) => {
              const code = response.message.statusCode ?? 0;
              if (!PHONE_THERE.includes(code)) gone(code);
            },
          },
        })
        .catch(() => gone(0));
    }, every);
  }

  /** The connected agent's leg ended (BYE, or its phone gone); a leg the call no longer uses (transferred) is let go. */
  private agentGone(call: ServerCall, leg: Session): void {
    if (leg !== call.agentLeg) return;
    if (call.phase === 'connected' && !call.released)
      this.deps.events()?.agentHungUp(call.hubCallId, this.deps.now());
    this.end(call);
  }

  /** Ends whatever is left of both legs and frees the media; reports nothing further. */
  private end(call: ServerCall): void {
    if (call.phase === 'ended') return;
    call.phase = 'ended';
    if (call.ringTimer) clearTimeout(call.ringTimer);
    if (call.keepalive) clearInterval(call.keepalive);
    call.released = true;
    const { customer, agentLeg } = call;
    if (customer.state === SessionState.Established) void customer.bye().catch(() => undefined);
    else if (customer.state === SessionState.Establishing) void customer.cancel().catch(() => undefined);
    if (agentLeg?.state === SessionState.Established) void agentLeg.bye().catch(() => undefined);
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
