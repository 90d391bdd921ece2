import { carrierReoffer, classifyCarrierReoffer, mirroredAnswer } from './carrier-reoffer';
import type { CallHost, ServerCall } from './server-call';

/**
 * The carrier re-INVITEs the customer's leg (`LegMedia.reoffer`): a session refresh gets the answer it already
 * has; hold or resume (the direction alone) our SDP mirrored; new media goes through rtpengine toward the connected
 * agent. New media while no agent is connected (the message, a transfer ringing) is refused (488) and the call
 * stays as it was. The agent's softphone is never re-INVITEd and the hub is not told: the customer's network
 * holding is not the agent's hold.
 */
export async function carrierReoffered(host: CallHost, call: ServerCall, offer: string): Promise<string> {
  const { ng, log } = host.deps;
  const ours = call.localSdp;
  const previous = call.offer;
  if (ours === null || previous === null) throw new Error('a re-offer before the call was set up');
  const change = classifyCarrierReoffer(previous, offer);
  log.info('dialer: carrier re-offer', {
    callId: call.request.callId,
    change: change.kind,
    phase: call.phase,
  });
  if (change.kind === 'refresh') return ours;
  let answer: string;
  if (change.kind === 'direction') answer = mirroredAnswer(ours, change.direction);
  else {
    const agentTag = call.agentLeg?.dialog?.localTag;
    if (call.phase !== 'connected' || !agentTag || call.agentSdp === null)
      throw new Error('new media from the carrier while no agent is connected');
    answer = await carrierReoffer(ng, call.ids, agentTag, call.agentSdp, offer);
  }
  call.offer = offer;
  call.localSdp = answer;
  return answer;
}

/** A re-INVITE without SDP (a session refresh that asks for ours): the SDP the carrier already has. */
export function carrierRefresh(call: ServerCall): string | null {
  return call.localSdp;
}
