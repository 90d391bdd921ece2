import type { PbxEvents, PlacedCallEnded } from '../pbx/pbx-adapter';
import type { CallCenter } from '../services/call-center';
import type { Faults } from '../services/faults';
import type { OutboundDialing } from '../services/outbound/outbound-dialing';

export interface PbxEventsWiringDeps {
  faults: Faults;
  callCenter: CallCenter;
  dialing: Pick<OutboundDialing, 'hungUp' | 'held'>;
  /** The dialer's own PBX events (see `outbound.wiring.ts`). */
  outbound: Pick<PbxEvents, 'dialRequested' | 'outboundProgress' | 'placedCallEnded' | 'agentForAnswered'>;
}

/**
 * What the PBX reports, routed to the inbound ACD or the dialer (a hang-up or hold of a call the dialer placed is
 * the dialer's). The PBX reports from its own timers (the simulator's callers) and sockets (evapi): a failure is
 * contained here.
 */
export function pbxEvents({ faults, callCenter, dialing, outbound }: PbxEventsWiringDeps): PbxEvents {
  const fromPbx = <A extends unknown[]>(name: string, work: (...args: A) => void) =>
    faults.guarded(`pbx ${name}`, work);
  return {
    inboundCall: fromPbx('inboundCall', (call) => callCenter.inboundCall(call)),
    transferredCall: fromPbx('transferredCall', (call) => callCenter.transferredCall(call)),
    callInProgress: fromPbx('callInProgress', (call) => callCenter.callInProgress(call)),
    phoneBusy: fromPbx('phoneBusy', (agentId, callId) => callCenter.phoneBusy(agentId, callId)),
    phoneFree: fromPbx('phoneFree', (agentId, callId) => callCenter.phoneFree(agentId, callId)),
    callerHungUp: fromPbx('callerHungUp', (callId, at) => {
      if (!dialing.hungUp(callId, at, 'caller')) callCenter.callerHungUp(callId, at);
    }),
    agentHungUp: fromPbx('agentHungUp', (callId, at) => {
      if (!dialing.hungUp(callId, at, 'agent')) callCenter.agentHungUp(callId, at);
    }),
    callHeld: fromPbx(
      'callHeld',
      (callId: string, held: boolean, at: number) => void dialing.held(callId, held, at),
    ),
    callbackChosen: fromPbx('callbackChosen', (callId, at) => callCenter.callbackChosen(callId, at)),
    answered: fromPbx('answered', (callId, agentId, at) => callCenter.answered(callId, agentId, at)),
    ringFailed: fromPbx('ringFailed', (callId, agentId, reason, at) =>
      callCenter.ringFailed(callId, agentId, reason, at),
    ),
    dialRequested: outbound.dialRequested,
    agentForAnswered: outbound.agentForAnswered,
    outboundProgress: fromPbx('outboundProgress', outbound.outboundProgress),
    placedCallEnded: fromPbx('placedCallEnded', (ended: PlacedCallEnded) =>
      outbound.placedCallEnded?.(ended),
    ),
  };
}
