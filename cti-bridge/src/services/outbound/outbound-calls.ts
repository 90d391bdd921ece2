import { randomUUID } from 'node:crypto';
import type { CallOutcome } from '../../../protocol/campaign.schema';
import type { AgentState } from '../../../protocol/agent-state.schema';
import type { OutboundCall } from '../../../protocol/outbound.schema';
import { maskPhone } from '../../domain/mask';
import type { OriginateProgress, PbxAdapter, PlacedCallEnded } from '../../pbx/pbx-adapter';
import type { CallAttemptsRepository } from '../../repositories/call-attempts.repository';
import type { InteractionsRepository } from '../../repositories/interactions.repository';
import type { Logger } from '../../logger';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';

/** An agent has this long to disposition an answered outbound call before wrap-up ends by itself. */
const OUTBOUND_WRAP_UP_MS = 10 * 60_000;

/** A call Ringside placed, from the dial to its end. */
export interface LiveOutbound {
  callId: string;
  agentId: number;
  campaignId: number | null;
  leadId: number | null;
  attemptId: number;
  interactionId: number;
  e164: string;
  phase: OutboundCall['phase'];
  outcome: CallOutcome | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** The gate's codes when the SIP edge refused the call (outcome `blocked`). */
  blockCodes?: readonly string[];
  /** The agent's phone holds the customer (reported by a PBX that sees the phone's re-INVITE). */
  held?: boolean;
  /** Since when it holds them (a console that reloads shows the hold with its timer). */
  heldAt?: number | null;
}

export const callView = (call: LiveOutbound): OutboundCall => ({
  callId: call.callId,
  interactionId: call.interactionId,
  attemptId: call.attemptId,
  phase: call.phase,
  outcome: call.outcome,
  startedAt: call.startedAt,
  answeredAt: call.answeredAt,
  endedAt: call.endedAt,
  heldSince: call.held ? (call.heldAt ?? null) : null,
});

export interface PlaceRequest {
  agentId: number;
  campaignId: number | null;
  leadId: number | null;
  businessTypeId: number | null;
  customerId: number | null;
  e164: string;
  callerId: string;
  ringTimeoutMs: number;
  /** The campaign wants its calls placed from the server where the agent's phone could dial them too. */
  serverPlaced?: boolean;
  /** The campaign's abandon-message text: what a server-placed customer hears when their agent cannot take them. */
  abandonMessage?: string | null;
}

export interface OutboundCallsDeps {
  now: () => number;
  pbx: PbxAdapter;
  floor: AgentFloor;
  channel: AgentChannel;
  attempts: CallAttemptsRepository;
  interactions: InteractionsRepository;
  log: Logger;
  /** The softphone places the call (PBX without originate): the edge will decide it with this attempt. */
  expectEdgeDial: (
    agentId: number,
    e164: string,
    context: { attemptId: number; campaignId: number | null; leadId: number | null },
  ) => void;
  /** A call reached its outcome (before any disposition): the dialer recycles the lead or waits for wrap-up. */
  onOutcome: (call: LiveOutbound) => void;
}

/**
 * The calls the dialer placed: records the attempt and the outbound interaction, has the PBX place the call
 * (or the agent's softphone, where the PBX cannot originate), follows its progress and keeps the agent's state
 * in step: ringing while it rings, on-call once answered, ready again after a call nobody answered.
 */
export class OutboundCalls {
  private readonly calls = new Map<string, LiveOutbound>();
  /** SIP Call-IDs of calls the agent's softphone placed on the bridge's command → the bridge's call id. */
  private readonly sipIds = new Map<string, string>();
  /** Each agent's last answered call, ended: what they are wrapping up (a reconnecting console shows it). */
  private readonly lastAnswered = new Map<number, LiveOutbound>();

  constructor(private readonly deps: OutboundCallsDeps) {}

  get(callId: string): LiveOutbound | undefined {
    return this.calls.get(this.sipIds.get(callId) ?? callId);
  }

