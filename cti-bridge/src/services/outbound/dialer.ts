import { fail, ok, type Result } from '../../../protocol/errors';
import type { CampaignView } from '../../../protocol/campaign.schema';
import type {
  CallbackDue,
  DialOutcome,
  NextCardResult,
  OutboundSession,
  SkipReasonCode,
  WorkableCampaign,
} from '../../../protocol/outbound.schema';
import type { AgentState } from '../../../protocol/agent-state.schema';
import { selectNextLead } from '../../domain/outbound/lead-selection';
import { skipLead } from '../../domain/outbound/recycling';
import { strategyFor, type LaunchStrategy } from '../../domain/outbound/launch-strategy';
import type { OriginateProgress } from '../../pbx/pbx-adapter';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { LeadsRepository } from '../../repositories/leads.repository';
import type { CallAttemptsRepository } from '../../repositories/call-attempts.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';
import type { CustomerCardRepository } from '../../repositories/customer-card.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import type { ComplianceService } from '../compliance/compliance.service';
import { checkLead } from './dial-gate';
import { buildCard } from './outbound-card';
import { callView, type LiveOutbound, type OutboundCalls } from './outbound-calls';
import { recycleAfterCall, recycleAfterDisposition, type DispositionNotice } from './lead-recycling';

export interface DialerDeps {
  now: () => number;
  floor: AgentFloor;
  channel: AgentChannel;
  compliance: ComplianceService;
  campaigns: CampaignsRepository;
  leads: LeadsRepository;
  attempts: CallAttemptsRepository;
  queue: LeadQueueRepository;
  cards: CustomerCardRepository;
  audit: AuditRepository;
  calls: OutboundCalls;
  /** Skills of an agent (business type ids), to tell whether a campaign by skill is theirs. */
  skillsOf: (agentId: number) => ReadonlySet<number>;
  businessTypeId: (code: string) => number | null;
  defaultCallerId: string;
  /** Predictive pacing plugs in here (next issue). */
  predictive?: LaunchStrategy | null;
  /** Progress of a predictive call placed ahead of agents (not yet an agent's): true when it was one. */
  aheadProgress?: (callId: string, progress: OriginateProgress, at: number) => boolean;
  /** Every agent state change of a campaign member (predictive pacing learns wrap-up times from it). */
  onAgentState?: (state: AgentState) => void;
  onCampaignChanged: (campaignId: number) => void;
}

interface HeldCard {
  campaignId: number;
  leadId: number;
  callback: boolean;
}

/**
 * The outbound dialer: which agents work which campaign, the card each one holds, and when to dial. Preview: the
 * agent asks for a card and dials or skips it. Progressive: the moment an agent of the campaign is ready with
 * nothing in hand, the next allowed lead is dialled for them. Every dial goes through the compliance service.
 */
export class Dialer {
  private readonly members = new Map<number, number>();
  private readonly held = new Map<number, HeldCard>();

  constructor(private readonly deps: DialerDeps) {}

  workable(agentId: number): WorkableCampaign[] {
    return this.deps.campaigns
      .list()
      .filter((c) => c.state === 'running' && this.mayWork(agentId, c))
      .map((c) => this.workableOf(c));
  }

  joinedCampaigns(): Map<number, number> {
    return this.members;
  }

  /** The agent's outbound work now, for the session snapshot: the campaign joined and the card with its call. */
  session(agentId: number): OutboundSession {
    const campaign = this.joined(agentId);
    if (!campaign) return { joined: null, card: null };
    const call = this.deps.calls.currentOf(agentId, this.deps.floor.get(agentId));
    const leadId = call?.leadId ?? this.held.get(agentId)?.leadId ?? null;
    const lead = leadId === null ? null : this.deps.leads.get(leadId);
    const card = lead ? buildCard(this.deps, campaign, lead, agentId, call ? callView(call) : null) : null;
    return { joined: this.workableOf(campaign), card };
  }

  campaignOf(agentId: number): number | null {
    return this.members.get(agentId) ?? null;
  }

  join(agentId: number, campaignId: number): Result<NextCardResult> {
    const campaign = this.deps.campaigns.findById(campaignId);
    if (!campaign) return fail('NOT_FOUND', `campaign ${campaignId} does not exist`);
    if (!this.mayWork(agentId, campaign)) return fail('FORBIDDEN', 'you are not assigned to this campaign');
    if (campaign.state !== 'running') return fail('INVALID_STATE', `the campaign is ${campaign.state}`);
    this.leave(agentId);
    this.members.set(agentId, campaignId);
    this.deps.floor.setOutbound(agentId, true);
    this.deps.onCampaignChanged(campaignId);
    if (campaign.mode === 'preview') return ok(this.nextCard(agentId, campaign));
    // predictive: calls come already answered, with their card, whenever the pacing connects one
    if (campaign.mode === 'predictive') return ok({ card: null, none: { reason: 'busy', nextAt: null } });
    this.pump(campaignId);
    const held = this.held.get(agentId);
    const lead = held ? this.deps.leads.get(held.leadId) : null;
    const call = this.deps.calls.ofAgent(agentId);
    return ok(
      lead
        ? { card: buildCard(this.deps, campaign, lead, agentId, call ? callView(call) : null) }
        : { card: null, none: this.noneReason(campaign, agentId) },
    );
  }

