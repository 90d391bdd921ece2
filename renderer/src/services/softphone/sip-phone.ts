import { Invitation, Inviter, SessionState, SIPExtension, UserAgent, type Core, type Session } from 'sip.js';
import type { SipCredentials } from '../protocol';
import { uiError, type UiResult } from '../ui-error';
import { devicesStore, micConstraints } from './media-devices';
import {
  isDtmfTone,
  webrtcCapabilities,
  type DialFailure,
  type TransferResult,
  type DialResult,
  type Phone,
  type PhoneCapabilities,
} from './phone';
import { RemoteAudio } from './remote-audio';
import { SipConnection } from './sip-connection';
import { dialFailureOf } from './sip-reason';
import {
  peerConnectionOf,
  refer,
  reinviteHold,
  replacesUri,
  sendTone,
  setSenderEnabled,
  switchMicrophone,
} from './sip-session-ops';
import { toTargetUri, userOf } from './sip-target';
import {
  consultOf,
  lineAdded,
  lineOf,
  linePatched,
  lineRemoved,
  setDialFailure,
  setRegistration,
} from './softphone-store';

const ok: UiResult<null> = { ok: true, data: null };
const noCall = (): UiResult<null> => ({
  ok: false,
  error: uiError('INVALID_STATE', 'no such call on the phone'),
});
const refused = (what: string): UiResult<null> => ({
  ok: false,
  error: uiError('CONFLICT', `${what} refused`),
});

/** Optional hooks into the rest of the console (kept out of this layer so it does not import features). */
export interface SipPhoneHooks {
  /** After a SIP hold/resume succeeded: tell the bridge, so the call record and supervisors see it. */
  onHeld?: (callId: string, held: boolean) => void;
  /** Rings or stops ringing; the default plays the ringtone. */
  onRinging?: (ringing: boolean) => void;
  /**
   * The bridge's dialer is connecting a customer it placed (`bridgeCallId`): true to answer at once (the agent is
   * on auto-answer and this is their call); false rings it like any call.
   */
  autoAnswer?: (bridgeCallId: string) => Promise<boolean>;
}

/**
 * The bridge's call id when this INVITE is the bridge's dialer connecting a customer it placed: Kamailio refuses
 * `X-Ringside-Dialer` from anyone but the authenticated dialer, so a caller cannot forge it.
 */
export function dialerCallOf(invitation: Invitation): string | null {
  const header = (name: string) => invitation.request.getHeader(name)?.trim() ?? '';
  if (header('X-Ringside-Dialer') !== '1' || header('X-Ringside-Leg') !== 'agent') return null;
  return header('X-Ringside-Call') || null;
}

/** The WebRTC phone: sip.js UserAgent + Registerer over WebSocket, one session per line keyed by Call-ID. */
export class SipPhone implements Phone {
  readonly kind = 'webrtc' as const;
  private readonly ua: UserAgent;
  private readonly connection: SipConnection;
  private readonly sessions = new Map<string, Session>();
  /** Agent addresses of record of consult calls, by line: the Refer-To of an attended transfer. */
  private readonly consultAors = new Map<string, string>();
  private readonly audio = new RemoteAudio();
  /** Lines being auto-answered: they never ring. */
  private readonly autoAnswering = new Set<string>();
  /** False once stopped: a replaced phone must not write its late teardown into the store. */
  private active = true;
  private micId = devicesStore.get().choice.micId;
  /** A new microphone choice applies to calls in progress too, not only to the next one. */
  private readonly stopWatchingMic = devicesStore.subscribe(() => {
    const { micId } = devicesStore.get().choice;
    if (micId === this.micId) return;
    this.micId = micId;
    for (const [id, session] of this.sessions) {
      if (session.state !== SessionState.Established) continue;
      void switchMicrophone(session, micConstraints(), lineOf(id)?.muted ?? false);
    }
  });