  /** The PBX's id of a call: the SIP Call-ID of one the agent's softphone placed, else the bridge's own id. */
  pbxCallIdOf(callId: string): string {
    for (const [sipId, id] of this.sipIds) if (id === callId) return sipId;
    return callId;
  }

  /**
   * The edge decided the INVITE this agent's softphone sent for this attempt (its `X-Ringside-Attempt`). Allowed:
   * that INVITE is the call, its dialog events (by SIP Call-ID) are this call's progress and the interaction
   * keeps its SIP Call-ID. Refused (a number listed since the dialer chose it…): the attempt ends `blocked`.
   */
  edgeDecided(
    agentId: number,
    sipCallId: string,
    attemptId: number,
    refusal: readonly string[] | null,
  ): void {
    const call = [...this.calls.values()].find((c) => c.attemptId === attemptId && c.agentId === agentId);
    if (!call || call.phase !== 'dialing') return;
    if (refusal) {
      call.blockCodes = refusal;
      this.unanswered(call, 'blocked', this.deps.now());
      return;
    }
    this.sipIds.set(sipCallId, call.callId);
    call.phase = 'ringing';
    this.deps.interactions.setPbxCallId(call.interactionId, sipCallId);
  }

  /**
   * Whether calls of a campaign reach its agents already connected by the PBX (auto-answer): predictive calls
   * placed ahead of agents, and progressive calls the PBX places itself (the `serverPlaced` setting, or a PBX whose
   * phones cannot dial on command). False where the agent's softphone dials.
   */
  autoAnswers(campaign: { mode: string; serverPlaced: boolean }): boolean {
    const can = this.deps.pbx.capabilities();
    if (!can.originate) return false;
    if (campaign.mode === 'predictive') return true;
    return campaign.mode === 'progressive' && (campaign.serverPlaced || !can.agentPhoneDials);
  }

  ofAgent(agentId: number): LiveOutbound | undefined {
    return [...this.calls.values()].find((call) => call.agentId === agentId);
  }

  /** The agent's call now: live, or the answered one whose wrap-up they are in (its disposition is due). */
  currentOf(agentId: number, state: AgentState): LiveOutbound | undefined {
    const live = this.ofAgent(agentId);
    if (live) return live;
    const ended = this.lastAnswered.get(agentId);
    return ended && state.status === 'wrap-up' && state.interactionId === ended.interactionId
      ? ended
      : undefined;
  }

  byInteraction(interactionId: number): LiveOutbound | undefined {
    return [...this.calls.values()].find((call) => call.interactionId === interactionId);
  }

  ringingCount(campaignId: number): number {
    return [...this.calls.values()].filter((c) => c.campaignId === campaignId && c.phase !== 'connected')
      .length;
  }

