import { earlyMediaAnswer } from './carrier-prack';
import { carrierReoffer, classifyCarrierReoffer, mirroredAnswer } from './carrier-reoffer';
import type { LegMedia } from './dialer-user-agent';
import type { CallHost, ServerCall } from './server-call';
import { connectCustomer } from './server-call-connect';
import { carrierOffer } from './trunk-offer';

/**
 * Where the customer leg's SDP comes from (`LegMedia`). Early-offer trunk: rtpengine's offer in the INVITE, the
 * carrier's answer (the latest it sent) given to rtpengine. Delayed offer: the 200 OK's offer answered by the
 * connect window (an agent's answer, or the message's) in the ACK; a reliable 183's offer answered in the PRACK
 * against a stand-in (early media only), the customer keeping those ports (latched) and the agent found after the
 * 200 OK, as on an early-offer trunk. `pickedUp`: the customer answered (the connect window starts).
 */
export function customerLegMedia(
  host: CallHost,
  call: ServerCall,
  early: boolean,
  pickedUp: (sdp: string) => void,
): LegMedia {
  const { ng } = host.deps;
  const inDialog = {
    reoffer: (sdp: string) => carrierReoffered(host, call, sdp),
    refresh: () => carrierRefresh(call),
  };
  if (early)
    return {
      local: async () => (call.localSdp = await carrierOffer(ng, call.ids)),
      remote: async (answer) => {
        const sdp = call.carrier.latest ?? answer;
        pickedUp(sdp);
        await call.carrier.apply(sdp);
      },
      ...inDialog,
    };
  return {
    // sip.js hands over the first offer it saw (an unreliable 183's): the 200 OK's is the one to answer
    remote: async (offer) => pickedUp(call.carrier.latest ?? offer),
    local: async () => (call.localSdp = await connectCustomer(host, call)),
    early: async (offer) => {
      call.offer = offer;
      call.ids.latched = true;
      try {
        return (call.localSdp = await earlyMediaAnswer(ng, call.ids, offer));
      } catch (error) {
        // sip.js ends the session without a word to the carrier: CANCEL the INVITE, or it would ring on
        host.deps.log.warn('dialer: no answer for the PRACK', {
          callId: call.request.callId,
          error: String(error),
        });
        void call.customer.cancel().catch(() => undefined);
        throw error;
      }
    },
    ...inDialog,
  };
}

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