  constructor(
    private readonly creds: SipCredentials,
    private readonly hooks: SipPhoneHooks = {},
  ) {
    const uri = UserAgent.makeURI(creds.aor);
    if (!uri) throw new Error('the SIP address of record is not a SIP URI');
    this.ua = new UserAgent({
      uri,
      displayName: creds.displayName,
      authorizationUsername: creds.authorizationUsername,
      authorizationPassword: creds.password,
      transportOptions: { server: creds.wsUri, connectionTimeout: 5 },
      sessionDescriptionHandlerFactoryOptions: {
        // No STUN/TURN on a LAN PBX; a short gathering timeout keeps the INVITE from waiting on ICE.
        peerConnectionConfiguration: { iceServers: [] },
        iceGatheringTimeout: 500,
      },
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: 'Ringside softphone (sip.js 0.21)',
      logLevel: 'warn',
      delegate: { onInvite: (invitation) => this.onInvite(invitation) },
    });
    this.connection = new SipConnection(this.ua, (state, reconnecting) => {
      if (this.active) setRegistration(state, reconnecting);
    });
  }

  start(): Promise<void> {
    return this.connection.start();
  }

  capabilities(): PhoneCapabilities {
    return webrtcCapabilities;
  }

  /** The live session of a line, for diagnostics and tests (getStats). */
  session(callId: string): Session | undefined {
    return this.sessions.get(callId);
  }

  callPeer(callId: string): RTCPeerConnection | null {
    const live = [...this.sessions.values()].filter((s) => s.state === SessionState.Established);
    const session = this.sessions.get(callId) ?? (live.length === 1 ? live[0] : undefined);
    return peerConnectionOf(session) ?? null;
  }

  private onInvite(invitation: Invitation): void {
    const id = invitation.request.callId;
    this.track(id, invitation, {
      direction: 'inbound',
      remote: invitation.remoteIdentity.displayName || invitation.remoteIdentity.uri.user || '',
    });
    // A transfer completing here (INVITE with Replaces for a dialog we hold): sip.js hangs up the replaced
    // session on accept; the caller simply takes over that line.
    if (invitation.replacee) {
      void this.answer(id);
      return;
    }
    const bridgeCall = dialerCallOf(invitation);
    if (bridgeCall !== null && this.hooks.autoAnswer) {
      this.autoAnswering.add(id);
      void this.hooks
        .autoAnswer(bridgeCall)
        .catch(() => false)
        .then(async (answer) => {
          if (answer) {
            linePatched(id, { autoAnswered: true });
            await this.answer(id);
          }
          this.autoAnswering.delete(id);
          this.updateRinging();
        });
      return;
    }
    this.updateRinging();
  }

