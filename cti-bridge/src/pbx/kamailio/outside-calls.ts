import type { AgentDirectory, PbxEvents } from '../pbx-adapter';
import { headerSafe } from './sip-call';
import type { BridgeAction, DialEvent, SuspendedTx } from './evapi-messages.schema';

export interface OutsideCallsDeps {
  events: () => PbxEvents | null;
  directory: () => AgentDirectory | null;
  send: (action: BridgeAction) => void;
  now: () => number;
}

/**
 * Calls an agent's phone makes or takes outside the bridge's routing — a manual dial the gate allowed, a call
 * with a colleague (consult) — by SIP Call-ID, with the agents they keep busy. Each agent is reported busy once
 * per call and free once when that call ends, however its end is learned (dialog end, failure, disconnect).
 */
export class OutsideCalls {
  private readonly calls = new Map<string, number[]>();
  /** Allowed dials by the transaction the decision was for: a decision that came too late ends them. */
  private readonly byDecision = new Map<string, string>();

  constructor(private readonly deps: OutsideCallsDeps) {}

  /** An agent's phone asks to dial a number: the compliance gate answers, and an allowed dial keeps them busy. */
  dial(dial: DialEvent): void {
    const tx = { tindex: dial.tindex, tlabel: dial.tlabel };
    const events = this.deps.events();
    if (!events) return;
    const agentId = this.deps.directory()?.agentIdOf(dial.agent) ?? null;
    if (agentId === null) {
      this.deps.send({ action: 'block', ...tx, reason: 'UNKNOWN_AGENT: this phone belongs to no agent' });
      return;
    }
    const decision = events.dialRequested({
      callId: dial.callid,
      agentId,
      to: dial.to,
      at: this.deps.now(),
      ...(dial.attempt === undefined ? {} : { attemptHeader: dial.attempt }),
    });
    if (!decision.allowed) {
      this.deps.send({ action: 'block', ...tx, reason: headerSafe(`${decision.code}: ${decision.reason}`) });
      return;
    }
    this.deps.send({ action: 'allow', ...tx });
    this.started(dial.callid, [dial.agent], tx);
  }

  /** A call between these SIP users (a consult), or one Kamailio tells a restarted bridge of. */
  started(callId: string, sipUsers: string[], decision?: SuspendedTx): void {
    const agentIds = this.agentIds(sipUsers);
    if (this.calls.has(callId) || agentIds.length === 0) return;
    this.calls.set(callId, agentIds);
    if (decision) this.byDecision.set(`${decision.tindex}:${decision.tlabel}`, callId);
    for (const agentId of agentIds) this.deps.events()?.phoneBusy(agentId, callId);
  }

  /** Kamailio had already given up on that transaction (503 after its timeout): the dial never happened. */
  decisionStale(decision: SuspendedTx): void {
    const callId = this.byDecision.get(`${decision.tindex}:${decision.tlabel}`);
    if (callId !== undefined) this.ended(callId);
  }

  has(callId: string): boolean {
    return this.calls.has(callId);
  }

  ended(callId: string): void {
    const agentIds = this.calls.get(callId);
    if (!agentIds) return;
    this.calls.delete(callId);
    for (const [key, id] of this.byDecision) if (id === callId) this.byDecision.delete(key);
    for (const agentId of agentIds) this.deps.events()?.phoneFree(agentId, callId);
  }

  clear(): void {
    this.calls.clear();
    this.byDecision.clear();
  }

  private agentIds(sipUsers: string[]): number[] {
    return sipUsers.flatMap((user) => {
      const agentId = this.deps.directory()?.agentIdOf(user) ?? null;
      return agentId === null ? [] : [agentId];
    });
  }
}
