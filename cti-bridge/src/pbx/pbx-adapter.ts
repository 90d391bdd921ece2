import type { QueuedCallPosition } from '../../protocol/queue.schema';
import type { DialDecision } from '../domain/dial-decision';

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
  /**
   * Data attached upstream (IVR, carrier SIP headers), header name → value, exactly as received: the bridge reads
   * only the configured headers and validates each (see routing rules); the adapter passes them on untouched.
   */
  attached?: Readonly<Record<string, unknown>>;
}

/** Why the bridge releases a call, where the PBX can tell the far end (see `PbxAdapter.hangup`). */
export type HangupWhy = 'callback-queued' | 'callback-already-queued';

/**
 * A caller an agent transferred now calls the transfer target, an agent's phone (blind: Referred-By; attended:
 * Replaces, taking over the consult call). The PBX holds the new leg until the bridge rings the agent
 * (`ringAgent`) or refuses it (`hangup`: the caller hears busy and the transfer fails).
 */
export interface TransferredCall {
  /** The new leg's call id. */
  callId: string;
  /** The call id of the leg the agent transferred. */
  fromCallId: string;
  agentId: number;
  kind: 'blind' | 'attended';
  at: number;
}

export type RingFailure = 'no-answer' | 'rejected' | 'unavailable';

export interface DialRequest {
  callId: string;
  /** The agent whose phone dials, or the agent a server-placed call is for (null: none reserved, predictive). */
  agentId: number | null;
  /** The dialled number as the phone sent it (R-URI user part). */
  to: string;
  at: number;
  /** Set when the phone dials a campaign attempt on the bridge's command (`X-Ringside-Attempt`). */
  attempt?: AttemptTag;
  /** The bridge's own SIP user agent placed it (a server-placed call): the attempt is already known by its ids. */
  byServer?: boolean;
  /**
   * The `X-Ringside-Attempt` header the phone's INVITE carried, as sent (unverified): the bridge's attempt id on
   * a dial it commanded. The gate checks it against the attempts it is waiting for.
   */
  attemptHeader?: string;
}

export type { DialDecision };

/**
 * A customer leg the bridge asks the PBX to place (campaign dials, callbacks). The ids travel with the call (the
 * sim keeps them, a SIP PBX puts them in `X-Ringside-Attempt`), so every progress event and the edge's gate know
 * which campaign, lead and attempt the call is.
 */
export interface OriginateRequest {
  /** The bridge's call id for this attempt; every progress event carries it. */
  callId: string;
  campaignId: number;
  leadId: number;
  attemptId: number;
  /** The number to call, E.164 (the gate already allowed it). */
  to: string;
  /** The caller ID to present. */
  callerId: string;
  /** Ring the customer at most this long, then report `no-answer`. */
  ringTimeoutMs: number;
  /** The agent the call is for (preview, progressive); null for a call launched ahead of agents (predictive). */
  agentId: number | null;
  /**
   * Predictive: what the callee hears when no agent takes their answer within the connect window (the campaign's
   * message: text or a recording); null: the PBX's default. Played where `capabilities().playMessage`.
   */
  abandonMessage?: string | null;
}

/**
 * How a placed call progresses. `ringing` may come once before the outcome; then exactly one of the others.
 * `answered` means a live person (or an undetected machine) picked up — for a server-placed call, and is connected
 * to its agent; `machine` an answering machine detected.
 */
export type OriginateProgress =
  | 'ringing'
  | 'answered'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'machine'
  /** Answered, but no agent took it within the connect window: the PBX played the message and hung up. */
  | 'abandoned';
export type OriginateOutcome = Exclude<OriginateProgress, 'ringing'>;

/** A dial an agent's phone asks for on the bridge's command: which campaign attempt it belongs to. */
export interface AttemptTag {
  campaignId: number;
  leadId: number;
  attemptId: number;
}

