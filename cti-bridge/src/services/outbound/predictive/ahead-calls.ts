import { randomUUID } from 'node:crypto';
import type { CallOutcome, CampaignView, LeadView } from '../../../../protocol/campaign.schema';
import { maskPhone } from '../../../domain/mask';
import type { Logger } from '../../../logger';
import type { OriginateProgress, PbxAdapter } from '../../../pbx/pbx-adapter';
import type { InteractionsRepository } from '../../../repositories/interactions.repository';
import type { DialerDeps } from '../dialer';

/** A predictive call placed ahead of agents, from the dial until an agent takes it or it ends without one. */
export interface AheadCall {
  callId: string;
  campaignId: number;
  leadId: number;
  attemptId: number;
  interactionId: number;
  e164: string;
  startedAt: number;
  /** When the callee answered live (the 2 s start then), null while it rings. */
  answeredAt: number | null;
  /** Abandon risk per answer the pacing planned with when it launched this call. */
  risk: number;
}

export type AheadDeps = Pick<
  DialerDeps,
  'now' | 'leads' | 'queue' | 'attempts' | 'audit' | 'businessTypeId' | 'defaultCallerId'
> & { pbx: PbxAdapter; log: Logger; interactions: InteractionsRepository };

export interface AheadHooks {
  recycle(campaignId: number, leadId: number, outcome: CallOutcome): void;
  /** The call ended without an agent: not a live answer (busy, machine…), or a live answer abandoned. */
  settled(call: AheadCall, liveAnswer: boolean, abandoned: boolean, at: number): void;
}

/**
 * The calls in flight that no agent has yet: placed through the PBX seam with no agent, each with its attempt and
 * outbound interaction, until an agent takes one (then it is that agent's call, in `OutboundCalls`) or it ends:
 * unanswered, or abandoned — the callee heard the campaign's message, the attempt says so, the lead waits (the UK
 * 72-hour rule reads the abandoned attempt) and the abandon counts in the campaign's budget.
 */
export class AheadCalls {
  private readonly calls = new Map<string, AheadCall>();
  /** Calls handed to an agent: their outcome hook must not count the answer twice. */
  private readonly handedOver = new Set<string>();

  constructor(
    private readonly deps: AheadDeps,
    private readonly hooks: AheadHooks,
  ) {}

  get(callId: string): AheadCall | undefined {
    return this.calls.get(callId);
  }

  place(campaign: CampaignView, lead: LeadView, e164: string, risk: number): AheadCall {
    const { deps } = this;
    const now = deps.now();
    const callId = `out-${randomUUID()}`;
    deps.queue.setState(lead.id, 'dialing', null, null);
    const interactionId = deps.interactions.createOutbound({
      pbxCallId: callId,
      businessTypeId: campaign.businessType ? deps.businessTypeId(campaign.businessType) : null,
      customerId: lead.customerId,
      agentId: null,
      calleeRaw: e164,
      calleeE164: e164,
      callerId: campaign.callerId ?? deps.defaultCallerId,
      campaignId: campaign.id,
      leadId: lead.id,
      at: now,
    });
    const attemptId = deps.attempts.start({
      leadId: lead.id,
      campaignId: campaign.id,
      agentId: null,
      interactionId,
      e164,
      at: now,
    });
    const call: AheadCall = {
      callId,
      campaignId: campaign.id,
      leadId: lead.id,
      attemptId,
      interactionId,
      e164,
      startedAt: now,
      answeredAt: null,
      risk,
    };
    this.calls.set(callId, call);
    const placed = deps.pbx.originate({
      callId,
      campaignId: campaign.id,
      leadId: lead.id,
      attemptId,
      to: e164,
      callerId: campaign.callerId ?? deps.defaultCallerId,
      ringTimeoutMs: campaign.ringTimeSec * 1000,
      agentId: null,
      abandonMessage: campaign.abandonMessage,
    });
    if (!placed) queueMicrotask(() => this.progress(call, 'failed', deps.now()));
    return call;
  }

  /** The callee answered live: the connect window starts. */
  answered(call: AheadCall, at: number): void {
    call.answeredAt = at;
  }

  adopted(call: AheadCall): void {
    this.calls.delete(call.callId);
    this.handedOver.add(call.callId);
  }

  wasAdopted(callId: string): boolean {
    return this.handedOver.delete(callId);
  }

  /** Ringing and answered-waiting calls of a campaign, for the pacing's lines snapshot. */
  linesOf(campaignId: number): { ringingSince: number[]; answered: number } {
    const lines = { ringingSince: [] as number[], answered: 0 };
    for (const call of this.calls.values()) {
      if (call.campaignId !== campaignId) continue;
      if (call.answeredAt === null) lines.ringingSince.push(call.startedAt);
      else lines.answered += 1;
    }
    return lines;
  }

  /** Any progress but an answer taken by an agent (the dialer hands those over). */
  progress(call: AheadCall, progress: OriginateProgress, at: number): void {
    if (progress === 'ringing') return;
    if (progress === 'abandoned' || progress === 'answered') {
      // `answered` here: the PBX connected it with no agent free and asked nothing; it cannot wait, so it is dropped
      if (progress === 'answered') this.deps.pbx.hangup(call.callId);
      return this.abandon(call, at, progress === 'abandoned' && this.deps.pbx.capabilities().playMessage);
    }
    if (progress === 'machine') this.deps.pbx.hangup(call.callId);
    this.end(call, progress, at);
    this.deps.interactions.missed(call.interactionId, at);
    this.hooks.settled(call, false, false, at);
  }

  clear(): void {
    for (const callId of this.calls.keys()) this.deps.pbx.hangup(callId);
    this.calls.clear();
    this.handedOver.clear();
  }

  private abandon(call: AheadCall, at: number, messagePlayed: boolean): void {
    const answeredAt = call.answeredAt ?? at;
    this.end(call, 'abandoned', at, messagePlayed);
    this.deps.interactions.abandoned(call.interactionId, at, at - answeredAt);
    this.deps.audit.record({
      at,
      actorUserId: null,
      action: 'call.abandoned',
      subject: `lead:${call.leadId}`,
      decision: 'done',
      reason: 'no agent within 2 s of the answer',
      details: {
        campaignId: call.campaignId,
        attemptId: call.attemptId,
        number: maskPhone(call.e164),
        waitedMs: at - answeredAt,
        messagePlayed,
      },
    });
    this.deps.log.info('predictive call abandoned', {
      callId: call.callId,
      to: maskPhone(call.e164),
      campaignId: call.campaignId,
      messagePlayed,
    });
    this.hooks.settled(call, true, true, at);
  }

  private end(call: AheadCall, outcome: CallOutcome, at: number, messagePlayed = false): void {
    this.calls.delete(call.callId);
    this.deps.attempts.finish(call.attemptId, {
      outcome,
      answeredAt: call.answeredAt,
      endedAt: at,
      messagePlayed,
    });
    this.hooks.recycle(call.campaignId, call.leadId, outcome);
  }
}
