import { basename } from 'node:path';
import { SessionState, type Session } from 'sip.js';
import { agentReoffer, holdCustomer, resumeCustomer } from './server-call-hold';
import { referred } from './server-call-referral';
import { playToCustomer } from './server-call-media';
import { AGENT_KEEPALIVE_REPLY_MS, KEEPALIVE_MS, sleep, type CallHost, type ServerCall } from './server-call';

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
 * An agent's machine that vanishes mid-call (power cut, network gone: no BYE, no WebSocket close) is found by a
 * body-less in-dialog INFO every `keepaliveMs` (5 s): no final reply within `agentKeepaliveReplyMs` (4 s), or a reply
 * saying the phone cannot be reached (Kamailio's 408/477/480, the phone's 481), and the agent's side ends — found
 * within about their sum, whatever Kamailio's transaction and TCP timers. The hub is told the agent hung up (their
 * interaction ends needing its disposition); the customer is not left talking to nobody: they hear the campaign's
 * message, then the bridge hangs up.
 */
export function keepAlive(host: CallHost, call: ServerCall): void {
  const every = host.deps.keepaliveMs ?? KEEPALIVE_MS;
  const replyMs = host.deps.agentKeepaliveReplyMs ?? AGENT_KEEPALIVE_REPLY_MS;
  let waiting = false;
  call.keepalive = setInterval(() => {
    const leg = call.agentLeg;
    if (waiting || !leg || leg.state !== SessionState.Established) return;
    waiting = true;
    const answered = () => {
      waiting = false;
      clearTimeout(timer);
    };
    const gone = (why: string) => {
      answered();
      if (call.phase !== 'connected' || leg !== call.agentLeg) return;
      host.deps.log.info('dialer: agent phone gone', {
        callId: call.request.callId,
        agentId: call.agentId,
        why,
      });
      agentVanished(host, call, leg);
    };
    const timer = setTimeout(() => gone('no reply'), replyMs);
    void leg
      .info({
        requestDelegate: {
          onAccept: answered,
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            if (PHONE_THERE.includes(code)) answered();
            else gone(String(code));
          },
        },
      })
      .catch(() => gone('not sent'));
  }, every);
}

/** The agent's side of a connected call is gone without a BYE: the hub is told, the customer hears the message. */
function agentVanished(host: CallHost, call: ServerCall, leg: Session): void {
  const { deps } = host;
  if (!call.released) deps.events()?.agentHungUp(call.hubCallId, deps.now());
  call.phase = 'message';
  if (call.keepalive) clearInterval(call.keepalive);
  call.keepalive = null;
  void leg.bye().catch(() => undefined);
  const agentTag = leg.dialog?.localTag;
  const file = deps.messageFile(call.request.campaignId, call.request.abandonMessage ?? null);
  const { ng, log } = deps;
  void (async () => {
    if (agentTag)
      await ng.command({ command: 'block media', 'call-id': call.ids.callId, 'from-tag': agentTag });
    await ng
      .command({ command: 'stop media', 'call-id': call.ids.callId, 'from-tag': call.ids.customerTag })
      .catch(() => undefined);
    return playToCustomer(ng, call.ids, file);
  })()
    .catch((error: unknown) => {
      log.warn('dialer: message not played', { callId: call.request.callId, error: String(error) });
      return 0;
    })
    .then(async (durationMs) => {
      log.info('dialer: message played', { callId: call.request.callId, durationMs, file: basename(file) });
      await sleep(durationMs + 300);
      host.end(call);
    });
}

/** The connected agent's leg ended (their BYE): the hub is told, the customer hung up. */
function agentGone(host: CallHost, call: ServerCall, leg: Session): void {
  // a leg the call no longer uses (transferred), or a vanished one whose customer hears the message
  if (leg !== call.agentLeg || call.phase === 'message') return;
  if (call.phase === 'connected' && !call.released)
    host.deps.events()?.agentHungUp(call.hubCallId, host.deps.now());
  host.end(call);
}
