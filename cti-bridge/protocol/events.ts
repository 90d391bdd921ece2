/**
 * The socket.io contract between the bridge and every console. Facts are `noun:past-verb`, commands `noun:verb`.
 * Every command payload is zod-parsed by the server and answered with a `Result` ack.
 */
import type { z } from 'zod';
import type { AgentState, SetStateCommand } from './agent-state.schema';
import { setStateCommandSchema } from './agent-state.schema';
import type { CallOffer, CallRef, WithdrawReason, WrapUpCommand } from './call.schema';
import {
  callRefSchema,
  holdCommandSchema,
  linkCustomerCommandSchema,
  wrapUpCommandSchema,
} from './call.schema';
import type { ImportProgress } from './campaign.schema';
import type { PacingView } from './pacing.schema';
import type { Result } from './errors';
import {
  endCallCommandSchema,
  forceStateCommandSchema,
  monitorAnswerSchema,
  monitorTalkSchema,
  monitorModeCommandSchema,
  monitorRefSchema,
  monitorStartSchema,
  type AgentMonitored,
  type AgentMonitorTalk,
  type AgentSupervised,
  type EndCallCommand,
  type ForceStateCommand,
  type MonitorEnded,
  type MonitorMode,
  type MonitorSession,
  type MonitorTalkAnswered,
} from './supervision.schema';
import {
  campaignRefSchema,
  followUpRefSchema,
  leadRefSchema,
  manualDialSchema,
  skipCommandSchema,
  type CallbackDue,
  type CampaignStats,
  type DialOutcome,
  type DialRequested,
  type NextCardResult,
  type OutboundCard,
  type OutboundEnded,
  type OutboundProgressed,
  type OutboundSession,
  type SkipReasonCode,
  type WorkableCampaign,
} from './outbound.schema';
import type { QueueUpdate } from './queue.schema';
import {
  queueCallbackRefSchema,
  type QueueCallbackOffer,
  type QueueCallbackWithdrawn,
} from './queue-callback.schema';
import type { AgentBoard, WallboardFigures, WallboardSnapshot } from './wallboard.schema';
import type { AgentSkillsChanged } from './agent-skills.schema';

export interface CallAnswered {
  callId: string;
  interactionId: number;
  answeredAt: number;
}
export interface CallEnded {
  callId: string;
  interactionId: number;
  endedAt: number;
  talkMs: number;
  endedBy: 'agent' | 'caller';
}
export interface CallHeld {
  callId: string;
  held: boolean;
}
export interface WrapUpDone {
  interactionId: number;
  followUpId: number | null;
  addedToDnc: boolean;
}
export interface InteractionAutoClosed {
  interactionId: number;
  closedAt: number;
}

/**
 * Why the bridge ended a session: signed out (this session's token was revoked by a logout), its time ran out,
 * an admin disabled the account, a supervisor signed the agent out (`forced`, see `agent:supervised`), or an admin
 * reset the password. Sent to each of the session's consoles just before they are disconnected.
 */
export const sessionEndReasons = ['logged-out', 'expired', 'disabled', 'forced', 'password-reset'] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];
export interface SessionEnded {
  reason: SessionEndReason;
}
export interface SessionSnapshot {
  state: AgentState;
  /** The offer or live call the agent holds right now, so a reconnect restores the pop. */
  activeCall: (CallOffer & { answeredAt: number | null; held: boolean }) | null;
  /** The campaign the agent works and the card in hand with its call (dialling, connected or in wrap-up). */
  outbound?: OutboundSession;
}

