import { callAnswered, callEnded, callHeld, callStore } from '../features/call/call-store';
import { holdMicrophone, shouldAutoAnswer } from '../features/campaigns/auto-answer';
import { outboundStore } from '../features/campaigns/outbound-store';
import { sessionStore } from '../features/login/session-store';
import { sendCommand } from '../services/cti-client';
import { ringsideApi } from '../services/ringside-api';
import { configurePhone, startPhone, stopPhone } from '../services/softphone/softphone';
import { setNeedsSignIn, softphoneStore } from '../services/softphone/softphone-store';

/** Without credentials the CTI phone runs; against a real PBX that means the agent must sign in again. */
async function checkPbx(): Promise<void> {
  const health = await ringsideApi.health();
  const session = sessionStore.get();
  if (health.ok && health.data.pbx === 'kamailio' && session.kind === 'authenticated' && !session.sip)
    setNeedsSignIn();
}

function followSession(): void {
  const session = sessionStore.get();
  if (session.kind === 'authenticated') {
    startPhone(session.sip);
    if (!session.sip) void checkPbx();
  } else if (session.kind === 'anonymous') void stopPhone();
}

/**
 * Ties the phone to the session, not to a component: it starts at sign-in, stops at sign-out, and nothing React
 * does in between (re-renders, remounts, StrictMode double effects) can touch a call. Called once at start-up.
 */
export function wireSoftphone(): void {
  configurePhone(
    {
      answered: callAnswered,
      held: (fact) => callHeld(fact.callId, fact.held),
      ended: callEnded,
    },
    {
      onHeld: (callId, held) => {
        callHeld(callId, held);
        // The bridge records hold for calls it routed (supervisors see it); its PBX adapter does nothing more.
        if (callStore.get().call?.offer.callId === callId)
          void sendCommand('call:hold', { callId, hold: held });
      },
      autoAnswer: (bridgeCallId) => shouldAutoAnswer(bridgeCallId),
    },
  );
  sessionStore.subscribe(followSession);
  followSession();
  // a WebRTC agent on auto-answer keeps the microphone open, so a connected call does not wait for it
  const followAutoAnswer = () =>
    holdMicrophone(
      Boolean(outboundStore.get().joined?.autoAnswer) &&
        softphoneStore.get().kind === 'webrtc' &&
        sessionStore.get().kind === 'authenticated',
    );
  outboundStore.subscribe(followAutoAnswer);
  softphoneStore.subscribe(followAutoAnswer);
  sessionStore.subscribe(followAutoAnswer);
}
