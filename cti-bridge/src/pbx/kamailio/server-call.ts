import type { Inviter, Session } from 'sip.js';
import type { Logger } from '../../logger';
import type { AgentDirectory, OriginateProgress, OriginateRequest, PbxEvents } from '../pbx-adapter';
import type { CarrierAnswers } from './carrier-answers';
import type { DialerUserAgent } from './dialer-user-agent';
import type { RtpengineNg } from './rtpengine-ng';
import type { AttendedLeg } from './server-call-attended';
import type { OutsideLeg } from './server-call-outside';
import type { TransferLeg } from './server-call-transfer';
import type { MediaIds } from './server-call-media';
import type { TrunkOffer } from './trunk-offer';

/** The law's minimum ring time for a placed call (US TSR: 15 s or four rings); shorter requests are raised to it. */
export const MIN_RING_MS = 15_000;
/** From the customer's answer to their connection to an agent, or else the message (US TSR / Ofcom: 2 s). */
export const CONNECT_WINDOW_MS = 2_000;
/**
 * How often a connected agent leg is checked (an in-dialog INFO through Kamailio to the softphone), and how long
 * the check waits for the phone's reply: an agent machine that vanished (power cut, network gone: no BYE, no
 * WebSocket close) is found within about their sum, not Kamailio's own transaction or TCP timers.
 */
export const KEEPALIVE_MS = 5_000;
export const AGENT_KEEPALIVE_REPLY_MS = 4_000;
/** How often a connected customer leg is checked (an in-dialog INFO toward the carrier). */
export const CUSTOMER_KEEPALIVE_MS = 30_000;

export type Phase =
  | 'dialing'
  | 'ringing'
  | 'connecting'
  | 'connected'
  | 'transferring'
  /** Transferred to an outside number: ringing it, or talking with it (the hub no longer follows the call). */
  | 'outside'
  | 'message'
  | 'ended';

/** One server-placed call: the customer's leg, the agent's leg once connected, and where the call is. */
export interface ServerCall {
  request: OriginateRequest;
  customer: Inviter;
  ids: MediaIds;
  phase: Phase;
  /** The final outcome was reported (at most once per call). */
  reported: boolean;
  ringing: boolean;
  /** The customer's SDP the call is connected with: their offer (200 OK), or on an early-offer trunk their answer. */
  offer: string | null;
  /** The SDP the carrier has from us: the ACK's answer, or on an early-offer trunk the INVITE's offer. */
  localSdp: string | null;
  /** The connected agent's own SDP of the call (their answer, or their last re-offer). */
  agentSdp: string | null;
  /** Every SDP the carrier sent on this leg (183s, 200 OK). */
  carrier: CarrierAnswers;
  pickedUpAt: number;
  agentLeg: Session | null;
  ringTimer: NodeJS.Timeout | null;
  keepalive: NodeJS.Timeout | null;
  /** The customer leg's keepalive (`customerKeepAlive`), once connected. */
  customerKeepalive: NodeJS.Timeout | null;
  /** The bridge ended it (hangup, stop): nothing more is reported. */
  released: boolean;
  /** The agent's softphone holds the customer (its last re-INVITE offered sendonly or inactive). */
  held: boolean;
  /** The call's id in the hub: the bridge's call id, then a blind transfer's new leg (its SIP Call-ID). */
  hubCallId: string;
  /** A blind transfer in progress: the target's leg, and the first agent's leg (ended once the transfer is over). */
  transfer: { leg: TransferLeg; from: Session } | null;
  /** The agent connected to the customer now (the hub's id), for the gate of a transfer they ask for. */
  agentId: number | null;
  /** A transfer to an outside number: its leg, and the agent's leg it came from (ended once it is answered). */
  outside: { leg: OutsideLeg; from: Session } | null;
  /** An attended transfer being completed: the consulted agent's leg (with Replaces), the agent leg it replaces. */
  attended: { leg: AttendedLeg; from: Session; agentId: number } | null;
  /** An attended transfer's target, already talking: the hub's ring of the new leg is answered at once. */
  replacedBy: number | null;
}

export interface ServerCallsDeps {
  ua: DialerUserAgent;
  ng: RtpengineNg;
  events: () => PbxEvents | null;
  directory: () => AgentDirectory | null;
  /** The WAV an abandoned customer of this campaign hears (its message text, when it has one). */
  messageFile: (campaignId: number, text: string | null) => string;
  /** Called when a call is placed, so the campaign's message is ready (synthesised) before anyone can abandon. */
  prepareMessage?: (campaignId: number, text: string | null) => void;
  /** The INVITE toward the carrier without SDP (default) or with an offer rtpengine made. */
  trunkOffer?: TrunkOffer;
  /** The WAV a held customer hears, looped; null: silence. */
  holdMusic?: () => string | null;
  now: () => number;
  log: Logger;
  connectWindowMs?: number;
  keepaliveMs?: number;
  /** How long the agent leg's check waits for the phone's reply (`AGENT_KEEPALIVE_REPLY_MS` when absent). */
  agentKeepaliveReplyMs?: number;
  /** How often a connected customer leg is checked (an in-dialog INFO; `CUSTOMER_KEEPALIVE_MS` when absent); 0: not. */
  customerKeepaliveMs?: number;
  /** How long that check waits for the carrier's reply before the customer counts as gone. */
  keepaliveReplyMs?: number;
}

/**
 * What the parts of a server-placed call's life (connecting, the agent's leg, transfers) need from the registry
 * that owns the calls (`ServerCalls`).
 */
export interface CallHost {
  readonly deps: ServerCallsDeps;
  /** Ends whatever is left of both legs and frees the media; reports nothing further. */
  end(call: ServerCall): void;
  /** Reports the call's final outcome, at most once, unless the bridge released it. */
  report(call: ServerCall, outcome: Exclude<OriginateProgress, 'ringing'>): void;
  /** The call goes on in the hub under another id (a transferred leg's). */
  rekey(call: ServerCall, hubCallId: string): void;
  /** An agent's leg now carries the customer: its BYE, hold and transfer are this call's. */
  agentConnected(call: ServerCall, leg: Session): void;
  /** Another SIP leg of this call (a transfer to an outside number) the edge will ask about by its Call-ID. */
  trackSip(call: ServerCall, sipCallId: string, dial: TransferDial): void;
  /** The connected agent's re-INVITE (hold, resume): the answer for its 200 OK. */
  agentReoffered(call: ServerCall, agentTag: string, sdp: string): Promise<string>;
  /** The hold music (or any play) to the customer stops. */
  stopMusic(call: ServerCall): Promise<void>;
}

/** A transfer's dial to an outside number, as the edge's gate decides it again: the agent's, to that number. */
export interface TransferDial {
  callId: string;
  agentId: number | null;
  to: string;
}

export const attemptHeader = (r: OriginateRequest) => `${r.campaignId};${r.leadId};${r.attemptId}`;
export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
