import type { CallOffer } from '../../protocol/call.schema';

/**
 * The agents in wrap-up: the offer each one is wrapping (a reconnecting console restores that pop) and the timer
 * that ends the wrap-up time. At most one per agent; `onExpired` runs once when the time is up.
 */
export class WrapUpTimers {
  private readonly wrapping = new Map<number, { offer: CallOffer; timer: NodeJS.Timeout }>();

  constructor(private readonly onExpired: (agentId: number) => void) {}

  start(agentId: number, offer: CallOffer, durationMs: number): void {
    this.finish(agentId);
    const timer = setTimeout(() => {
      this.wrapping.delete(agentId);
      this.onExpired(agentId);
    }, durationMs);
    this.wrapping.set(agentId, { offer, timer });
  }

  offerOf(agentId: number): CallOffer | undefined {
    return this.wrapping.get(agentId)?.offer;
  }

  /** The wrap-up ended early (disposition stored, state changed, a transfer arrived): no expiry any more. */
  finish(agentId: number): void {
    const wrapping = this.wrapping.get(agentId);
    if (wrapping) clearTimeout(wrapping.timer);
    this.wrapping.delete(agentId);
  }

  stop(): void {
    for (const { timer } of this.wrapping.values()) clearTimeout(timer);
    this.wrapping.clear();
  }
}
