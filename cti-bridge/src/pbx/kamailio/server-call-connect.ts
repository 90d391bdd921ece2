import { basename } from 'node:path';
import { ringAgentLeg } from './agent-leg';
import { agentReoffered, keepAlive } from './server-call-agent';
import { customerKeepAlive } from './server-call-customer';
import { messageAnswer, playToCustomer } from './server-call-media';
import { attemptHeader, CONNECT_WINDOW_MS, sleep, type CallHost, type ServerCall } from './server-call';

/** Kept back from the window for the message's own setup (two rtpengine commands and the ACK) under load. */
const MESSAGE_MARGIN_MS = 200;

/**
 * Runs inside sip.js's wait for the ACK's answer: an agent's answer, or the message's; throwing ends the call.
 * Agents are rung one after the other until the connect window (less the message's margin) is over.
 */
export async function connectCustomer(host: CallHost, call: ServerCall): Promise<string> {
  const { deps } = host;
  const { request } = call;
  const windowMs = deps.connectWindowMs ?? CONNECT_WINDOW_MS;
  const deadline = call.pickedUpAt + windowMs - MESSAGE_MARGIN_MS;
  const tried: number[] = [];
  const offer = call.offer ?? '';
  while (deps.now() < deadline && !call.released) {
    const agentId = nextAgent(host, call, tried);
    if (agentId === null) {
      await sleep(50);
      continue;
    }
    tried.push(agentId);
    const sipUser = deps.directory()?.sipUsernameOf(agentId) ?? null;
    if (sipUser === null) continue;
    const result = await ringAgentLeg(deps.ua, deps.ng, call.ids, {
      sipUser,
      customer: request.to,
      customerOffer: offer,
      callId: request.callId,
      attemptHeader: attemptHeader(request),
      budgetMs: Math.max(100, deadline - deps.now()),
      reoffer: (agentTag, sdp) => agentReoffered(host, call, agentTag, sdp),
    });
    if (!result.ok) {
      deps.log.info('dialer: agent leg failed', { callId: request.callId, agentId, reason: result.reason });
      continue;
    }
    if (call.released) {
      void result.leg.bye().catch(() => undefined);
      break;
    }
    call.agentSdp = result.agentSdp;
    call.agentId = agentId;
    host.agentConnected(call, result.leg);
    return result.customerAnswer;
  }
  if (call.released) throw new Error('released');
  call.phase = 'message';
  host.report(call, 'abandoned');
  return messageAnswer(deps.ng, call.ids, offer);
}

/** An early-offer customer answered (their 200 OK was ACKed): connect them within the window, or the message. */
export async function connectAnswered(host: CallHost, call: ServerCall): Promise<void> {
  try {
    await connectCustomer(host, call);
  } catch (error) {
    if (!call.released)
      host.deps.log.warn('dialer: answered customer not connected', {
        callId: call.request.callId,
        error: String(error),
      });
    host.end(call);
    return;
  }
  customerConnected(host, call);
}

/** The agent the call was placed for first, then whoever the bridge has free (never one that failed it). */
function nextAgent(host: CallHost, call: ServerCall, tried: readonly number[]): number | null {
  const own = call.request.agentId;
  if (own !== null && !tried.includes(own)) return own;
  return host.deps.events()?.agentForAnswered?.(call.request.callId, call.request.campaignId, tried) ?? null;
}

/** The customer's leg is up (ACKed): with an agent, the call is answered; without one, the message plays. */
export function customerConnected(host: CallHost, call: ServerCall): void {
  const { deps } = host;
  if (call.phase === 'connected') {
    const connectMs = deps.now() - call.pickedUpAt;
    deps.log.debug('dialer: connected', {
      callId: call.request.callId,
      connectMs,
      pickedUpAt: call.pickedUpAt,
    });
    host.report(call, 'answered');
    keepAlive(host, call);
    customerKeepAlive(host, call);
    return;
  }
  if (call.phase !== 'message') return;
  deps.log.debug('dialer: message answer', {
    callId: call.request.callId,
    connectMs: deps.now() - call.pickedUpAt,
  });
  const file = deps.messageFile(call.request.campaignId, call.request.abandonMessage ?? null);
  void playToCustomer(deps.ng, call.ids, file)
    .catch((error: unknown) => {
      deps.log.warn('dialer: message not played', { callId: call.request.callId, error: String(error) });
      return 0;
    })
    .then(async (durationMs) => {
      deps.log.info('dialer: message played', {
        callId: call.request.callId,
        durationMs,
        file: basename(file),
      });
      await sleep(durationMs + 300);
      host.end(call);
    });
}
