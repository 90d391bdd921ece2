import { Inviter, SessionState } from 'sip.js';
import type { DialerUserAgent } from './dialer-user-agent';
import type { RtpengineNg } from './rtpengine-ng';
import { agentOffer, customerAnswer, type MediaIds } from './server-call-media';

export interface AgentLegRequest {
  /** The agent's SIP user (their registered softphone). */
  sipUser: string;
  /** The customer's number, shown by the softphone as the caller. */
  customer: string;
  customerOffer: string;
  /** The bridge's call id and the campaign attempt, so the console pairs the ring with its call. */
  callId: string;
  attemptHeader: string;
  /** Give up (CANCEL) after this long: the connect window's rest. */
  budgetMs: number;
  /** The softphone's re-INVITE once connected (hold, resume): the answer for its 200 OK (`LegMedia.reoffer`). */
  reoffer?: (agentTag: string, sdp: string) => Promise<string>;
}

export type AgentLegResult =
  | { ok: true; leg: Inviter; customerAnswer: string; agentSdp: string }
  | { ok: false; reason: 'rejected' | 'timeout' | 'media' };

/**
 * Rings one agent's softphone with the customer's media (rtpengine turns the carrier's plain RTP into DTLS-SRTP +
 * ICE) and waits for its auto-answer; resolves with the plain answer for the customer's ACK, or why not. Never
 * leaves a leg half set up: a leg given up on is cancelled, and one that answers too late is ended by sip.js.
 */
export function ringAgentLeg(
  ua: DialerUserAgent,
  ng: RtpengineNg,
  ids: MediaIds,
  request: AgentLegRequest,
): Promise<AgentLegResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: AgentLegResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const leg = new Inviter(ua.ua, ua.uri(request.sipUser), {
      params: { fromUri: ua.uri(request.customer), fromDisplayName: request.customer },
      extraHeaders: [
        'X-Ringside-Dialer: 1',
        'X-Ringside-Leg: agent',
        `X-Ringside-Attempt: ${request.attemptHeader}`,
        `X-Ringside-Call: ${request.callId}`,
        `Call-Info: <${ua.uri(request.sipUser).toString()}>;answer-after=0`,
      ],
    });
    const agentTag = leg.request.fromTag;
    let answer: string | null = null;
    let agentSdp = '';
    const { reoffer } = request;
    ua.attach(leg, {
      local: () => agentOffer(ng, ids, request.customerOffer, agentTag),
      remote: async (sdp) => {
        agentSdp = sdp;
        answer = await customerAnswer(ng, ids, agentTag, sdp);
      },
      ...(reoffer ? { reoffer: (sdp: string) => reoffer(agentTag, sdp) } : {}),
    });
    const timer = setTimeout(() => {
      settle({ ok: false, reason: 'timeout' });
      void leg.cancel().catch(() => undefined);
    }, request.budgetMs);
    leg.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        if (answer !== null && !settled) settle({ ok: true, leg, customerAnswer: answer, agentSdp });
        else void leg.bye().catch(() => undefined);
      }
      if (state === SessionState.Terminated) settle({ ok: false, reason: 'rejected' });
    });
    leg.invite().catch(() => settle({ ok: false, reason: 'media' }));
  });
}
