import type { Logger } from '../../logger';
import type {
  AgentDirectory,
  OriginateRequest,
  PbxAdapter,
  PbxCapabilities,
  PbxEvents,
  HangupWhy,
} from '../pbx-adapter';
import { ATTACHED_HEADERS_MAX } from '../../../protocol/routing-rules.schema';
import { DialerUserAgent } from './dialer-user-agent';
import { EvapiClient } from './evapi-client';
import type { BridgeAction, DialerDialEvent, KamailioEvent } from './evapi-messages.schema';
import { InboundCalls } from './inbound-calls';
import { RtpengineListenIn } from './listen-in';
import { OutsideCalls } from './outside-calls';
import { RtpengineNg } from './rtpengine-ng';
import { releaseMedia } from './server-call-media';
import { ServerCalls } from './server-calls';
import type { TrunkOffer } from './trunk-offer';
import { dialFailureOf, headerSafe, kamailioTimeOf } from './sip-call';

/**
 * How long `start()` waits for Kamailio to tell what it holds (`synced`), so consoles that come back find their
 * calls known; not longer, as Kamailio may be down (the client keeps reconnecting).
 */
const START_SYNC_MAX_MS = 1500;

export interface KamailioPbxOptions {
  evapi: { host: string; port: number };
  log: Logger;
  now?: () => number;
  /** Server-placed calls: the bridge's own SIP user agent (kamailio.cfg DIALER_*) and rtpengine's ng socket. */
  dialer?: KamailioDialerOptions;
  /**
   * rtpengine's ng socket for listening in (supervisors' listen / whisper / barge): when set (or the dialer is),
   * the adapter forks calls' media to supervisors' pages (`mediaFork`).
   */
  rtpengineNg?: { host: string; port: number };
}

export interface KamailioDialerOptions {
  wsUri: string;
  domain: string;
  /** kamailio.cfg DIALER_USER; its HA1 must be in Kamailio's subscriber table (see `dialerHa1`). */
  username: string;
  password: string;
  rtpengineNg: { host: string; port: number };
  /** The WAV an abandoned customer of the campaign hears (its message text, when it has one). */
  messageFile: (campaignId: number, text: string | null) => string;
  /** Makes the campaign's message ready when a call is placed (synthesis takes longer than the connect window). */
  prepareMessage?: (campaignId: number, text: string | null) => void;
  /** The INVITE toward the carrier: without SDP (`delayed`, the default) or with rtpengine's offer (`early`). */
  trunkOffer?: TrunkOffer;
  /** The WAV a customer hears, looped, while the agent holds them; null or absent: silence. */
  holdMusic?: string | null;
  connectWindowMs?: number;
  /**
   * How often a connected agent leg is checked (an in-dialog INFO; 5 s default) and how long the check waits for
   * the phone's reply (4 s default): a phone gone (no reply, or a reply saying it cannot be reached) ends the
   * agent's side; the customer hears the campaign's message and is hung up.
   */
  keepaliveMs?: number;
  agentKeepaliveReplyMs?: number;
  /**
   * How often a connected customer leg is checked (an in-dialog INFO toward the carrier); no reply within
   * `keepaliveReplyMs` (8 s default) or 408/481 ends the call as hung up by the customer. 30 s default; 0: not checked.
   */
  customerKeepaliveMs?: number;
  keepaliveReplyMs?: number;
}

/**
 * The PBX adapter for Ringside's own Kamailio (kamailio/kamailio.cfg). Kamailio suspends each inbound INVITE
 * and each agent dial and asks over evapi; this adapter turns those events into `PbxEvents` and the bridge's
 * answers into `route` / `reject` / `allow` / `block` decisions for the suspended transaction (t_continue):
 * the calls the bridge routes in `InboundCalls`, the agents' own calls in `OutsideCalls`. The softphone
 * answers, holds and transfers in SIP; the bridge learns of it from Kamailio's dialog events.
 */