export interface ServerToClientEvents {
  'agent:state-changed': (state: AgentState) => void;
  'call:offered': (offer: CallOffer) => void;
  'call:offer-withdrawn': (fact: { callId: string; reason: WithdrawReason }) => void;
  'call:answered': (fact: CallAnswered) => void;
  'call:held': (fact: CallHeld) => void;
  'call:ended': (fact: CallEnded) => void;
  /** The queue's wrap-up time ran out with nothing saved: the call is closed as "no disposition". */
  'interaction:auto-closed': (fact: InteractionAutoClosed) => void;
  'session:ended': (fact: SessionEnded) => void;
  /** A lead or DNC import the user started advanced (every few thousand rows, and once `done`). */
  'campaign:import-progressed': (progress: ImportProgress) => void;
  /** A campaign lead to work (preview), or the lead of a call placed for this agent (progressive). */
  'outbound:card': (card: OutboundCard) => void;
  'outbound:progressed': (fact: OutboundProgressed) => void;
  'outbound:ended': (fact: OutboundEnded) => void;
  /** Real PBX: the agent's softphone places this call now. */
  'outbound:dial-requested': (request: DialRequested) => void;
  /** Supervisors: a campaign's live figures changed. */
  'campaign:stats-changed': (stats: CampaignStats) => void;
  /** Supervisors: the wallboard's queue, campaign and chart figures, within 100 ms of a call or state event. */
  'wallboard:figures-changed': (figures: WallboardFigures) => void;
  /** Supervisors: the rows of agents whose state (or call) just changed. */
  'wallboard:agents-changed': (agents: AgentBoard[]) => void;
  /** The agent: a supervisor acted on them (forced not ready or out, ended their call), with who and why. */
  'agent:supervised': (fact: AgentSupervised) => void;
  /** The agent, where policy says so: a supervisor listens, whispers or barged in (mode null: no longer). */
  'agent:monitored': (fact: AgentMonitored) => void;
  /** The agent: a supervisor or admin changed their skills or languages (routing uses them at once), who and why. */
  'agent:skills-changed': (fact: AgentSkillsChanged) => void;
  /** The supervisor: a monitoring session ended (the call ended, or it was stopped). */
  'monitor:ended': (fact: MonitorEnded) => void;
  /** The agent's page: a supervisor's voice leg on their call (offer to answer, where it is mixed, its end). */
  'agent:monitor-talk': (fact: AgentMonitorTalk) => void;
  /** Queues now (waiting, longest wait, estimated wait, staffing, today's service level) and waiting calls' places. */
  'queue:updated': (update: QueueUpdate) => void;
  /** Supervisors: a predictive campaign's pacing decided again (every interval). */
  'campaign:pacing-changed': (view: PacingView) => void;
  /** The agent: a queue callback's turn came; accept it to dial it (`queue-callback:accept`). */
  'queue-callback:offered': (offer: QueueCallbackOffer) => void;
  'queue-callback:withdrawn': (fact: QueueCallbackWithdrawn) => void;
}

type Ack<T> = (result: Result<T>) => void;