  /** Places an allowed call for an agent who is ready; null when the agent cannot take a call now. */
  place(request: PlaceRequest): LiveOutbound | null {
    const { deps } = this;
    const now = deps.now();
    const callId = `out-${randomUUID()}`;
    const interactionId = deps.interactions.createOutbound({
      pbxCallId: callId,
      businessTypeId: request.businessTypeId,
      customerId: request.customerId,
      agentId: request.agentId,
      calleeRaw: request.e164,
      calleeE164: request.e164,
      callerId: request.callerId,
      campaignId: request.campaignId,
      leadId: request.leadId,
      at: now,
    });
    const moved = deps.floor.apply(request.agentId, { type: 'offer', callId, interactionId });
    if (!moved.ok) {
      deps.interactions.missed(interactionId, now);
      return null;
    }
    const attemptId = deps.attempts.start({
      leadId: request.leadId,
      campaignId: request.campaignId,
      agentId: request.agentId,
      interactionId,
      e164: request.e164,
      at: now,
    });
    const call: LiveOutbound = {
      callId,
      agentId: request.agentId,
      campaignId: request.campaignId,
      leadId: request.leadId,
      attemptId,
      interactionId,
      e164: request.e164,
      phase: 'dialing',
      outcome: null,
      startedAt: now,
      answeredAt: null,
      endedAt: null,
    };
    this.calls.set(callId, call);
    deps.log.info('outbound call placed', {
      callId,
      to: maskPhone(request.e164),
      campaignId: request.campaignId,
    });
    const can = deps.pbx.capabilities();
    if (can.originate && (request.serverPlaced === true || !can.agentPhoneDials)) {
      const placed = deps.pbx.originate({
        callId,
        campaignId: request.campaignId ?? 0,
        leadId: request.leadId ?? 0,
        attemptId,
        to: request.e164,
        callerId: request.callerId,
        ringTimeoutMs: request.ringTimeoutMs,
        agentId: request.agentId,
        abandonMessage: request.abandonMessage ?? null,
      });
      if (!placed) queueMicrotask(() => this.progress(callId, 'failed', deps.now()));
    } else {
      deps.expectEdgeDial(request.agentId, request.e164, {
        attemptId,
        campaignId: request.campaignId,
        leadId: request.leadId,
      });
      deps.channel.emit(request.agentId, 'outbound:dial-requested', {
        callId,
        number: request.e164,
        interactionId,
        attemptHeader: String(attemptId),
      });
    }
    return call;
  }

  /**
   * A call placed ahead of agents (predictive) was answered and this agent is free for it: from now on it is their
   * call, offered at once (the PBX's `answered` follows, the agent being on auto-answer). False when the agent's
   * state refuses the offer.
   */
  adopt(call: LiveOutbound): boolean {
    const moved = this.deps.floor.apply(call.agentId, {
      type: 'offer',
      callId: call.callId,
      interactionId: call.interactionId,
    });
    if (!moved.ok) return false;
    this.calls.set(call.callId, call);
    return true;
  }

  /** The PBX's progress for a placed call (see `PbxEvents.outboundProgress`). */
  progress(pbxCallId: string, progress: OriginateProgress, at: number): void {
    const call = this.get(pbxCallId);
    const callId = call?.callId ?? pbxCallId;
    if (!call || call.phase === 'ended' || call.phase === 'connected') return;
    const { deps } = this;
    deps.channel.emit(call.agentId, 'outbound:progressed', { callId, progress, at });
    if (progress === 'ringing') {
      call.phase = 'ringing';
      return;
    }
    if (progress === 'answered') {
      call.phase = 'connected';
      call.answeredAt = at;
      deps.floor.apply(call.agentId, { type: 'answer', callId });
      deps.interactions.answered(call.interactionId, call.agentId, at, at - call.startedAt);
      deps.channel.emit(call.agentId, 'call:answered', {
        callId,
        interactionId: call.interactionId,
        answeredAt: at,
      });
      return;
    }
    // A machine is not worth an agent's time in preview or progressive: hang up and retry later.
    if (progress === 'machine') deps.pbx.hangup(callId);
    this.unanswered(call, progress, at);
  }

  /**
   * The agent's phone put a connected call on hold or took it off (`PbxEvents.callHeld`): kept on the live call and
   * told to the agent's consoles as for an inbound call (`call:held`). False when it is no connected call of ours.
   */
  held(pbxCallId: string, held: boolean, at: number = this.deps.now()): boolean {
    const call = this.get(pbxCallId);
    if (call?.phase !== 'connected') return false;
    if ((call.held ?? false) === held) return true;
    call.held = held;
    call.heldAt = held ? at : null;
    this.deps.channel.emit(call.agentId, 'call:held', { callId: call.callId, held });
    return true;
  }

