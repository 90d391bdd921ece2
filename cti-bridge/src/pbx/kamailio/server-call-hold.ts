import { carrierSdp } from './carrier-sdp';
import type { RtpengineNg } from './rtpengine-ng';
import { answerTo, directionOf, isHold, withDirection } from './sdp-direction';
import type { MediaIds } from './server-call-media';
import { latchedFlags } from './trunk-offer';

/**
 * A re-INVITE from the agent's softphone on a server-placed call (hold, resume, an ICE restart) is answered by the
 * bridge with rtpengine alone: no re-INVITE goes to the carrier. The agent's new offer runs through rtpengine as an
 * offer from the agent to the customer; the customer's side answers with the SDP the customer gave at the start
 * (their address does not change), its direction the mirror of the agent's. What the customer hears is the
 * bridge's business: on hold the agent's audio is blocked and rtpengine plays the hold music to the customer.
 */
export interface AgentReoffer {
  /** The SDP for the 200 OK to the agent's re-INVITE. */
  answer: string;
  /** The agent asked for hold (sendonly / inactive), or for two-way audio again. */
  hold: boolean;
}

const TO_PLAIN = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  DTLS: 'off',
  'rtcp-mux': ['demux'],
  SDES: ['off'],
  replace: ['origin', 'session-connection'],
};
/** Answering the browser: the DTLS role it already has (rtpengine passive), rtcp-mux kept. */
const TO_WEBRTC_ANSWER = {
  'transport-protocol': 'UDP/TLS/RTP/SAVPF',
  ICE: 'force',
  DTLS: 'passive',
  'rtcp-mux': ['require'],
  SDES: ['off'],
  flags: ['generate-mid'],
  replace: ['origin', 'session-connection'],
};

/** Runs the agent's re-offer through rtpengine; `customerSdp` is the customer's own SDP of the call. */
export async function agentReoffer(
  ng: RtpengineNg,
  ids: MediaIds,
  agentTag: string,
  agentSdp: string,
  customerSdp: string,
): Promise<AgentReoffer> {
  const offered = directionOf(agentSdp);
  const tags = { 'call-id': ids.callId, 'from-tag': agentTag, 'to-tag': ids.customerTag };
  // an early-offer call's customer keeps rtpengine's ports (they got them in the INVITE, and no new SDP now)
  await ng.command({ command: 'offer', ...tags, sdp: agentSdp, ...TO_PLAIN, ...latchedFlags(ids) });
  const customerAnswer = withDirection(carrierSdp(customerSdp), answerTo(offered));
  const reply = await ng.command({
    command: 'answer',
    ...tags,
    sdp: customerAnswer,
    ...TO_WEBRTC_ANSWER,
    ...latchedFlags(ids, TO_WEBRTC_ANSWER.flags),
  });
  if (!reply.sdp) throw new Error('rtpengine answer without SDP');
  return { answer: reply.sdp, hold: isHold(offered) };
}

/**
 * The customer on hold: the agent's audio no longer reaches them, and the hold music (looped) does, when there is
 * a file; without one (or if rtpengine cannot play it) they hear silence. Resolves with whether music plays.
 */
export async function holdCustomer(
  ng: RtpengineNg,
  ids: MediaIds,
  agentTag: string,
  musicFile: string | null,
): Promise<boolean> {
  await ng.command({ command: 'block media', 'call-id': ids.callId, 'from-tag': agentTag });
  if (musicFile === null) return false;
  await ng.command({
    command: 'play media',
    'call-id': ids.callId,
    'from-tag': ids.customerTag,
    file: musicFile,
    'repeat-times': 1000,
  });
  return true;
}

/** Off hold: the music stops and the agent's audio reaches the customer again. */
export async function resumeCustomer(ng: RtpengineNg, ids: MediaIds, agentTag: string): Promise<void> {
  await ng
    .command({ command: 'stop media', 'call-id': ids.callId, 'from-tag': ids.customerTag })
    .catch(() => undefined);
  await ng.command({ command: 'unblock media', 'call-id': ids.callId, 'from-tag': agentTag });
}
