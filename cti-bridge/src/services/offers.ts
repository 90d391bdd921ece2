import type { WithdrawReason } from '../../protocol/call.schema';
import { takesTransfers } from '../domain/agent-state-machine';
import type { PbxAdapter } from '../pbx/pbx-adapter';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { AgentFloor } from './agent-floor';
import type { AgentChannel } from './agent-channel';
import type { Faults } from './faults';
import { offerOf, type LiveCall } from './live-call';

export interface OffersDeps {
  now: () => number;
  pbx: PbxAdapter;
  floor: AgentFloor;
  interactions: InteractionsRepository;
  channel: AgentChannel;
  /** The ring timer and the ring after the pop report failures here; nothing escapes them. */
  faults: Faults;
  /** The ring timeout the bridge keeps itself (PBXs without their own) ran out; the offer is withdrawn. */
  onRingTimeout: (call: LiveCall) => void;
}

/** A leg a colleague's transfer started (offered to the chosen agent, never queued). */
export const isTransferLeg = (call: LiveCall) => call.offer.transferredFrom !== null;

/**
 * One offer's life at an agent: the pop, the agent's state, the ring, the ring timer, and taking it back. The
 * call center decides who is offered what; this keeps the order those steps need.
 */
export class Offers {
  constructor(private readonly deps: OffersDeps) {}

  /** Offers the call to the agent; false (nothing done) when the agent cannot take it now. */
  offer(call: LiveCall, agentId: number): boolean {
    const { deps } = this;
    const transfer = isTransferLeg(call);
    const { status, reason } = deps.floor.get(agentId);
    if (transfer ? !takesTransfers(status) : status !== 'ready') return false;
    call.notReadyReason = status === 'not-ready' ? (reason ?? 'not-ready') : null;
    const { callId, interactionId, ringTimeoutMs } = call.offer;
    const now = deps.now();
    call.status = 'ringing';
    call.agentId = agentId;
    call.offeredAt = now;
    // The ring goes out only once the pop is on the wire to the agent's consoles, so the pop reaches them with
    // or before the ring even when it had to wait behind another frame (a loop turn was not always enough).
    // It is written before the agent's own state change, whose frame would otherwise go first.
    const written = deps.channel.emitWritten(agentId, 'call:offered', offerOf(call));
    deps.floor.apply(agentId, { type: transfer ? 'transfer-offer' : 'offer', callId, interactionId });
    void written.then(
      deps.faults.guarded('ring after the pop', () => {
        if (call.status === 'ringing' && call.agentId === agentId)
          deps.pbx.ringAgent(callId, agentId, ringTimeoutMs);
      }),
    );
    deps.interactions.offered(interactionId, agentId, now);
    if (!deps.pbx.capabilities().ringTimeoutInPbx)
      call.ringTimer = setTimeout(
        deps.faults.guarded('ring timeout', () => deps.onRingTimeout(call)),
        ringTimeoutMs,
      );
    return true;
  }

  /** Takes a ringing offer back from its agent; the call is queued again unless the caller left. */
  withdraw(call: LiveCall, reason: WithdrawReason): void {
    const { deps } = this;
    const agentId = call.agentId;
    if (call.status !== 'ringing' || agentId === null) return;
    this.stopTimer(call);
    deps.pbx.stopRinging(call.offer.callId, agentId);
    deps.floor.apply(agentId, {
      type: 'offer-withdrawn',
      missed: reason === 'ring-timeout',
      ...(call.notReadyReason === null ? {} : { notReadyReason: call.notReadyReason }),
    });
    if (reason === 'ring-timeout' || reason === 'rejected') call.declinedBy.add(agentId);
    call.status = 'queued';
    call.agentId = null;
    call.offeredAt = null;
    if (reason !== 'caller-abandoned') deps.interactions.requeued(call.offer.interactionId);
    deps.channel.emit(agentId, 'call:offer-withdrawn', { callId: call.offer.callId, reason });
  }

  stopTimer(call: LiveCall): void {
    if (call.ringTimer) clearTimeout(call.ringTimer);
    call.ringTimer = null;
  }
}