  /** Either side hung up a connected call (or the agent gave up a ringing one). */
  ended(pbxCallId: string, at: number, by: 'agent' | 'caller'): boolean {
    const call = this.get(pbxCallId);
    if (!call) return false;
    const callId = call.callId;
    if (call.phase !== 'connected') {
      if (by === 'agent') this.deps.pbx.hangup(callId);
      this.unanswered(call, 'no-answer', at);
      return true;
    }
    const { deps } = this;
    if (by === 'agent') deps.pbx.hangup(callId);
    const talkMs = Math.max(0, at - (call.answeredAt ?? at));
    this.finish(call, 'answered', at);
    this.lastAnswered.set(call.agentId, call);
    deps.interactions.ended(call.interactionId, at, talkMs);
    deps.floor.apply(call.agentId, { type: 'call-ended', wrapUpEndsAt: at + OUTBOUND_WRAP_UP_MS });
    deps.channel.emit(call.agentId, 'call:ended', {
      callId,
      interactionId: call.interactionId,
      endedAt: at,
      talkMs,
      endedBy: by,
    });
    this.announce(call, talkMs, true);
    return true;
  }

  /**
   * A call an earlier bridge run placed ended while no bridge followed it: its attempt is closed once (answered,
   * with its real talk, or failed) and an unanswered lead recycled. A call this run follows is left alone.
   */
  placedCallEnded(ended: PlacedCallEnded): void {
    const { deps } = this;
    const open = deps.attempts.open(ended.attemptId);
    if (!open || [...this.calls.values()].some((c) => c.attemptId === ended.attemptId)) return;
    const outcome = ended.answeredAt === null ? 'failed' : 'answered';
    deps.attempts.finish(open.id, { outcome, answeredAt: ended.answeredAt, endedAt: ended.endedAt });
    if (open.interactionId !== null) {
      if (ended.answeredAt === null) deps.interactions.missed(open.interactionId, ended.endedAt);
      else deps.interactions.ended(open.interactionId, ended.endedAt, ended.endedAt - ended.answeredAt);
    }
    deps.log.warn('a call placed by an earlier bridge run ended without one', {
      attemptId: open.id,
      outcome,
    });
    deps.onOutcome({
      callId: `orphan-${open.id}`,
      agentId: open.agentId ?? 0,
      campaignId: open.campaignId,
      leadId: open.leadId,
      attemptId: open.id,
      interactionId: open.interactionId ?? 0,
      e164: open.e164,
      phase: 'ended',
      outcome,
      startedAt: open.startedAt,
      answeredAt: ended.answeredAt,
      endedAt: ended.endedAt,
    });
  }

  clear(): void {
    this.calls.clear();
    this.sipIds.clear();
    this.lastAnswered.clear();
  }

  private unanswered(call: LiveOutbound, outcome: Exclude<CallOutcome, 'answered'>, at: number) {
    const { deps } = this;
    this.finish(call, outcome, at);
    deps.interactions.missed(call.interactionId, at);
    deps.floor.apply(call.agentId, { type: 'offer-withdrawn', missed: false });
    this.announce(call, 0, false);
  }

  private finish(call: LiveOutbound, outcome: CallOutcome, at: number): void {
    call.phase = 'ended';
    call.outcome = outcome;
    call.endedAt = at;
    this.calls.delete(call.callId);
    for (const [sipId, id] of this.sipIds) if (id === call.callId) this.sipIds.delete(sipId);
    this.deps.attempts.finish(call.attemptId, {
      outcome,
      answeredAt: call.answeredAt,
      endedAt: at,
      ...(call.blockCodes ? { blockCodes: call.blockCodes } : {}),
    });
  }

  private announce(call: LiveOutbound, talkMs: number, needsDisposition: boolean): void {
    const { deps } = this;
    deps.channel.emit(call.agentId, 'outbound:ended', {
      callId: call.callId,
      interactionId: call.interactionId,
      outcome: call.outcome ?? 'failed',
      endedAt: call.endedAt ?? deps.now(),
      talkMs,
      needsDisposition,
    });
    deps.onOutcome(call);
  }
}
