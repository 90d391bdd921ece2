import type { UiError, UiResult } from '../ui-error';

/** A blind transfer's result: a refusal by the compliance gate carries its reason as a dial failure. */
export type TransferResult = { ok: true; data: null } | { ok: false; error: UiError; failure?: DialFailure };

/** SIP registration as the agent sees it. `connecting` covers the first connect and every reconnect. */
export type RegistrationState = 'registered' | 'unregistered' | 'connecting' | 'failed';

/** Which call controls exist on this phone; the UI renders from this, never from the phone's kind. */
export interface PhoneCapabilities {
  answer: boolean;
  reject: boolean;
  hangup: boolean;
  hold: boolean;
  mute: boolean;
  dtmf: boolean;
  /** Blind and attended transfer. */
  transfer: boolean;
  /** Outbound calls from the keypad or a customer card. */
  dial: boolean;
  /** Real audio: device selection, microphone test, ringtone. */
  audio: boolean;
}

/** Why an outbound call did not connect. `blocked` is the compliance gate's 403 with its reason. */
export type DialFailure =
  | { kind: 'blocked'; reason: string }
  | { kind: 'failed'; status: number; phrase: string }
  | { kind: 'invalid-target' }
  | { kind: 'not-registered' };

export type DialResult = { ok: true; lineId: string } | { ok: false; failure: DialFailure };

/**
 * One phone behind the call controls: WebRTC (sip.js) against a real PBX, or the CTI bridge's virtual calls in
 * sim mode. Every method resolves (never rejects); `callId` is the bridge's call id, which is also the SIP
 * Call-ID of the INVITE the agent received.
 */
export interface Phone {
  readonly kind: 'webrtc' | 'cti';
  capabilities(): PhoneCapabilities;
  answer(callId: string): Promise<UiResult<null>>;
  reject(callId: string): Promise<UiResult<null>>;
  hangup(callId: string): Promise<UiResult<null>>;
  hold(callId: string, held: boolean): Promise<UiResult<null>>;
  mute(callId: string, muted: boolean): Promise<UiResult<null>>;
  sendDtmf(callId: string, tone: string): Promise<UiResult<null>>;
  /** `attempt`: the bridge's attempt id when the bridge asked for this dial (sent as `X-Ringside-Attempt`). */
  dial(target: string, options?: { attempt?: string }): Promise<DialResult>;
  /** Refused by the compliance gate (a transfer to an outside number): `failure` says why; the call stays. */
  transferBlind(callId: string, target: string): Promise<TransferResult>;
  /** Holds `callId` and calls `target`; resolves once the consult call is answered or has failed. */
  startConsult(callId: string, target: string): Promise<DialResult>;
  /** REFER with Replaces: the caller is connected to the consulted party, this agent drops out. */
  completeConsult(callId: string): Promise<TransferResult>;
  /** Hangs up the consult call and resumes `callId`. */
  cancelConsult(callId: string): Promise<UiResult<null>>;
  /** Unregisters and closes the transport; calls in progress are hung up. Idempotent. */
  stop(): Promise<void>;
  /**
   * The WebRTC connection carrying this call's audio (a supervisor's voice is mixed into it: whisper, barge); when
   * the bridge's call id is not the phone's (a server-placed call), the one live call. Absent without audio (CTI).
   */
  callPeer?(callId: string): RTCPeerConnection | null;
}

export const ctiCapabilities: PhoneCapabilities = {
  answer: true,
  reject: true,
  hangup: true,
  hold: true,
  mute: false,
  dtmf: false,
  transfer: false,
  dial: false,
  audio: false,
};

export const webrtcCapabilities: PhoneCapabilities = {
  answer: true,
  reject: true,
  hangup: true,
  hold: true,
  mute: true,
  dtmf: true,
  transfer: true,
  dial: true,
  audio: true,
};

export const dtmfTones = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type DtmfTone = (typeof dtmfTones)[number];

export function isDtmfTone(value: string): value is DtmfTone {
  return (dtmfTones as readonly string[]).includes(value);
}
