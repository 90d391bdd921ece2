import { SessionState, type Session } from 'sip.js';
import { agentReoffer, holdCustomer, resumeCustomer } from './server-call-hold';
import { referred } from './server-call-referral';
import { KEEPALIVE_MS, type CallHost, type ServerCall } from './server-call';

/** Replies to the keepalive that only say INFO is not welcome: the phone is there. */
const PHONE_THERE = [405, 415, 420, 488, 501];

/** An agent's leg now carries the customer: its BYE, hold and transfer are this call's. */
export function agentConnected(host: CallHost, call: ServerCall, leg: Session): void {
  call.agentLeg = leg;
  call.phase = 'connected';
  // handled here: sip.js would otherwise follow the REFER itself, with a leg that has no media
  leg.delegate = { onRefer: (referral) => referred(host, call, leg, referral) };
  leg.stateChange.addListener((state) => {
    if (state === SessionState.Terminated) agentGone(host, call, leg);
  });
}

/**
 * The agent's softphone re-INVITEs (hold, resume): answered through rtpengine alone (no re-INVITE toward the
 * carrier); on hold the customer stops hearing the agent and hears the hold music, on resume the agent again.
 */
export async function agentReoffered(
  host: CallHost,
  call: ServerCall,
  agentTag: string,
  sdp: string,
): Promise<string> {
  const { ng, log } = host.deps;
  const { answer, hold } = await agentReoffer(ng, call.ids, agentTag, sdp, call.offer ?? '');
  if (call.agentLeg?.dialog?.localTag === agentTag) call.agentSdp = sdp;
  if (hold === call.held || call.phase !== 'connected') return answer;
  call.held = hold;
  try {
    if (hold) await holdCustomer(ng, call.ids, agentTag, host.deps.holdMusic?.() ?? null);
    else await resumeCustomer(ng, call.ids, agentTag);
  } catch (error) {
    log.warn('dialer: hold media not switched', { callId: call.request.callId, hold, error: String(error) });
  }
  log.info('dialer: agent hold', { callId: call.request.callId, hold });
  host.deps.events()?.callHeld?.(call.hubCallId, hold, host.deps.now());
  return answer;
}

/**
 * An agent's phone that dies mid-call (browser closed, machine off) sends no BYE: a body-less in-dialog INFO
 * every `keepaliveMs` finds it gone (Kamailio cannot reach it, or the phone no longer knows the dialog), and the
 * call ends as if the agent hung up — no customer is left connected to nobody.
 */
export function keepAlive(host: CallHost, call: ServerCall): void {
  const every = host.deps.keepaliveMs ?? KEEPALIVE_MS;
  call.keepalive = setInterval(() => {
    const leg = call.agentLeg;
    if (!leg || leg.state !== SessionState.Established) return;
    const gone = (code: number) => {
      if (call.phase !== 'connected') return;
      host.deps.log.info('dialer: agent phone gone', { callId: call.request.callId, code });
      agentGone(host, call, leg);
    };
    void leg
      .info({
        requestDelegate: {
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            if (!PHONE_THERE.includes(code)) gone(code);
          },
        },
      })
      .catch(() => gone(0));
  }, every);
}

/** The connected agent's leg ended (BYE, or its phone gone); a leg the call no longer uses (transferred) is let go. */
function agentGone(host: CallHost, call: ServerCall, leg: Session): void {
  if (leg !== call.agentLeg) return;
  if (call.phase === 'connected' && !call.released)
    host.deps.events()?.agentHungUp(call.hubCallId, host.deps.now());
  host.end(call);
}
