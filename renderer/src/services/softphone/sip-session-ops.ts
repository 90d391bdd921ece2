import { UserAgent, Web, type Session } from 'sip.js';
import type { DtmfTone } from './phone';

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

/** REFER `session`'s far end to a URI (blind) or to another session (attended: Refer-To with Replaces). */
export function refer(session: Session, target: string | Session): Promise<boolean> {
  const referTo = typeof target === 'string' ? UserAgent.makeURI(target) : target;
  if (!referTo) return Promise.resolve(false);
  return new Promise((resolve) => {
    session
      .refer(referTo, {
        requestDelegate: { onAccept: () => resolve(true), onReject: () => resolve(false) },
      })
      .catch((err: unknown) => {
        console.warn('[softphone] REFER failed', err);
        resolve(false);
      });
  });
}

/** The far end's audio, for an <audio> element; null before the peer connection exists. */
export function remoteStreamOf(session: Session): MediaStream | null {
  return handlerOf(session)?.remoteMediaStream ?? null;
}

/** The peer connection, for `getStats` (tests, diagnostics). */
export function peerConnectionOf(session: Session): RTCPeerConnection | null {
  return handlerOf(session)?.peerConnection ?? null;
}
