import { URI, UserAgent, Web, type Session } from 'sip.js';
import type { DtmfTone } from './phone';
import type { RejectResponse } from './sip-reason';

/** Call-level operations on one sip.js session. Each resolves to whether the far end accepted it. */

function handlerOf(session: Session): Web.SessionDescriptionHandler | null {
  const sdh = session.sessionDescriptionHandler;
  return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
}

/** Hold = re-INVITE with `a=sendonly` (sip.js SDH `hold` option); resume = re-INVITE with `a=sendrecv`. */
export function reinviteHold(session: Session, hold: boolean): Promise<boolean> {
  const options: Web.SessionDescriptionHandlerOptions = { hold };
  session.sessionDescriptionHandlerOptionsReInvite = options;
  return new Promise((resolve) => {
    session
      .invite({
        requestDelegate: { onAccept: () => resolve(true), onReject: () => resolve(false) },
      })
      .catch((err: unknown) => {
        console.warn('[softphone] re-INVITE failed', err);
        resolve(false);
      });
  });
}

/** Mute is local: the microphone track stops feeding the sender, the SIP dialog is unchanged. */
export function setSenderEnabled(session: Session, enabled: boolean): boolean {
  const sdh = handlerOf(session);
  if (!sdh) return false;
  sdh.enableSenderTracks(enabled);
  return true;
}

/**
 * DTMF as RFC 4733 telephone-events in the media stream (RTCDTMFSender). Falls back to SIP INFO
 * (application/dtmf-relay) only if the peer did not negotiate telephone-event.
 */
export async function sendTone(session: Session, tone: DtmfTone): Promise<boolean> {
  const sdh = handlerOf(session);
  if (sdh?.sendDtmf(tone, { duration: 120, interToneGap: 70 })) return true;
  try {
    await session.info({
      requestOptions: {
        body: {
          contentDisposition: 'render',
          contentType: 'application/dtmf-relay',
          content: `Signal=${tone}\r\nDuration=120`,
        },
      },
    });
    return true;
  } catch (err) {
    console.warn('[softphone] DTMF INFO failed', err);
    return false;
  }
}

/** A URI that prints in angle brackets, as a Refer-To with URI headers must be written (RFC 3261 20.1). */
class NameAddrUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

/**
 * Refer-To for an attended transfer to another agent: the agent's address of record plus Replaces for the
 * consult dialog, so the caller's INVITE goes through the PBX's location lookup. (sip.js's own form uses the
 * consult dialog's Contact, a `*.invalid` WebSocket address nobody but the proxy can reach.)
 */
export function replacesUri(aor: string, consult: Session): URI | null {
  const dialog = consult.dialog;
  const base = UserAgent.makeURI(aor);
  if (!dialog || !base) return null;
  const replaces = encodeURIComponent(
    `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`,
  );
  return new NameAddrUri(base.scheme, base.user ?? '', base.host, base.port, {}, { Replaces: [replaces] });
}

/**
 * REFER `session`'s far end to a URI (blind), to a prepared Replaces URI, or to another session (attended, sip.js's
 * Refer-To with the session's Contact and Replaces).
 */
export function refer(
  session: Session,
  target: string | URI | Session,
  onRefused?: (response: RejectResponse) => void,
): Promise<boolean> {
  const referTo = typeof target === 'string' ? UserAgent.makeURI(target) : target;
  if (!referTo) return Promise.resolve(false);
  return new Promise((resolve) => {
    session
      .refer(referTo, {
        requestDelegate: {
          onAccept: () => resolve(true),
          onReject: (response) => {
            const { message } = response;
            onRefused?.({
              statusCode: message.statusCode ?? 0,
              reasonPhrase: message.reasonPhrase ?? '',
              reason: message.getHeader('Reason'),
              xReason: message.getHeader('X-Reason'),
            });
            resolve(false);
          },
        },
      })
      .catch((err: unknown) => {
        console.warn('[softphone] REFER failed', err);
        resolve(false);
      });
  });
}

/** The call's WebRTC connection; undefined before it exists. */
export function peerConnectionOf(session: Session | undefined): RTCPeerConnection | undefined {
  return session ? handlerOf(session)?.peerConnection : undefined;
}

/** The far end's audio, for an <audio> element; null before the peer connection exists. */
export function remoteStreamOf(session: Session): MediaStream | null {
  return handlerOf(session)?.remoteMediaStream ?? null;
}

/**
 * Moves a live call to another microphone without renegotiating: a new capture track replaces the old one on the
 * audio sender (mute carries over); sip.js's local stream is kept in step so its hold and mute see the new track.
 */
export async function switchMicrophone(
  session: Session,
  constraints: MediaTrackConstraints,
  muted: boolean,
): Promise<boolean> {
  const sdh = handlerOf(session);
  const sender = sdh?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
  if (!sdh || !sender) return false;
  let track: MediaStreamTrack | undefined;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
    track = stream.getAudioTracks()[0];
    if (!track) return false;
    track.enabled = !muted;
    const old = sender.track;
    await sender.replaceTrack(track);
    if (old) {
      old.stop();
      sdh.localMediaStream.removeTrack(old);
    }
    sdh.localMediaStream.addTrack(track);
    return true;
  } catch (err) {
    track?.stop();
    console.warn('[softphone] microphone switch failed', err);
    return false;
  }
}
