import { agentStateStore } from '../agent-state/agent-state-store';
import { micConstraints } from '../../services/softphone/media-devices';
import { outboundStore } from './outbound-store';

/** How long a dialer's INVITE waits for its card when the SIP ring beats the CTI push (they leave together). */
const CARD_WAIT_MS = 1_500;

/** On auto-answer: the agent works a campaign whose calls arrive connected, and is ready for the next one. */
export function autoAnswerArmed(): boolean {
  const joined = outboundStore.get().joined;
  const status = agentStateStore.get()?.status;
  // 'ringing': the bridge has already reserved this agent for the call now being connected
  return Boolean(joined?.autoAnswer) && (status === 'ready' || status === 'ringing');
}

const cardCallId = () => outboundStore.get().card?.call?.callId ?? null;

/**
 * Whether the softphone answers the bridge's dialer's INVITE for `bridgeCallId` by itself: only while the agent is
 * on auto-answer, and only for the call whose card the bridge gave this agent — never an arbitrary call.
 */
export function shouldAutoAnswer(bridgeCallId: string, waitMs = CARD_WAIT_MS): Promise<boolean> {
  if (!autoAnswerArmed()) return Promise.resolve(false);
  if (cardCallId() === bridgeCallId) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      window.clearTimeout(timer);
      unsubscribe();
      resolve(answer);
    };
    const timer = window.setTimeout(() => done(false), waitMs);
    const unsubscribe = outboundStore.subscribe(() => {
      if (cardCallId() === bridgeCallId) done(autoAnswerArmed());
    });
  });
}

let warmMic: MediaStream | null = null;
let wanted = false;
let pending = false;

/**
 * Holds the microphone open while the agent is on auto-answer: the first capture of a page costs 300–470 ms, which
 * a call connected within the law's 2 s cannot spare. Released when the agent leaves the campaign or signs out.
 */
export function holdMicrophone(hold: boolean): void {
  wanted = hold;
  if (!hold) {
    warmMic?.getTracks().forEach((track) => track.stop());
    warmMic = null;
    return;
  }
  if (warmMic || pending || !navigator.mediaDevices?.getUserMedia) return;
  pending = true;
  void navigator.mediaDevices
    .getUserMedia({ audio: micConstraints(), video: false })
    .then((stream) => {
      if (wanted && !warmMic) warmMic = stream;
      else stream.getTracks().forEach((track) => track.stop());
    })
    .catch((err: unknown) => console.warn('[softphone] no microphone for auto-answer', err))
    .finally(() => (pending = false));
}
