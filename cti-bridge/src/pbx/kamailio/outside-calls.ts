import type { PbxEvents } from '../pbx-adapter';

/**
 * Calls an agent's phone makes or takes outside the bridge's routing — a manual dial the gate allowed, a call
 * with a colleague (consult) — by SIP Call-ID, with the agents they keep busy. Each agent is reported busy once
 * per call and free once when that call ends, however its end is learned (dialog end, failure, disconnect).
 */
export class OutsideCalls {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly events: () => PbxEvents | null) {}

  started(callId: string, agentIds: number[]): void {
    if (this.calls.has(callId) || agentIds.length === 0) return;
    this.calls.set(callId, agentIds);
    for (const agentId of agentIds) this.events()?.phoneBusy(agentId, callId);
  }

  ended(callId: string): void {
    const agentIds = this.calls.get(callId);
    if (!agentIds) return;
    this.calls.delete(callId);
    for (const agentId of agentIds) this.events()?.phoneFree(agentId, callId);
  }

  clear(): void {
    this.calls.clear();
  }
}