export class KamailioPbx implements PbxAdapter {
  readonly kind = 'kamailio' as const;
  private readonly inbound: InboundCalls;
  private readonly client: EvapiClient;
  private readonly now: () => number;
  private events: PbxEvents | null = null;
  private directory: AgentDirectory | null = null;
  private readonly outside: OutsideCalls;
  private onSynced: (() => void) | null = null;
  /** The attached headers the routing rules read (null: Kamailio keeps its configured list). */
  private headers: string | null = null;
  private readonly dialer: { ua: DialerUserAgent; ng: RtpengineNg; calls: ServerCalls } | null = null;
  /** rtpengine's control socket of listening in when the dialer has none to share. */
  private readonly listenNg: RtpengineNg | null = null;
  readonly mediaFork?: RtpengineListenIn;

  constructor(private readonly options: KamailioPbxOptions) {
    this.now = options.now ?? Date.now;
    const deps = {
      events: () => this.events,
      directory: () => this.directory,
      send: (action: BridgeAction) => this.send(action),
      now: this.now,
      log: options.log,
    };
    this.outside = new OutsideCalls(deps);
    this.inbound = new InboundCalls(deps);
    const dialer = options.dialer;
    if (dialer) {
      const ua = new DialerUserAgent(dialer);
      const ng = new RtpengineNg(dialer.rtpengineNg);
      const calls = new ServerCalls({
        ...deps,
        ua,
        ng,
        messageFile: dialer.messageFile,
        holdMusic: () => dialer.holdMusic ?? null,
        ...windowOf(dialer),
      });
      this.dialer = { ua, ng, calls };
    }
    const ng = this.dialer?.ng ?? (options.rtpengineNg ? new RtpengineNg(options.rtpengineNg) : null);
    if (ng) {
      if (!this.dialer) this.listenNg = ng;
      // a server-placed call's media session is its own (the bridge's user agent set it up, so it knows both
      // parties' tags); any other call's is its SIP Call-ID, whose parties rtpengine is asked for
      this.mediaFork = new RtpengineListenIn(ng, (callId) => {
        const media = this.serverCallMedia(callId);
        if (!media) return { callId };
        return media.agentTag ? { callId: media.callId, tags: [media.customerTag, media.agentTag] } : media;
      });
    }
    this.client = new EvapiClient({
      ...options.evapi,
      log: options.log,
      onEvent: (event) => this.handle(event),
      onConnectionChange: (up) => {
        // Decisions sent while down were lost; Kamailio offers every still-waiting call again on the reconnect.
        if (up && this.inbound.size > 0)
          options.log.info('evapi: reconnected with calls in progress', { calls: this.inbound.size });
        // a restarted Kamailio starts from its configured list: tell it the rules' set again
        if (up && this.headers !== null) this.send({ action: 'attached-headers', headers: this.headers });
      },
    });
  }

  capabilities(): PbxCapabilities {
    // Preview and progressive calls are placed by the agent's softphone on the bridge's command (the edge gates
    // them with the attempt's ids); with the dialer configured the bridge places calls itself as a SIP user agent.
    const server = this.dialer !== null;
    return {
      answerFromConsole: false,
      ringTimeoutInPbx: true,
      hold: true,
      callsOutliveBridge: true,
      originate: server,
      agentPhoneDials: true,
      machineDetection: false,
      hangupConnected: false,
      playMessage: server,
      forkMedia: this.mediaFork !== undefined,
    };
  }

  async start(events: PbxEvents, directory: AgentDirectory): Promise<void> {
    this.events = events;
    this.directory = directory;
    const synced = new Promise<void>((done) => (this.onSynced = done));
    this.client.start();
    if (this.dialer) await this.startDialer(this.dialer.ua);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([synced, new Promise((done) => (timer = setTimeout(done, START_SYNC_MAX_MS)))]);
    clearTimeout(timer);
    this.onSynced = null;
  }

  /**
   * `crashed` (the fatal-error exit): the calls the dialer placed are left to Kamailio, which ends them as soon as
   * this bridge's connection is gone and tells the next bridge how each ended; a clean stop hangs them up itself.
   */
  async stop(how: 'clean' | 'crashed' = 'clean'): Promise<void> {
    if (this.dialer) {
      if (how === 'clean') this.dialer.calls.stop();
      await this.dialer.ua.stop(how);
      this.dialer.ng.close();
    }
    this.listenNg?.close();
    await this.client.stop();
    this.inbound.clear();
    this.outside.clear();
    this.events = null;
  }

