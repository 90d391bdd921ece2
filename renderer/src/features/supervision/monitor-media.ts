import { sendCommand } from '../../services/cti-client';
import type { MonitorSession } from '../../services/protocol';
import { micConstraints } from '../../services/softphone/media-devices';
import { gathered } from '../../services/softphone/supervisor-voice';
import { uiError, type UiResult } from '../../services/ui-error';

/**
 * The supervisor's side of listening in, plain WebRTC (no SIP): the call's audio arrives on a connection that
 * answers the PBX's offer (rtpengine's subscription: one receive-only m= line per party) and plays here; whisper
 * and barge add a second connection carrying this supervisor's microphone to the agent's page, which mixes it in.
 */
interface Media {
  listen: RTCPeerConnection | null;
  audio: HTMLAudioElement | null;
  talk: RTCPeerConnection | null;
  mic: MediaStream | null;
}

const media = new Map<string, Media>();
const ok: UiResult<null> = { ok: true, data: null };
const failed = (message: string): UiResult<null> => ({ ok: false, error: uiError('NOT_AVAILABLE', message) });

const entry = (monitorId: string): Media => {
  let found = media.get(monitorId);
  if (!found) {
    found = { listen: null, audio: null, talk: null, mic: null };
    media.set(monitorId, found);
  }
  return found;
};

/** Answers the session's media offer and plays both parties; the simulated PBX has none (nothing to do). */
export async function connectListening(session: MonitorSession): Promise<UiResult<null>> {
  if (session.offer === null) return ok;
  const m = entry(session.monitorId);
  if (m.listen) return ok;
  const pc = new RTCPeerConnection({ iceServers: [], rtcpMuxPolicy: 'require' });
  m.listen = pc;
  const heard = new MediaStream();
  m.audio = new Audio();
  m.audio.autoplay = true;
  pc.ontrack = (event) => {
    heard.addTrack(event.track);
    if (!m.audio) return;
    m.audio.srcObject = heard;
    void m.audio.play().catch(() => undefined);
  };
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: session.offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
  } catch (err) {
    console.warn('[supervision] listen offer refused', err);
    disconnectMonitor(session.monitorId);
    return failed('the call audio could not be connected');
  }
  const res = await sendCommand('monitor:answer', {
    monitorId: session.monitorId,
    sdp: pc.localDescription?.sdp ?? '',
  });
  if (!res.ok) disconnectMonitor(session.monitorId);
  return res;
}

/** Whisper / barge: this supervisor's microphone to the agent's page (once per session; modes switch there). */
export async function connectTalking(monitorId: string): Promise<UiResult<null>> {
  const m = entry(monitorId);
  if (m.talk) return ok;
  const pc = new RTCPeerConnection({ iceServers: [] });
  m.talk = pc;
  try {
    m.mic = await navigator.mediaDevices.getUserMedia({ audio: micConstraints(), video: false });
    for (const track of m.mic.getAudioTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
  } catch (err) {
    console.warn('[supervision] microphone or voice offer failed', err);
    closeTalk(m);
    return failed('the microphone could not be used');
  }
  const res = await sendCommand('monitor:talk', { monitorId, sdp: pc.localDescription?.sdp ?? '' });
  if (!res.ok || media.get(monitorId) !== m || m.talk !== pc) {
    closeTalk(m);
    return res.ok ? ok : res;
  }
  try {
    await pc.setRemoteDescription({ type: 'answer', sdp: res.data.sdp });
  } catch (err) {
    console.warn("[supervision] the agent's voice answer was refused", err);
    closeTalk(m);
    return failed("the agent's console could not take the voice");
  }
  return ok;
}

function closeTalk(m: Media): void {
  m.talk?.close();
  m.talk = null;
  m.mic?.getTracks().forEach((track) => track.stop());
  m.mic = null;
}

/** The session ended (stopped, or its call ended): both connections close, the microphone is released. */
export function disconnectMonitor(monitorId: string): void {
  const m = media.get(monitorId);
  if (!m) return;
  media.delete(monitorId);
  closeTalk(m);
  m.listen?.close();
  if (m.audio) {
    m.audio.pause();
    m.audio.srcObject = null;
  }
}

/** Sign-out: every session's media. */
export function disconnectAllMonitors(): void {
  for (const monitorId of [...media.keys()]) disconnectMonitor(monitorId);
}
