import type { PbxEvents } from '../pbx-adapter';

/**
 * Calls an agent's phone makes or takes outside the bridge's routing — a manual dial the gate allowed, a call
 * with a colleague (consult) — by SIP Call-ID, with the agents they keep busy. Each agent is reported busy once
 * per call and free once when that call ends, however its end is learned (dialog end, failure, disconnect).
 */
export class OutsideCalls {
  private readonly calls = new Map<string, number[]>();
  /** Allowed dials by the transaction the decision was for: a decision that came too late ends them. */
  private readonly byDecision = new Map<string, string>();

  constructor(private readonly events: () => PbxEvents | null) {}

  started(callId: string, agentIds: number[], decision?: { tindex: number; tlabel: number }): void {
    if (this.calls.has(callId) || agentIds.length === 0) return;
    this.calls.set(callId, agentIds);
    if (decision) this.byDecision.set(`${decision.tindex}:${decision.tlabel}`, callId);
    for (const agentId of agentIds) this.events()?.phoneBusy(agentId, callId);
  }

  /** Kamailio had already given up on that transaction (503 after its timeout): the dial never happened. */
  decisionStale(decision: { tindex: number; tlabel: number }): void {
    const callId = this.byDecision.get(`${decision.tindex}:${decision.tlabel}`);
    if (callId !== undefined) this.ended(callId);
  }

  ended(callId: string): void {
    const agentIds = this.calls.get(callId);
    if (!agentIds) return;
    this.calls.delete(callId);
    for (const [key, id] of this.byDecision) if (id === callId) this.byDecision.delete(key);
    for (const agentId of agentIds) this.events()?.phoneFree(agentId, callId);
  }

  clear(): void {
    this.calls.clear();
    this.byDecision.clear();
  }
}
