/**
 * The seam between Ringside and a phone system. The bridge owns every routing decision; the adapter only
 * reports what happens on the wire and carries out what the bridge decided. `sim` (in-process) and `kamailio`
 * (SIP edge over evapi) implement it; only main.ts chooses one.
 */

export interface InboundCall {
  /** Unique per call for the PBX's lifetime (sim id or SIP Call-ID). */
  callId: string;
  /** Caller id exactly as the PBX saw it (From header, ANI…); normalised by the bridge. */
  from: string;
  /** The dialled service number (DID). */
  to: string;
  at: number;
}

/** What the PBX reports. Each callback is invoked at most once per call and fact. */
export interface PbxEvents {
  inboundCall(call: InboundCall): void;
  /** The caller hung up: before an answer this is an abandon, after it the end of the call. */
  callerHungUp(callId: string, at: number): void;
  /** The ringing agent's phone answered (a real SIP 200 OK, or the sim's connect). */
  answered(callId: string, agentId: number, at: number): void;
}

export interface PbxCapabilities {
  /** True when answering is a console command the bridge relays (sim); false when the softphone answers (SIP). */
  answerFromConsole: boolean;
  hold: boolean;
}

export interface PbxAdapter {
  readonly kind: 'sim' | 'kamailio';
  capabilities(): PbxCapabilities;
  start(events: PbxEvents): Promise<void>;
  stop(): Promise<void>;
  /** Alert the agent's phone for this call. */
  ringAgent(callId: string, agentId: number): void;
  /** Stop alerting the agent (ring timeout, rejection, abandon): the call stays up for the next agent. */
  stopRinging(callId: string, agentId: number): void;
  /** Connect the call to the agent; only used when `answerFromConsole`. Emits `answered`. */
  answer(callId: string, agentId: number): void;
  hold(callId: string, held: boolean): void;
  /** Release the call from the bridge's side (agent hung up, or the caller waited past the queue's limit). */
  hangup(callId: string): void;
}

/** Sim-only: lets tests, demos and the HTTP API place a call into the simulated PBX. */
export interface CallInjector {
  injectCall(request: { from: string; to: string; patienceSec?: number }): { callId: string };
}
