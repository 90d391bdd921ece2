import type { WaitingCall } from '../domain/routing';
import type { LiveCall } from './live-call';
import { isTransferLeg } from './offers';

/** The calls the bridge is handling right now, by PBX Call-ID, with the questions the ACD asks of them. */
export class LiveCalls extends Map<string, LiveCall> {
  /** The call at this agent's position: ringing, or connected. */
  atAgent(agentId: number): LiveCall | undefined {
    return [...this.values()].find((call) => call.agentId === agentId);
  }

  ringingAt(agentId: number): LiveCall | undefined {
    return [...this.values()].find((call) => call.status === 'ringing' && call.agentId === agentId);
  }

  /** This call, if it is connected to this agent. */
  connectedAt(agentId: number, callId: string): LiveCall | undefined {
    const call = this.get(callId);
    return call?.status === 'connected' && call.agentId === agentId ? call : undefined;
  }

  /** Queued calls for the router; a transfer leg waits for its one target instead. */
  waitingForRouting(): WaitingCall[] {
    return [...this.values()]
      .filter((call) => call.status === 'queued' && !isTransferLeg(call))
      .map((call) => ({
        callId: call.offer.callId,
        businessTypeId: call.offer.businessType.id,
        queuedAt: call.offer.queuedAt,
        priority: call.priority,
        declinedBy: call.declinedBy,
      }));
  }

  /** The same, as the live calls themselves (the queueing router reads tier, line and language off them). */
  waitingLive(): LiveCall[] {
    return [...this.values()].filter((call) => call.status === 'queued' && !isTransferLeg(call));
  }

  queuedCount(): number {
    return [...this.values()].filter((call) => call.status === 'queued').length;
  }
}
