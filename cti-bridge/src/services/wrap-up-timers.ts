import type { CallOffer } from '../../protocol/call.schema';
import type { QueueRow } from '../repositories/reference.repository';

export type WrapUpMode = QueueRow['wrapUpMode'];

interface Wrapping {
  offer: CallOffer;
  mode: WrapUpMode;
  /** Null once the time is over in a `disposition-required` queue: the agent stays, in overrun, until they save. */
  timer: NodeJS.Timeout | null;
}

/**
 * The agents in wrap-up: the offer each one is wrapping (a reconnecting console restores that pop) and the timer
 * that ends the wrap-up time. At most one per agent. When the time is over, an `auto-close` queue's wrap-up is
 * handed to `onAutoClose` (once) and forgotten; a `disposition-required` one is kept until `finish`.
 */
export class WrapUpTimers {
  private readonly wrapping = new Map<number, Wrapping>();

  constructor(private readonly onAutoClose: (agentId: number, interactionId: number) => void) {}

  start(agentId: number, offer: CallOffer, durationMs: number, mode: WrapUpMode): void {
    this.finish(agentId);
    const entry: Wrapping = { offer, mode, timer: null };
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (entry.mode === 'disposition-required') return;
      this.wrapping.delete(agentId);
      this.onAutoClose(agentId, offer.interactionId);
    }, durationMs);
    this.wrapping.set(agentId, entry);
  }

  modeOf(agentId: number): WrapUpMode | undefined {
    return this.wrapping.get(agentId)?.mode;
  }

  offerOf(agentId: number): CallOffer | undefined {
    return this.wrapping.get(agentId)?.offer;
  }

  /** The wrap-up ended early (disposition stored, a transfer arrived, the agent left): no expiry any more. */
  finish(agentId: number): void {
    const wrapping = this.wrapping.get(agentId);
    if (wrapping?.timer) clearTimeout(wrapping.timer);
    this.wrapping.delete(agentId);
  }

  stop(): void {
    for (const { timer } of this.wrapping.values()) if (timer) clearTimeout(timer);
    this.wrapping.clear();
  }
}