  isConnected(): boolean {
    return this.client.isConnected();
  }

  /** The dialer's SIP user agent is connected to Kamailio (server-placed calls can be placed). */
  dialerConnected(): boolean {
    return this.dialer?.ua.isConnected() ?? false;
  }

  ringAgent(callId: string, agentId: number, ringTimeoutMs: number): void {
    // a customer of a server-placed call transferred to this agent: the dialer rings them
    if (this.dialer?.calls.ringTransfer(callId, agentId, ringTimeoutMs)) return;
    this.inbound.ringAgent(callId, agentId, ringTimeoutMs);
  }

  stopRinging(callId: string, agentId: number): void {
    if (this.dialer?.calls.stopTransfer(callId)) return;
    this.inbound.stopRinging(callId, agentId);
  }

  answer(): void {
    // The softphone answers; Kamailio reports the 200 OK as `answered`.
  }

  hold(): void {
    // The softphone holds with a re-INVITE that Kamailio relays in the dialog.
  }

  hangup(callId: string, why?: HangupWhy): void {
    if (this.dialer?.calls.has(callId)) return this.dialer.calls.hangup(callId);
    this.inbound.hangup(callId, why);
  }

  /** rtpengine's call id and parties' tags of a server-placed call (listen-in subscribes to it). */
  serverCallMedia(callId: string): { callId: string; customerTag: string; agentTag: string | null } | null {
    return this.dialer?.calls.mediaOf(callId) ?? null;
  }

  originate(request: OriginateRequest): boolean {
    return this.dialer?.calls.originate(request) ?? false;
  }

  private async startDialer(ua: DialerUserAgent): Promise<void> {
    // Kamailio may be down now: sip.js keeps reconnecting, and originate() refuses until it is connected.
    await Promise.race([
      ua.start().catch(() => undefined),
      new Promise((done) => setTimeout(done, START_SYNC_MAX_MS)),
    ]);
  }

  /** The edge's gate for the dialer's own customer leg: the same service as every dial, with the attempt's ids. */
  private dialerDial(events: PbxEvents, event: DialerDialEvent): void {
    const tx = { tindex: event.tindex, tlabel: event.tlabel };
    // a transfer of a placed call to an outside number: decided again as the transferring agent's own dial
    const transfer = this.dialer?.calls.transferDialOf(event.callid) ?? null;
    if (transfer) {
      const decided = events.dialRequested({ ...transfer, to: event.to, at: this.now() });
      if (decided.allowed) this.send({ action: 'dialer-allow', ...tx });
      else this.send({ action: 'block', ...tx, reason: headerSafe(`${decided.code}: ${decided.reason}`) });
      return;
    }
    const request = this.dialer?.calls.requestOf(event.callid) ?? null;
    if (!request) {
      this.send({ action: 'block', ...tx, reason: 'UNKNOWN_ATTEMPT: no call of this bridge' });
      return;
    }
    const decision = events.dialRequested({
      callId: request.callId,
      agentId: request.agentId,
      to: event.to,
      at: this.now(),
      attempt: { campaignId: request.campaignId, leadId: request.leadId, attemptId: request.attemptId },
      byServer: true,
    });
    if (decision.allowed) this.send({ action: 'dialer-allow', ...tx });
    else this.send({ action: 'block', ...tx, reason: headerSafe(`${decision.code}: ${decision.reason}`) });
  }

  // ---- Kamailio's events -------------------------------------------------------------------------------

