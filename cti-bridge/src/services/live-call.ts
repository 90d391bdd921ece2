import type { CallOffer } from '../../protocol/call.schema';
import type { QueueRow } from '../repositories/reference.repository';

/** A call the bridge is handling right now (from arrival until the agent's wrap-up starts). */
export interface LiveCall {
  offer: Omit<CallOffer, 'offeredAt'>;
  queue: QueueRow;
  priority: number;
  status: 'queued' | 'ringing' | 'connected';
  agentId: number | null;
  offeredAt: number | null;
  answeredAt: number | null;
  held: boolean;
  declinedBy: Set<number>;
  ringTimer: NodeJS.Timeout | null;
}

export function offerOf(call: LiveCall): CallOffer {
  return { ...call.offer, offeredAt: call.offeredAt ?? call.offer.queuedAt };
}