  leave(agentId: number): Result<null> {
    const campaignId = this.members.get(agentId);
    if (campaignId === undefined) return ok(null);
    if (this.deps.calls.ofAgent(agentId)) return fail('INVALID_STATE', 'finish the call first');
    this.release(agentId);
    this.members.delete(agentId);
    this.deps.floor.setOutbound(agentId, false);
    this.deps.onCampaignChanged(campaignId);
    return ok(null);
  }

  /** Preview: the agent's next card (the one they hold, or a newly selected lead). */
  next(agentId: number): Result<NextCardResult> {
    const campaign = this.joined(agentId);
    if (!campaign) return ok({ card: null, none: { reason: 'not-joined', nextAt: null } });
    return ok(this.nextCard(agentId, campaign));
  }

  dial(agentId: number, leadId: number): Result<DialOutcome> {
    const campaign = this.joined(agentId);
    const held = this.held.get(agentId);
    if (!campaign || held?.leadId !== leadId) return fail('INVALID_STATE', 'this lead is not on your card');
    if (this.deps.floor.get(agentId).status !== 'ready') return fail('INVALID_STATE', 'go ready to dial');
    return ok(this.dialHeld(agentId, campaign, held));
  }

  skip(agentId: number, leadId: number, reason: SkipReasonCode, note: string): Result<NextCardResult> {
    const campaign = this.joined(agentId);
    if (!campaign || this.held.get(agentId)?.leadId !== leadId)
      return fail('INVALID_STATE', 'this lead is not on your card');
    const now = this.deps.now();
    const after = skipLead(reason, now);
    this.deps.queue.setState(leadId, after.status, after.nextAttemptAt, null);
    this.deps.audit.record({
      at: now,
      actorUserId: agentId,
      action: 'lead.skip',
      subject: `lead:${leadId}`,
      decision: 'done',
      reason,
      details: { campaignId: campaign.id, note: note || null },
    });
    this.held.delete(agentId);
    this.deps.onCampaignChanged(campaign.id);
    return ok(this.nextCard(agentId, campaign));
  }

  /** A callback from "my callbacks due": held as the agent's card (the gate decides when they dial it). */
  takeCallback(agentId: number, followUpId: number): Result<NextCardResult> {
    const followUp = this.deps.queue.followUp(followUpId);
    if (!followUp || followUp.leadId === null || followUp.campaignId === null)
      return fail('NOT_FOUND', 'no campaign callback with this id');
    if (followUp.ownerId !== null && followUp.ownerId !== agentId)
      return fail('FORBIDDEN', "this is a colleague's personal callback");
    if (this.members.get(agentId) !== followUp.campaignId) {
      const joined = this.join(agentId, followUp.campaignId);
      if (!joined.ok) return joined;
    }
    const campaign = this.joined(agentId);
    const lead = this.deps.leads.get(followUp.leadId);
    if (!campaign || !lead) return fail('NOT_FOUND', 'the lead is gone');
    if (this.deps.calls.ofAgent(agentId)) return fail('INVALID_STATE', 'finish the call first');
    this.release(agentId);
    const held = { campaignId: campaign.id, leadId: lead.id, callback: true };
    this.held.set(agentId, held);
    if (campaign.mode !== 'preview') this.dialHeld(agentId, campaign, held);
    const call = this.deps.calls.ofAgent(agentId);
    return ok({ card: buildCard(this.deps, campaign, lead, agentId, call ? callView(call) : null) });
  }

  /** Manual click-to-dial: the same gate (path `manual`), recorded as an outbound interaction with its attempt. */
  dialNumber(agentId: number, number: string, customerId: number | null): Result<DialOutcome> {
    const { deps } = this;
    if (deps.calls.ofAgent(agentId)) return fail('INVALID_STATE', 'finish the call first');
    const decision = deps.compliance.check({
      path: 'manual',
      number,
      agentId,
      campaignId: null,
      leadId: null,
      agentReserved: true,
    });
    if (!decision.allowed || !decision.e164) return ok({ placed: false, reasons: decision.reasons });
    if (deps.floor.get(agentId).status !== 'ready') return fail('INVALID_STATE', 'go ready to dial');
    this.release(agentId);
    const call = deps.calls.place({
      agentId,
      campaignId: null,
      leadId: null,
      businessTypeId: null,
      customerId,
      e164: decision.e164,
      callerId: deps.defaultCallerId,
      ringTimeoutMs: 30_000,
    });
    if (!call) return fail('INVALID_STATE', 'you cannot take a call now');
    return ok({ placed: true, callId: call.callId, interactionId: call.interactionId });
  }