/** What the PBX reports. Each callback is invoked at most once per call and fact. */
export interface PbxEvents {
  inboundCall(call: InboundCall): void;
  transferredCall(call: TransferredCall): void;
  /** The caller hung up: before an answer this is an abandon, after it the end of the call. */
  callerHungUp(callId: string, at: number): void;
  /**
   * Optional: a waiting caller chose to be called back instead of waiting (an IVR's key press, a sim caller) and
   * left the line; the bridge keeps their place as a queue callback.
   */
  callbackChosen?(callId: string, at: number): void;
  /** The agent's side hung up a connected call (SIP BYE from the agent's phone). */
  agentHungUp(callId: string, at: number): void;
  /** The ringing agent's phone answered (a real SIP 200 OK, or the sim's connect). */
  answered(callId: string, agentId: number, at: number): void;
  /**
   * A call answered before this bridge started (it restarted mid-call) is still up at this agent's phone: the
   * bridge follows it to its end. Reported once per call; its end comes as `callerHungUp` / `agentHungUp`.
   */
  callInProgress(call: CallInProgress): void;
  /**
   * The agent's phone did not take the offer. A queued call is still up and waits for the next agent; a
   * transferred leg is over (the caller got the failure).
   */
  ringFailed(callId: string, agentId: number, reason: RingFailure, at: number): void;
  /**
   * The agent's phone is on a call the bridge does not route (a manual dial, a call with a colleague): the agent
   * is offered no queue call until `phoneFree` for that call. Once per agent and call, each.
   */
  phoneBusy(agentId: number, callId: string): void;
  phoneFree(agentId: number, callId: string): void;
  /** An agent's phone asks to dial out. Answered synchronously by the compliance gate; never throws. */
  dialRequested(request: DialRequest): DialDecision;
  /**
   * A placed customer leg moved on (see `OriginateProgress`): `ringing` at most once, then one outcome. After
   * `answered` the call ends with `callerHungUp` (the customer) or `agentHungUp`.
   */
  outboundProgress(callId: string, progress: OriginateProgress, at: number): void;
  /**
   * A call launched without an agent (predictive) was answered live: the bridge reserves a free agent of the
   * campaign for it (auto-answer, the pop at once) and names them, or says null (none free now). The PBX asks again,
   * without the agents in `tried`, whenever it may connect, until its connect window (2 s) ends; past it the call is
   * `abandoned` (message played). With an agent named, it reports `answered` once connected to them.
   */
  agentForAnswered?(callId: string, campaignId: number, tried: readonly number[]): number | null;
  /**
   * Optional: the agent's phone put a connected call on hold or took it off (a PBX that sees the phone's re-INVITE
   * itself: the Kamailio adapter's server-placed calls). Once per change.
   */
  callHeld?(callId: string, held: boolean, at: number): void;
  /**
   * A server-placed call that no running bridge follows ended (its bridge died and the PBX ended it): the attempt is
   * closed with this, once — a call this bridge still follows is never reported here.
   */
  placedCallEnded?(ended: PlacedCallEnded): void;
}

export interface PlacedCallEnded {
  attemptId: number;
  /** When the customer answered, or null when they never did. */
  answeredAt: number | null;
  endedAt: number;
}

export interface CallInProgress {
  callId: string;
  agentId: number;
  /** When the PBX saw the answer. */
  answeredAt: number;
}

/** Maps the PBX's identities (SIP usernames) to Ringside agents and back. */
export interface AgentDirectory {
  agentIdOf(sipUsername: string): number | null;
  sipUsernameOf(agentId: number): string | null;
}