  private handle(event: KamailioEvent): void {
    const events = this.events;
    if (!events) return;
    switch (event.event) {
      case 'offer':
        return this.inbound.offered(events, event);
      case 'ring-failed':
        return this.inbound.ringFailed(events, event);
      case 'transfer':
        return this.inbound.transferred(events, event);
      case 'transfer-failed':
        return this.inbound.transferFailed(events, event.callid, event.reason);
      case 'cancel':
        return this.inbound.callerLeft(events, event.callid, kamailioTimeOf(event, this.now()));
      case 'timeout':
        return this.inbound.callerLeft(events, event.callid, this.now());
      case 'answered':
        // an agent's dial (a campaign attempt the softphone placed, or a manual one): its customer answered
        if (event.kind === 'outbound') return events.outboundProgress(event.callid, 'answered', this.now());
        return this.inbound.answered(events, event.callid, event.kind, event.agent);
      case 'ended':
        if (event.kind === 'outbound') {
          this.outside.ended(event.callid);
          // the agent's phone is the caller of its own dial
          const at = kamailioTimeOf(event, this.now());
          if (event.by === 'caller') return events.agentHungUp(event.callid, at);
          return events.callerHungUp(event.callid, at);
        }
        if (event.kind === 'internal') return this.outside.ended(event.callid);
        return this.inbound.ended(events, event);
      case 'talking':
        if (event.kind === 'outbound' || event.kind === 'internal')
          return this.outside.started(event.callid, event.peer ? [event.agent, event.peer] : [event.agent]);
        return this.inbound.talking(events, event);
      case 'synced':
        return this.onSynced?.();
      case 'dial':
        return this.outside.dial(event);
      case 'dialer-dial':
        return this.dialerDial(events, event);
      case 'dialer-ended': {
        // this bridge's own calls end through its user agent; only what an earlier run placed is closed here
        if (this.dialer?.calls.requestOf(event.callid)) return;
        // its media too: rtpengine's call for it has the customer leg's Call-ID (the agent leg's went with it)
        if (this.dialer) void releaseMedia(this.dialer.ng, { callId: event.callid, customerTag: '' });
        const attemptId = Number(event.attempt.split(';')[2]);
        if (!Number.isInteger(attemptId) || attemptId <= 0) return;
        const endedAt = kamailioTimeOf(event, this.now());
        const answeredAt = event.answered_s === undefined ? null : Math.min(endedAt, event.answered_s * 1000);
        return events.placedCallEnded?.({ attemptId, answeredAt, endedAt });
      }
      case 'internal':
        return this.outside.started(event.callid, [event.from, event.to]);
      case 'failed':
        // once: Kamailio may report a failed dialog more than once
        if (event.kind === 'outbound' && this.outside.has(event.callid))
          events.outboundProgress(event.callid, 'failed', this.now());
        return this.outside.ended(event.callid);
      case 'dial-failed':
        return events.outboundProgress(event.callid, dialFailureOf(event.code), this.now());
      case 'stale':
        this.options.log.debug('evapi: decision for a transaction that is gone', { tindex: event.tindex });
        return this.outside.decisionStale(event);
    }
  }

  /** Kamailio forwards these headers of the next INVITE (kamailio.cfg CTI_ATTACHED); kept for a reconnect. */
  attachedHeaders(headers: readonly string[]): void {
    this.headers = headers.slice(0, ATTACHED_HEADERS_MAX).join(',');
    if (this.client.isConnected()) this.send({ action: 'attached-headers', headers: this.headers });
  }

  private send(action: BridgeAction): void {
    this.client.send(action);
  }
}

const windowOf = (dialer: KamailioDialerOptions) => ({
  ...(dialer.connectWindowMs === undefined ? {} : { connectWindowMs: dialer.connectWindowMs }),
  ...(dialer.keepaliveMs === undefined ? {} : { keepaliveMs: dialer.keepaliveMs }),
  ...(dialer.agentKeepaliveReplyMs === undefined
    ? {}
    : { agentKeepaliveReplyMs: dialer.agentKeepaliveReplyMs }),
  ...(dialer.customerKeepaliveMs === undefined ? {} : { customerKeepaliveMs: dialer.customerKeepaliveMs }),
  ...(dialer.keepaliveReplyMs === undefined ? {} : { keepaliveReplyMs: dialer.keepaliveReplyMs }),
  ...(dialer.trunkOffer === undefined ? {} : { trunkOffer: dialer.trunkOffer }),
  ...(dialer.prepareMessage === undefined ? {} : { prepareMessage: dialer.prepareMessage }),
});