  private track(id: string, session: Session, line: { direction: 'inbound' | 'outbound'; remote: string }) {
    this.sessions.set(id, session);
    lineAdded({
      id,
      ...line,
      state: line.direction === 'inbound' ? 'ringing' : 'dialing',
      held: false,
      muted: false,
      answeredAt: null,
      consultFor: null,
      autoAnswered: false,
    });
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        linePatched(id, { state: 'live', answeredAt: Date.now() });
        this.audio.attach(id, session);
      } else if (state === SessionState.Terminated) {
        this.sessions.delete(id);
        this.consultAors.delete(id);
        this.audio.detach(id);
        lineRemoved(id);
      }
      this.updateRinging();
    });
  }

  private updateRinging(): void {
    const ringing = [...this.sessions.values()].some(
      (s) =>
        s instanceof Invitation &&
        s.state === SessionState.Initial &&
        !s.replacee &&
        !this.autoAnswering.has(s.request.callId),
    );
    this.hooks.onRinging?.(ringing);
  }

  /** The offer can reach the console a moment before the INVITE: wait briefly for the line to appear. */
  private async sessionFor(callId: string, waitMs = 0): Promise<Session | undefined> {
    const deadline = Date.now() + waitMs;
    while (!this.sessions.has(callId) && Date.now() < deadline) {
      await new Promise((resolve) => window.setTimeout(resolve, 50));
    }
    return this.sessions.get(callId);
  }

  async answer(callId: string): Promise<UiResult<null>> {
    const session = await this.sessionFor(callId, 3000);
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial) return noCall();
    try {
      await session.accept({
        sessionDescriptionHandlerOptions: { constraints: { audio: micConstraints(), video: false } },
      });
      return ok;
    } catch (err) {
      return { ok: false, error: uiError('INTERNAL', err instanceof Error ? err.message : String(err)) };
    }
  }

  async reject(callId: string): Promise<UiResult<null>> {
    const session = await this.sessionFor(callId, 1000);
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial) return noCall();
    await session.reject({ statusCode: 486 }).catch(() => undefined);
    return ok;
  }

  async hangup(callId: string): Promise<UiResult<null>> {
    const session = this.sessions.get(callId);
    if (!session) return noCall();
    try {
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Inviter) await session.cancel();
      else if (session instanceof Invitation && session.state === SessionState.Initial)
        await session.reject();
      return ok;
    } catch (err) {
      return { ok: false, error: uiError('INTERNAL', err instanceof Error ? err.message : String(err)) };
    }
  }

  async hold(callId: string, held: boolean): Promise<UiResult<null>> {
    const session = this.sessions.get(callId);
    if (!session || session.state !== SessionState.Established) return noCall();
    if (lineOf(callId)?.held === held) return ok;
    if (!(await reinviteHold(session, held))) return refused(held ? 'hold' : 'resume');
    linePatched(callId, { held });
    this.hooks.onHeld?.(callId, held);
    return ok;
  }

  async mute(callId: string, muted: boolean): Promise<UiResult<null>> {
    const session = this.sessions.get(callId);
    if (!session || !setSenderEnabled(session, !muted)) return noCall();
    linePatched(callId, { muted });
    return ok;
  }

  async sendDtmf(callId: string, tone: string): Promise<UiResult<null>> {
    const session = this.sessions.get(callId);
    if (!session || session.state !== SessionState.Established) return noCall();
    if (!isDtmfTone(tone)) return { ok: false, error: uiError('VALIDATION_FAILED', 'not a DTMF tone') };
    return (await sendTone(session, tone)) ? ok : refused('DTMF');
  }

  async dial(target: string, options: { attempt?: string } = {}): Promise<DialResult> {
    const result = await this.call(target, null, options.attempt);
    setDialFailure(result.ok ? null : result.failure);
    return result;
  }

  private async call(target: string, consultFor: string | null, attempt?: string): Promise<DialResult> {
    const fail = (failure: DialFailure): DialResult => ({ ok: false, failure });
    if (!this.connection.registered) return fail({ kind: 'not-registered' });
    const uri = toTargetUri(target, this.creds.realm);
    const targetUri = uri === null ? undefined : UserAgent.makeURI(uri);
    if (!uri || !targetUri) return fail({ kind: 'invalid-target' });
    const inviter = new Inviter(this.ua, targetUri, {
      sessionDescriptionHandlerOptions: { constraints: { audio: micConstraints(), video: false } },
      ...(attempt ? { extraHeaders: [`X-Ringside-Attempt: ${attempt}`] } : {}),
    });
    const id = inviter.request.callId;
    this.track(id, inviter, { direction: 'outbound', remote: userOf(uri) });
    if (consultFor) {
      linePatched(id, { consultFor });
      if (targetUri.host === this.creds.realm && !/^\+?[0-9*#]+$/.test(targetUri.user ?? ''))
        this.consultAors.set(id, uri);
    }
    let rejected: DialFailure | null = null;
    const outcome = new Promise<DialResult>((resolve) => {
      inviter.stateChange.addListener((state) => {
        if (state === SessionState.Established) resolve({ ok: true, lineId: id });
        // sip.js moves to Terminated before it calls the request delegate's onReject: read the reason after it.
        if (state === SessionState.Terminated)
          void Promise.resolve().then(() =>
            resolve(fail(rejected ?? { kind: 'failed', status: 0, phrase: 'terminated' })),
          );
      });
    });
    const onReject = (response: Core.IncomingResponse) => {
      const message = response.message;
      rejected = dialFailureOf({
        statusCode: message.statusCode ?? 0,
        reasonPhrase: message.reasonPhrase ?? '',
        reason: message.getHeader('Reason'),
        xReason: message.getHeader('X-Reason'),
      });
    };
    try {
      await inviter.invite({ requestDelegate: { onReject } });
    } catch (err) {
      lineRemoved(id);
      this.sessions.delete(id);
      return fail({ kind: 'failed', status: 0, phrase: err instanceof Error ? err.message : String(err) });
    }
    return outcome;
  }

  async transferBlind(callId: string, target: string): Promise<TransferResult> {
    const session = this.sessions.get(callId);
    if (!session || session.state !== SessionState.Established) return noCall();
    const uri = toTargetUri(target, this.creds.realm);
    if (!uri) return { ok: false, error: uiError('VALIDATION_FAILED', 'not a dialable target') };
    const refusal: { failure: DialFailure | null } = { failure: null };
    if (!(await refer(session, uri, (response) => (refusal.failure = dialFailureOf(response))))) {
      // the compliance gate refused the number (403): the agent keeps the call and sees why
      const blocked = refusal.failure;
      if (blocked?.kind === 'blocked')
        return { ok: false, error: uiError('FORBIDDEN', blocked.reason), failure: blocked };
      return refused('transfer');
    }
    // 202 Accepted: the far end now calls the target itself; our leg is done.
    await session.bye().catch(() => undefined);
    return ok;
  }

  async startConsult(callId: string, target: string): Promise<DialResult> {
    const session = this.sessions.get(callId);
    if (!session || session.state !== SessionState.Established)
      return { ok: false, failure: { kind: 'failed', status: 0, phrase: 'no such call' } };
    if (!lineOf(callId)?.held) await this.hold(callId, true);
    const result = await this.call(target, callId);
    if (!result.ok) await this.hold(callId, false);
    return result;
  }

  async completeConsult(callId: string): Promise<TransferResult> {
    const primary = this.sessions.get(callId);
    const consultLine = consultOf(callId);
    const consult = consultLine ? this.sessions.get(consultLine.id) : undefined;
    if (!primary || !consult || consult.state !== SessionState.Established) return noCall();
    const aor = consultLine ? this.consultAors.get(consultLine.id) : undefined;
    const referTo = (aor && replacesUri(aor, consult)) || consult;
    const refusal: { failure: DialFailure | null } = { failure: null };
    if (!(await refer(primary, referTo, (response) => (refusal.failure = dialFailureOf(response))))) {
      // refused with a reason (the bridge: the consulted agent could not take the call; a consult to an outside
      // number): the agent keeps the caller, on hold, and sees why
      const why = refusal.failure;
      if (why?.kind === 'blocked') return { ok: false, error: uiError('CONFLICT', why.reason), failure: why };
      return refused('transfer');
    }
    await primary.bye().catch(() => undefined);
    // The target hangs up the consult leg when the caller's INVITE with Replaces arrives; do it ourselves if not.
    window.setTimeout(() => {
      if (consult.state === SessionState.Established) void consult.bye().catch(() => undefined);
    }, 10_000);
    return ok;
  }

  async cancelConsult(callId: string): Promise<UiResult<null>> {
    const consultLine = consultOf(callId);
    if (consultLine) await this.hangup(consultLine.id);
    return this.hold(callId, false);
  }

  async stop(): Promise<void> {
    this.active = false;
    this.stopWatchingMic();
    await Promise.all([...this.sessions.keys()].map((id) => this.hangup(id)));
    await this.connection.stop();
    this.audio.detachAll();
    this.hooks.onRinging?.(false);
  }
}