export interface PbxCapabilities {
  /** True when answering is a console command the bridge relays (sim); false when the softphone answers (SIP). */
  answerFromConsole: boolean;
  /** True when the PBX enforces the ring timeout itself and reports `ringFailed` (Kamailio's branch timer). */
  ringTimeoutInPbx: boolean;
  hold: boolean;
  /**
   * True when calls go on without the bridge and the PBX tells the next bridge about them (Kamailio keeps
   * them); false when a call ends with its bridge (the in-process simulator), so a new bridge closes what the
   * last one left open.
   */
  callsOutliveBridge: boolean;
  /** The PBX places calls itself (`originate`); false when the agent's softphone dials on the bridge's command. */
  originate: boolean;
  /**
   * The agent's softphone can place a campaign call on the bridge's command (a real SIP phone). Where both this and
   * `originate` hold, a campaign's `serverPlaced` setting picks the way for preview-less progressive calls.
   */
  agentPhoneDials: boolean;
  /** Placed calls report `machine` for answering machines. */
  machineDetection: boolean;
  /** The bridge can end a connected call (`hangup`) without the agent's phone. */
  hangupConnected: boolean;
  /** The PBX can play a recorded message into a call (abandoned-call message, predictive). */
  playMessage: boolean;
  /** The PBX can fork a call's media to a listener (supervisor listen-in). */
  forkMedia: boolean;
}

/**
 * Forks a call's media to a supervisor's page (`capabilities().forkMedia`). The simulator has no audio: its offer
 * is null and the flow is the same. A real PBX (rtpengine `subscribe request` / `subscribe answer` /
 * `unsubscribe`) returns an SDP offer the page answers.
 */
export interface MediaFork {
  subscribe(callId: string): Promise<{ offer: string | null; handle: string }>;
  answer(callId: string, handle: string, sdp: string): Promise<void>;
  /** Stops one listener; `callEnded` when the call is over (its media session can be deleted with it). */
  unsubscribe(callId: string, handle: string, callEnded: boolean): Promise<void>;
}

export interface PbxAdapter {
  readonly kind: 'sim' | 'kamailio';
  capabilities(): PbxCapabilities;
  start(events: PbxEvents, directory: AgentDirectory): Promise<void>;
  stop(): Promise<void>;
  /** Alert the agent's phone for this call for at most `ringTimeoutMs`. */
  ringAgent(callId: string, agentId: number, ringTimeoutMs: number): void;
  /** Stop alerting the agent (rejection, abandon): the call stays up for the next agent. */
  stopRinging(callId: string, agentId: number): void;
  /** Connect the call to the agent; only used when `answerFromConsole`. Emits `answered`. */
  answer(callId: string, agentId: number): void;
  hold(callId: string, held: boolean): void;
  /**
   * Release the call from the bridge's side (agent hung up, or the caller waited past the queue's limit).
   * `callback-queued`: an upstream IVR asked for a callback in the caller's place and it was taken; a SIP PBX says
   * so in its final reply (603 Callback Queued) so the IVR confirms it to the caller and tries no other route.
   * `callback-already-queued`: the same, for a number that already had a request open in that queue (merged into
   * it): 603 Callback Already Queued, as final.
   */
  hangup(callId: string, why?: HangupWhy): void;
  /**
   * Place a customer leg (only when `capabilities().originate`); progress comes as `outboundProgress`. Connected
   * to `request.agentId` once answered. Returns false when the PBX cannot place it (not started, no capacity).
   */
  originate(request: OriginateRequest): boolean;
  /** Present when `capabilities().forkMedia`: listening in. */
  readonly mediaFork?: MediaFork;
  /**
   * Optional: waiting callers' positions and estimated waits, pushed when they change (at most about once a
   * second), for a PBX that announces them (a prompt) or passes them on (SIP headers). Ignored where absent.
   */
  queuePositions?(positions: readonly QueuedCallPosition[]): void;
  /**
   * The SIP headers the routing rules in force read from an inbound call (at most 16 RFC 3261 tokens): a PBX that
   * forwards attached headers passes only these, from its next call on, without a restart. Ignored where absent.
   */
  attachedHeaders?(headers: readonly string[]): void;
}

/** Sim-only: lets tests, demos and the HTTP API place a call into the simulated PBX. */
export interface CallInjector {
  injectCall(request: {
    from: string;
    to: string;
    patienceSec?: number;
    /** The caller chooses a callback after this long unless answered (instead of abandoning). */
    callbackAfterSec?: number;
    attached?: Record<string, string>;
  }): { callId: string };
}
