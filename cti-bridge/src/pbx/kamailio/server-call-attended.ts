import { Inviter, SessionState, type Referral, type Session } from 'sip.js';
import type { DialerUserAgent } from './dialer-user-agent';
import { refusalHeader } from './referral-decision';
import type { RtpengineNg } from './rtpengine-ng';
import { agentOffer, customerAnswer, type MediaIds } from './server-call-media';
import { endTransferLeg, ringTransferLeg, type TransferRing } from './server-call-ring';
import { attemptHeader, type CallHost, type ServerCall } from './server-call';

/** How long the consulted agent's phone may take to answer the INVITE with Replaces (it answers at once). */
export const REPLACES_ANSWER_MS = 10_000;

/**
 * The new agent leg of an attended transfer of a server-placed call: the bridge INVITEs the consulted agent with a
 * Replaces header naming their consult dialog, so their phone swaps the consult call for the customer without
 * ringing. Media as for the first agent (the customer's SDP through rtpengine, a new peer of the customer's side
 * under this leg's tag, the customer's ports kept: they are not re-INVITEd). Made before it is sent, so its SIP
 * Call-ID is the transferred leg's call id in the hub.
 */
export class AttendedLeg {
  readonly leg: Inviter;
  private agentAnswered = false;
  agentSdp: string | null = null;

  constructor(
    ua: DialerUserAgent,
    ng: RtpengineNg,
    ids: MediaIds,
    request: {
      sipUser: string;
      customer: string;
      customerSdp: string;
      attemptHeader: string;
      /** The Replaces value of the Refer-To: `callid;to-tag=…;from-tag=…` of the consult dialog. */
      replaces: string;
      /** The softphone's re-INVITE once connected (hold, resume). */
      reoffer: (agentTag: string, sdp: string) => Promise<string>;
    },
  ) {
    this.leg = new Inviter(ua.ua, ua.uri(request.sipUser), {
      params: { fromUri: ua.uri(request.customer), fromDisplayName: request.customer },
      extraHeaders: [
        'X-Ringside-Dialer: 1',
        'X-Ringside-Leg: agent',
        `X-Ringside-Attempt: ${request.attemptHeader}`,
        `Replaces: ${request.replaces}`,
        'Require: replaces',
      ],
    });
    const tag = this.leg.request.fromTag;
    const branch = { ...ids, latched: true };
    ua.attach(this.leg, {
      local: () => agentOffer(ng, branch, request.customerSdp, tag),
      remote: async (sdp) => {
        await customerAnswer(ng, branch, tag, sdp);
        this.agentSdp = sdp;
        this.agentAnswered = true;
      },
      reoffer: (sdp) => request.reoffer(tag, sdp),
    });
  }

  get callId(): string {
    return this.leg.request.callId;
  }

  ring(ms: number): Promise<TransferRing> {
    return ringTransferLeg(this.leg, ms, () => this.agentAnswered);
  }

  end(): void {
    endTransferLeg(this.leg);
  }
}

/** A valid Replaces value (call-id with to-tag and from-tag), decoded from the Refer-To's URI header; or null. */
export function replacesOf(referral: Referral): string | null {
  let value: string;
  try {
    value = decodeURIComponent(referral.replaces ?? '');
  } catch {
    return null;
  }
  if (/[\r\n]/.test(value) || !/;\s*to-tag=/i.test(value) || !/;\s*from-tag=/i.test(value)) return null;
  return value;
}

/**
 * The agent's softphone completes a consult with agent B (REFER, Refer-To B with Replaces). The REFER is answered
 * once B's leg is settled, so the softphone (which hangs up on 202) never drops a customer nobody took: B answered
 * → 202 and NOTIFY `200 OK`, B's leg carries the customer, the hold ends, A's leg is ended, the hub is told (A's
 * call over, a transferred leg of kind `attended` for B, answered at once when the hub rings it). B's leg failed
 * (their consult already ended: 481; busy; no answer) → the REFER is refused 480 with the reason, nothing changed
 * for the hub, and the customer stays with A on hold (A resumes them).
 */
export function referredAttended(
  host: CallHost,
  call: ServerCall,
  from: Session,
  referral: Referral,
  target: { agentId: number; sipUser: string; replaces: string },
): void {
  const { deps } = host;
  const attended = new AttendedLeg(deps.ua, deps.ng, call.ids, {
    sipUser: target.sipUser,
    customer: call.request.to,
    customerSdp: call.offer ?? '',
    attemptHeader: attemptHeader(call.request),
    replaces: target.replaces,
    reoffer: (tag, sdp) => host.agentReoffered(call, tag, sdp),
  });
  const pending = { leg: attended, from, agentId: target.agentId };
  call.attended = pending;
  deps.log.info('dialer: attended transfer', { callId: call.request.callId, agentId: target.agentId });
  void attended
    .ring(REPLACES_ANSWER_MS)
    .then((result) => attendedRang(host, call, pending, referral, result))
    .catch((error: unknown) => {
      deps.log.error('dialer: attended transfer failed', {
        callId: call.request.callId,
        error: String(error),
      });
    });
}

function attendedRang(
  host: CallHost,
  call: ServerCall,
  attended: NonNullable<ServerCall['attended']>,
  referral: Referral,
  result: TransferRing,
): void {
  // the call may have ended meanwhile (end() let the leg go): the REFER is still answered
  if (call.attended === attended) call.attended = null;
  const { deps } = host;
  const { leg, from, agentId } = attended;
  const events = deps.events();
  const stillA = call.phase === 'connected' && !call.released && call.agentLeg === from;
  if (result !== 'answered' || !stillA || !events) {
    deps.log.info('dialer: attended transfer not completed', {
      callId: call.request.callId,
      result,
      stillA,
    });
    leg.end();
    void referral
      .reject({
        statusCode: 480,
        reasonPhrase: 'Temporarily Unavailable',
        extraHeaders: [refusalHeader('TRANSFER_TARGET_GONE')],
      })
      .catch(() => undefined);
    return;
  }
  void referral.accept().catch(() => undefined);
  notifyReferrer(from);
  const fromCallId = call.hubCallId;
  host.rekey(call, leg.callId);
  call.agentSdp = leg.agentSdp;
  call.agentId = agentId;
  call.held = false;
  call.replacedBy = agentId;
  host.agentConnected(call, leg.leg);
  void host.stopMusic(call);
  if (from.state === SessionState.Established) void from.bye().catch(() => undefined);
  deps.log.info('dialer: attended transfer completed', { callId: call.request.callId, agentId });
  const now = deps.now();
  events.agentHungUp(fromCallId, now);
  events.transferredCall({ callId: leg.callId, fromCallId, agentId, kind: 'attended', at: now });
}

/** RFC 3515's NOTIFY of the REFER's outcome (the implicit subscription ends with it). */
function notifyReferrer(from: Session): void {
  try {
    from.dialog?.notify(undefined, {
      extraHeaders: ['Event: refer', 'Subscription-State: terminated;reason=noresource'],
      body: { contentDisposition: 'render', contentType: 'message/sipfrag', content: 'SIP/2.0 200 OK' },
    });
  } catch {
    // the softphone already hung up (it does on 202): nobody to tell
  }
}