export interface ClientToServerEvents {
  'session:sync': (payload: Record<string, never>, ack: Ack<SessionSnapshot>) => void;
  'agent:set-state': (payload: SetStateCommand, ack: Ack<AgentState>) => void;
  'call:answer': (payload: CallRef, ack: Ack<CallAnswered>) => void;
  'call:reject': (payload: CallRef, ack: Ack<null>) => void;
  'call:hold': (payload: CallRef & { hold: boolean }, ack: Ack<CallHeld>) => void;
  'call:hangup': (payload: CallRef, ack: Ack<CallEnded>) => void;
  'interaction:wrap-up': (payload: WrapUpCommand, ack: Ack<WrapUpDone>) => void;
  'interaction:link-customer': (
    payload: { interactionId: number; customerId: number },
    ack: Ack<null>,
  ) => void;
  'campaign:list-workable': (payload: Record<string, never>, ack: Ack<WorkableCampaign[]>) => void;
  'campaign:join': (payload: { campaignId: number }, ack: Ack<NextCardResult>) => void;
  'campaign:leave': (payload: Record<string, never>, ack: Ack<null>) => void;
  'preview:next': (payload: Record<string, never>, ack: Ack<NextCardResult>) => void;
  'preview:dial': (payload: { leadId: number }, ack: Ack<DialOutcome>) => void;
  'preview:skip': (
    payload: { leadId: number; reason: SkipReasonCode; note?: string },
    ack: Ack<NextCardResult>,
  ) => void;
  'outbound:hangup': (payload: CallRef, ack: Ack<null>) => void;
  /** Manual click-to-dial: through the same compliance gate, recorded as an outbound interaction. */
  'outbound:dial-number': (payload: { number: string; customerId?: number }, ack: Ack<DialOutcome>) => void;
  'callbacks:due': (payload: Record<string, never>, ack: Ack<CallbackDue[]>) => void;
  'callbacks:take': (payload: { followUpId: number }, ack: Ack<NextCardResult>) => void;
  /** An inbound follow-up of mine: dial its number (through the compliance gate, like any dial). */
  'callbacks:dial': (payload: { followUpId: number }, ack: Ack<DialOutcome>) => void;
  'campaign:watch': (payload: { campaignId: number }, ack: Ack<CampaignStats>) => void;
  /** Supervisors and admins: the whole wallboard now; `wallboard:*-changed` keep it current. */
  'wallboard:watch': (payload: Record<string, never>, ack: Ack<WallboardSnapshot>) => void;
  /** Supervisors and admins: force an agent not ready or logged out (audited with who and why). */
  'supervisor:force-state': (payload: ForceStateCommand, ack: Ack<AgentState>) => void;
  /** Supervisors and admins: end an agent's call, a stuck one included (audited with who and why). */
  'supervisor:end-call': (payload: EndCallCommand, ack: Ack<null>) => void;
  /** Supervisors and admins: listen to (whisper to, barge into) an agent's call. */
  'monitor:start': (
    payload: { agentId: number; mode: MonitorMode; reason?: string },
    ack: Ack<MonitorSession>,
  ) => void;
  /** The supervisor's page answers the media offer of a real PBX's monitoring session. */
  'monitor:answer': (payload: { monitorId: string; sdp: string }, ack: Ack<null>) => void;
  'monitor:mode': (payload: { monitorId: string; mode: MonitorMode }, ack: Ack<MonitorSession>) => void;
  'monitor:stop': (payload: { monitorId: string }, ack: Ack<null>) => void;
  /** Whisper / barge: the supervisor's page offers its voice leg; acked with the agent page's answer. */
  'monitor:talk': (payload: { monitorId: string; sdp: string }, ack: Ack<MonitorTalkAnswered>) => void;
  /** The agent's page answers a supervisor's voice leg (`agent:monitor-talk`). */
  'monitor:talk-answer': (payload: { monitorId: string; sdp: string }, ack: Ack<null>) => void;
  /** Supervisors: a predictive campaign's pacing now (null before its first decision). */
  'campaign:pacing': (payload: { campaignId: number }, ack: Ack<PacingView | null>) => void;
  /** The agent's "my queues": the queues they serve now and their waiting calls (then `queue:updated`). */
  'queues:mine': (payload: Record<string, never>, ack: Ack<QueueUpdate>) => void;
  /** Accept the queue callback offered: dialled through the compliance gate (placed, or refused with reasons). */
  'queue-callback:accept': (payload: { callbackId: number }, ack: Ack<DialOutcome>) => void;
  /** Decline it: it goes back to its place in the queue, for another agent. */
  'queue-callback:decline': (payload: { callbackId: number }, ack: Ack<null>) => void;
}

/** Runtime validators for every command, keyed by event name; the server refuses events not listed here. */
export const commandSchemas = {
  'session:sync': null,
  'agent:set-state': setStateCommandSchema,
  'call:answer': callRefSchema,
  'call:reject': callRefSchema,
  'call:hold': holdCommandSchema,
  'call:hangup': callRefSchema,
  'interaction:wrap-up': wrapUpCommandSchema,
  'interaction:link-customer': linkCustomerCommandSchema,
  'campaign:list-workable': null,
  'campaign:join': campaignRefSchema,
  'campaign:leave': null,
  'preview:next': null,
  'preview:dial': leadRefSchema,
  'preview:skip': skipCommandSchema,
  'outbound:hangup': callRefSchema,
  'outbound:dial-number': manualDialSchema,
  'callbacks:due': null,
  'callbacks:take': followUpRefSchema,
  'callbacks:dial': followUpRefSchema,
  'campaign:watch': campaignRefSchema,
  'wallboard:watch': null,
  'supervisor:force-state': forceStateCommandSchema,
  'supervisor:end-call': endCallCommandSchema,
  'monitor:start': monitorStartSchema,
  'monitor:answer': monitorAnswerSchema,
  'monitor:mode': monitorModeCommandSchema,
  'monitor:stop': monitorRefSchema,
  'monitor:talk': monitorTalkSchema,
  'monitor:talk-answer': monitorTalkSchema,
  'campaign:pacing': campaignRefSchema,
  'queues:mine': null,
  'queue-callback:accept': queueCallbackRefSchema,
  'queue-callback:decline': queueCallbackRefSchema,
} as const satisfies { [K in keyof ClientToServerEvents]: z.ZodType | null };

export type CommandName = keyof ClientToServerEvents;