  /**
   * An inbound follow-up the agent owns, from "my callbacks due": its number is dialled like any click-to-dial
   * (the console only ever sees the number masked), through the same gate.
   */
  dialFollowUp(agentId: number, followUpId: number): Result<DialOutcome> {
    const followUp = this.deps.queue.followUp(followUpId);
    if (!followUp || followUp.leadId !== null || followUp.status !== 'open')
      return fail('NOT_FOUND', 'no open follow-up with this id');
    if (followUp.ownerId !== agentId) return fail('FORBIDDEN', "this is a colleague's follow-up");
    if (!followUp.e164) return fail('NOT_FOUND', 'this follow-up has no number to call');
    return this.dialNumber(agentId, followUp.e164, followUp.customerId);
  }

  /** "My callbacks due": the agent's own (campaign and inbound follow-ups) and anyone's in their campaigns. */
  callbacksDue(agentId: number): CallbackDue[] {
    const campaignIds = this.workable(agentId).map((c) => c.id);
    return this.deps.queue.dueCallbacks(agentId, campaignIds, this.deps.now()).map((row) => ({
      followUpId: row.followUpId,
      dueAt: row.dueAt,
      kind: row.leadId === null ? 'inbound' : 'campaign',
      personal: row.ownerId === agentId,
      campaignId: row.campaignId,
      leadId: row.leadId,
      customerId: row.customerId,
      name: row.name,
      number: row.number,
      notes: row.notes,
    }));
  }

  // ---- facts --------------------------------------------------------------------------------------------

  progress(callId: string, progress: OriginateProgress, at: number): void {
    if (this.deps.aheadProgress?.(callId, progress, at)) return;
    this.deps.calls.progress(callId, progress, at);
  }

  /** Every agent state change: a ready agent of a progressive campaign gets the next call at once. */
  agentStateChanged(state: AgentState): void {
    const campaignId = this.members.get(state.agentId);
    if (campaignId === undefined) return;
    this.deps.onAgentState?.(state);
    if (state.status === 'logged-out') {
      this.release(state.agentId);
      this.members.delete(state.agentId);
      this.deps.floor.setOutbound(state.agentId, false);
    }
    if (state.status === 'ready' && !state.phoneBusy) queueMicrotask(() => this.pump(campaignId));
    this.deps.onCampaignChanged(campaignId);
  }

  /** A placed call reached its outcome; unanswered ones recycle now, answered ones at the disposition. */
  callOutcome(call: LiveOutbound): void {
    if (call.campaignId === null || call.leadId === null) return;
    const held = this.held.get(call.agentId);
    if (call.outcome !== 'answered') {
      const campaign = this.deps.campaigns.findById(call.campaignId);
      if (campaign) recycleAfterCall(this.deps, campaign, call);
      if (held?.leadId === call.leadId) this.held.delete(call.agentId);
    }
    this.deps.onCampaignChanged(call.campaignId);
  }

  /** The agent's disposition for an answered campaign call: the lead is done, retried or called back. */
  dispositioned(agentId: number, notice: DispositionNotice): void {
    const held = this.held.get(agentId);
    const campaignId = recycleAfterDisposition(this.deps, agentId, notice);
    if (campaignId === null) return;
    if (held?.leadId === notice.leadId) this.held.delete(agentId);
    this.deps.onCampaignChanged(campaignId);
  }

  // ---- internals ----------------------------------------------------------------------------------------

  /** Progressive (and predictive, once plugged in): launch what the mode's strategy says, one per idle agent. */
  private pump(campaignId: number): void {
    const campaign = this.deps.campaigns.findById(campaignId);
    if (!campaign || campaign.state !== 'running') return;
    const strategy = strategyFor(campaign.mode, this.deps.predictive ?? null);
    if (!strategy || !strategy.agentFirst) return;
    const idle = [...this.members]
      .filter(([agentId, c]) => c === campaignId && this.isIdle(agentId))
      .map(([agentId]) => agentId);
    const launches = strategy.callsToLaunch({
      idleAgents: idle.length,
      callsRinging: this.deps.calls.ringingCount(campaignId),
      dialableLeads: idle.length,
    });
    for (const agentId of idle.slice(0, launches)) {
      for (let tries = 0; tries < 20; tries += 1) {
        const card = this.nextCard(agentId, campaign);
        const held = this.held.get(agentId);
        if (!card.card || !held) break;
        const outcome = this.dialHeld(agentId, campaign, held);
        if (outcome.placed) break;
      }
    }
  }

