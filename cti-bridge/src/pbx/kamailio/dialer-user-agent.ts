import { createHash } from 'node:crypto';
import {
  SessionState,
  SIPExtension,
  UserAgent,
  type Session,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerFactory,
  type URI,
} from 'sip.js';
import WebSocket from 'ws';

// sip.js's web transport opens `new WebSocket(url, 'sip')`; Node 20 has no global one.
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;

/** Where a leg's SDP comes from and goes to: rtpengine, through the server-call logic, never a local media stack. */
export interface LegMedia {
  /** The SDP this side sends (an offer, or the answer that goes into the ACK of a delayed-offer call). */
  local(): Promise<string>;
  /** The far end's SDP (its answer, or the offer in the 200 OK of a delayed-offer call). */
  remote(sdp: string): Promise<void>;
  /**
   * A re-INVITE's offer from the far end once the leg is up (hold, resume, an ICE restart): resolves with the answer
   * for its 200 OK; a rejection refuses it (488) and leaves the leg as it was. Absent: re-offers are refused.
   */
  reoffer?(sdp: string): Promise<string>;
  /**
   * A re-INVITE without an offer (a session refresh asking for ours): the SDP to offer, the one the far end already
   * has; its answer (in the ACK) changes nothing. Absent or null: refused (488).
   */
  refresh?(): string | null;
  /**
   * The offer in a reliable 18x (100rel) of an INVITE sent without one: resolves with the answer for its PRACK
   * (early media; the call is not answered before the 200 OK). Absent: the PRACK cannot answer and sip.js ends
   * the session.
   */
  early?(offer: string): Promise<string>;
}

export interface DialerUserAgentOptions {
  wsUri: string;
  domain: string;
  /** The dialer's digest user (kamailio.cfg DIALER_USER) and secret; only its HA1 is stored for Kamailio. */
  username: string;
  password: string;
}

/** kamailio.cfg's DIALER_USER: the digest user the bridge's dialer authenticates as. */
export const DIALER_USER = 'ringside-dialer';

/** The HA1 Kamailio checks the dialer's digest against (the subscriber table the bridge writes). */
export function dialerHa1(options: Pick<DialerUserAgentOptions, 'username' | 'domain' | 'password'>): string {
  return createHash('md5').update(`${options.username}:${options.domain}:${options.password}`).digest('hex');
}

/**
 * The bridge's own SIP user agent: sip.js in Node over a WebSocket to Kamailio, authenticated as the dialer, with a
 * pass-through session description handler whose SDP each leg's `LegMedia` provides (rtpengine in the media path,
 * so no media is handled in Node). It never takes calls of its own: an INVITE to it is refused.
 */
export class DialerUserAgent {
  readonly ua: UserAgent;
  private readonly media = new WeakMap<Session, LegMedia>();
  private watchdog: NodeJS.Timeout | null = null;
  private reconnecting = false;

  constructor(private readonly options: DialerUserAgentOptions) {
    const factory: SessionDescriptionHandlerFactory = (session) => this.handlerFor(session);
    this.ua = new UserAgent({
      uri: this.uri(options.username),
      transportOptions: { server: options.wsUri, traceSip: false },
      authorizationUsername: options.username,
      authorizationPassword: options.password,
      displayName: 'Ringside dialer',
      logBuiltinEnabled: false,
      logLevel: 'error',
      sessionDescriptionHandlerFactory: factory,
      noAnswerTimeout: 60,
      // carriers that send reliable 18x (RFC 3262) get their PRACK; a reliable offer is answered in it (`early`)
      sipExtension100rel: SIPExtension.Supported,
      // the watchdog below reconnects (sip.js gives up on a first connection that fails)
      reconnectionAttempts: 0,
      delegate: {
        onInvite: (invitation) => void invitation.reject({ statusCode: 488 }).catch(() => undefined),
      },
    });
  }

  uri(user: string): URI {
    const uri = UserAgent.makeURI(`sip:${user}@${this.options.domain}`);
    if (!uri) throw new Error(`not a SIP user: ${user}`);
    return uri;
  }

  /** The SDP of this session (set before its INVITE is sent). */
  attach(session: Session, media: LegMedia): void {
    this.media.set(session, media);
  }

  isConnected(): boolean {
    return this.ua.isConnected();
  }

  /** Connects, and keeps reconnecting every second while Kamailio is away (until `stop`). */
  async start(): Promise<void> {
    this.watchdog ??= setInterval(() => this.reconnect(), 1000);
    await this.ua.start();
  }

  /** `crashed`: the connection is dropped with nothing sent (sip.js would end every session on a clean stop). */
  async stop(how: 'clean' | 'crashed' = 'clean'): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (how === 'crashed') await this.ua.transport.disconnect().catch(() => undefined);
    else await this.ua.stop().catch(() => undefined);
  }

  private reconnect(): void {
    if (this.reconnecting || this.ua.isConnected()) return;
    this.reconnecting = true;
    void this.ua
      .reconnect()
      .catch(() => undefined)
      .finally(() => (this.reconnecting = false));
  }

  private handlerFor(session: Session): SessionDescriptionHandler {
    const media = () => {
      const found = this.media.get(session);
      if (!found) throw new Error('a dialer session without media');
      return found;
    };
    // sip.js answers an in-dialog offer with setDescription(offer) then getDescription(): the answer is made in
    // the first and handed over in the second
    let reanswer: string | null = null;
    // our offer of an offer-less re-INVITE is out: the next description is its answer
    let reoffered = false;
    const inDialog = () => session.state === SessionState.Established;
    // sip.js makes a handler of its own for a reliable 18x's offer (its PRACK's answer) before the session has one;
    // the 200 OK then makes it the session's
    const provisional = () => !inDialog() && session.sessionDescriptionHandler !== handler;
    const handler: SessionDescriptionHandler = {
      close: () => undefined,
      getDescription: async () => {
        const answer = reanswer;
        reanswer = null;
        if (answer !== null) return { body: answer, contentType: 'application/sdp' };
        if (inDialog()) {
          // a re-INVITE without an offer wants ours: the one the far end has, or refused (488)
          const current = media().refresh?.() ?? null;
          if (current === null) throw new Error('no offer of its own in a dialog');
          reoffered = true;
          return { body: current, contentType: 'application/sdp' };
        }
        return { body: await media().local(), contentType: 'application/sdp' };
      },
      hasDescription: (contentType) => contentType === 'application/sdp',
      setDescription: async (sdp) => {
        const leg = media();
        if (provisional()) {
          if (!leg.early) throw new Error('a reliable provisional offer on a leg without early media');
          reanswer = await leg.early(sdp);
          return;
        }
        if (!inDialog()) return leg.remote(sdp);
        if (reoffered) {
          reoffered = false;
          return;
        }
        if (!leg.reoffer) throw new Error('re-INVITE refused on this leg');
        reanswer = await leg.reoffer(sdp);
      },
      rollbackDescription: async () => {
        reanswer = null;
        reoffered = false;
      },
      sendDtmf: () => false,
    };
    return handler;
  }
}