  private isIdle(agentId: number): boolean {
    const state = this.deps.floor.get(agentId);
    return state.status === 'ready' && !state.phoneBusy && !this.deps.calls.ofAgent(agentId);
  }

  private dialHeld(agentId: number, campaign: CampaignView, held: HeldCard): DialOutcome {
    const { deps } = this;
    const lead = deps.leads.get(held.leadId);
    if (!lead) {
      this.held.delete(agentId);
      return { placed: false, reasons: [{ code: 'LEAD_NOT_FOUND', message: 'the lead is gone' }] };
    }
    const now = deps.now();
    const gate = checkLead(deps, { campaign, lead, agentId, callback: held.callback, now });
    if (!gate.allowed) {
      this.held.delete(agentId);
      deps.onCampaignChanged(campaign.id);
      return { placed: false, reasons: gate.reasons };
    }
    if (held.callback) deps.queue.closeCallbacks(lead.id);
    deps.queue.setState(lead.id, 'dialing', null, null);
    const call = deps.calls.place({
      agentId,
      campaignId: campaign.id,
      leadId: lead.id,
      businessTypeId: campaign.businessType ? deps.businessTypeId(campaign.businessType) : null,
      customerId: lead.customerId,
      e164: gate.e164,
      callerId: campaign.callerId ?? deps.defaultCallerId,
      ringTimeoutMs: campaign.ringTimeSec * 1000,
      serverPlaced: campaign.serverPlaced,
      abandonMessage: campaign.abandonMessage,
    });
    if (!call) {
      deps.queue.setState(lead.id, lead.status, lead.nextAttemptAt, null);
      return {
        placed: false,
        reasons: [{ code: 'AGENT_NOT_READY', message: 'the agent cannot take a call now' }],
      };
    }
    deps.channel.emit(agentId, 'outbound:card', buildCard(deps, campaign, lead, agentId, callView(call)));
    deps.onCampaignChanged(campaign.id);
    return { placed: true, callId: call.callId, interactionId: call.interactionId };
  }

  private nextCard(agentId: number, campaign: CampaignView): NextCardResult {
    const { deps } = this;
    const heldNow = this.held.get(agentId);
    if (heldNow?.campaignId === campaign.id) {
      const lead = deps.leads.get(heldNow.leadId);
      const call = deps.calls.ofAgent(agentId);
      if (lead) return { card: buildCard(deps, campaign, lead, agentId, call ? callView(call) : null) };
    }
    if (campaign.state !== 'running') return { card: null, none: { reason: 'not-running', nextAt: null } };
    const now = deps.now();
    const reserved = new Set([...this.held.values()].map((h) => h.leadId));
    const selection = selectNextLead(deps.queue.candidates(campaign.id, now), {
      now,
      agentId,
      window: campaign.callingWindow,
      maxAttempts: campaign.maxAttempts,
      reserved,
    });
    if (selection.kind === 'none')
      return {
        card: null,
        none: {
          reason: selection.reason,
          nextAt: selection.nextAt ?? deps.queue.nextDueAt(campaign.id, now),
        },
      };
    const lead = deps.leads.get(selection.lead.id);
    if (!lead) return { card: null, none: { reason: 'no-leads', nextAt: null } };
    this.held.set(agentId, { campaignId: campaign.id, leadId: lead.id, callback: selection.callback });
    const card = buildCard(deps, campaign, lead, agentId, null);
    deps.channel.emit(agentId, 'outbound:card', card);
    return { card };
  }

  private noneReason(
    campaign: CampaignView,
    agentId: number,
  ): NextCardResult extends infer R ? (R extends { none: infer N } ? N : never) : never {
    if (!this.isIdle(agentId)) return { reason: 'busy', nextAt: null };
    return { reason: 'no-leads', nextAt: this.deps.queue.nextDueAt(campaign.id, this.deps.now()) };
  }

  private release(agentId: number): void {
    const held = this.held.get(agentId);
    if (!held) return;
    this.held.delete(agentId);
  }

  private workableOf(c: CampaignView): WorkableCampaign {
    return {
      id: c.id,
      name: c.name,
      mode: c.mode,
      state: c.state,
      callingWindow: c.callingWindow,
      dispositionCodes: c.dispositionCodes,
      autoAnswer: this.deps.calls.autoAnswers(c),
    };
  }

  private joined(agentId: number): CampaignView | null {
    const campaignId = this.members.get(agentId);
    return campaignId === undefined ? null : this.deps.campaigns.findById(campaignId);
  }

  private mayWork(agentId: number, campaign: CampaignView): boolean {
    if (campaign.agentIds.includes(agentId)) return true;
    if (campaign.skill === null) return campaign.agentIds.length === 0;
    const skill = this.deps.businessTypeId(campaign.skill);
    return skill !== null && this.deps.skillsOf(agentId).has(skill);
  }
}
