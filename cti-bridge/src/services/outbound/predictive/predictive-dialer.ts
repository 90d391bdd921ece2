import type { CampaignView, LeadView } from '../../../../protocol/campaign.schema';
import type { PacingView } from '../../../../protocol/pacing.schema';
import { selectNextLead } from '../../../domain/outbound/lead-selection';
import type { LaunchStrategy } from '../../../domain/outbound/launch-strategy';
import type { PacingDecision } from '../../../domain/outbound/pacing/pacing-types';
import type { AgentState } from '../../../../protocol/agent-state.schema';
import type { OriginateProgress } from '../../../pbx/pbx-adapter';
import type { PacingDecisionsRepository } from '../../../repositories/pacing-decisions.repository';
import type { DialerDeps } from '../dialer';
import { checkLead } from '../dial-gate';
import { buildCard } from '../outbound-card';
import { recycleAfterCall } from '../lead-recycling';
import { callView, type LiveOutbound } from '../outbound-calls';
import { CampaignPacing, floorOf, linesOf, policyOf } from './campaign-pacing';
import { AheadCalls, type AheadCall, type AheadDeps } from './ahead-calls';
import { pacingView } from './pacing-view';

/** A decision interval; decisions are also taken at once when an agent frees up. */
const TICK_MS = 1_000;
/** An interval that launched nothing and changed nothing is stored at most this often (a heartbeat). */
const STORE_IDLE_EVERY_MS = 15_000;
/** Leads tried per call to launch before giving up this interval (refused by the gate, gone). */
const TRIES_PER_CALL = 5;

export interface PredictiveDialerDeps
  extends Omit<DialerDeps, 'predictive' | 'aheadProgress' | 'onAgentState'>, AheadDeps {
  strategy: LaunchStrategy;
  decisions: PacingDecisionsRepository;
  /** Agents working each campaign (agent id → campaign id), as the dialer keeps them. */
  members: () => ReadonlyMap<number, number>;
  push: (view: PacingView) => void;
  tickMs?: number;
}

/**
 * The live predictive dialer: every interval, for each running predictive campaign with agents, it builds the
 * pacing inputs (estimates, agents, lines in flight, the abandon window), asks the campaign's strategy how many
 * calls to launch, places them ahead of agents (each through the one compliance gate) and stores the decision.
 * An answered call gets the longest-idle free agent of the campaign, auto-answered with the card at the same
 * instant; none within 2 s and the PBX plays the campaign's message (`abandoned`). A spent budget (or a PBX that
 * cannot place calls itself) degrades to progressive: one call per free agent, reserved for them.
 */
export class PredictiveDialer {
  private readonly ahead: AheadCalls;
  private readonly pacing = new Map<number, CampaignPacing>();
  private readonly wrapSince = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PredictiveDialerDeps) {
    this.ahead = new AheadCalls(deps, {
      recycle: (campaignId, leadId, outcome) => this.recycle(campaignId, leadId, outcome),
      settled: (call, liveAnswer, abandoned, at) => this.settled(call, liveAnswer, abandoned, at),
    });
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.deps.tickMs ?? TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ahead.clear();
  }

  /** One decision interval for every running predictive campaign that has agents. */
  tick(): void {
    for (const campaignId of new Set(this.deps.members().values())) {
      try {
        const campaign = this.deps.campaigns.findById(campaignId);
        if (campaign?.mode === 'predictive' && campaign.state === 'running') this.pace(campaign);
      } catch (error) {
        this.deps.log.error('predictive pacing failed', {
          campaignId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  /** See `PbxEvents.agentForAnswered`. */
  agentForAnswered(callId: string, campaignId: number, tried: readonly number[]): number | null {
    const call = this.ahead.get(callId);
    if (!call || call.campaignId !== campaignId) return null;
    const now = this.deps.now();
    if (call.answeredAt === null) this.ahead.answered(call, now);
    const campaign = this.deps.campaigns.findById(campaignId);
    const lead = this.deps.leads.get(call.leadId);
    const agentId = this.freeAgent(campaignId, tried);
    if (!campaign || !lead || agentId === null) return null;
    const live: LiveOutbound = {
      ...call,
      agentId,
      phase: 'ringing',
      outcome: null,
      answeredAt: null,
      endedAt: null,
    };
    if (!this.deps.calls.adopt(live)) return null;
    this.ahead.adopted(call);
    this.stateOf(campaignId).answerSettled(call.risk, false);
    this.deps.channel.emit(
      agentId,
      'outbound:card',
      buildCard(this.deps, campaign, lead, agentId, callView(live)),
    );
    this.deps.onCampaignChanged(campaignId);
    return agentId;
  }

  /** Progress of a call placed ahead of agents; false when the call is not one (any more). */
  progress(callId: string, progress: OriginateProgress, at: number): boolean {
    const call = this.ahead.get(callId);
    if (!call) return false;
    if (progress === 'answered' && this.agentForAnswered(callId, call.campaignId, []) !== null) {
      this.deps.calls.progress(callId, 'answered', at);
      return true;
    }
    this.ahead.progress(call, progress, at);
    return true;
  }

  /** An agent's state changed: the end of a wrap-up is a handle-time sample. */
  agentStateChanged(state: AgentState): void {
    const campaignId = this.deps.members().get(state.agentId);
    const wrapStart = this.wrapSince.get(state.agentId);
    if (state.status === 'wrap-up') this.wrapSince.set(state.agentId, state.since);
    else if (wrapStart !== undefined) {
      this.wrapSince.delete(state.agentId);
      if (campaignId !== undefined) this.stateOf(campaignId).wrapEnded(state.since - wrapStart, state.since);
    }
  }

  /** An agent's call of a predictive campaign ended (the dialer's outcome hook): talk time, or a reserved dial. */
  callEnded(call: LiveOutbound): void {
    if (call.campaignId === null || !this.pacing.has(call.campaignId)) return;
    const state = this.stateOf(call.campaignId);
    const wasAhead = this.ahead.wasAdopted(call.callId);
    const answered = call.outcome === 'answered' && call.answeredAt !== null;
    if (!wasAhead)
      state.attemptEnded(answered, (call.answeredAt ?? call.startedAt) - call.startedAt, call.endedAt ?? 0);
    if (answered && call.endedAt !== null)
      state.talkEnded(call.endedAt - (call.answeredAt ?? call.endedAt), call.endedAt);
  }

  /** The supervisors' view of a campaign's pacing now (null before its first decision). */
  view(campaignId: number): PacingView | null {
    const last = this.pacing.get(campaignId)?.last;
    const campaign = this.deps.campaigns.findById(campaignId);
    if (!last || !campaign) return null;
    const recent = this.deps.decisions.recent(campaignId, last.decision.inputs.at - 3_600_000, 60);
    return pacingView(campaign, last.decision, last.placed, recent);
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private pace(campaign: CampaignView): void {
    const { deps } = this;
    const now = deps.now();
    const state = this.stateOf(campaign.id);
    const agents = [...deps.members()].filter(([, c]) => c === campaign.id).map(([a]) => deps.floor.get(a));
    const lines = this.ahead.linesOf(campaign.id);
    const reservedRinging = deps.calls.ringingCount(campaign.id);
    const stats = deps.attempts.abandonStats(campaign.id, now - campaign.abandonWindowHours * 3_600_000);
    const decision = deps.strategy.pace?.({
      at: now,
      policy: policyOf(campaign),
      estimates: state.estimates,
      floor: floorOf(agents, (a) => this.isFree(a), now),
      lines: linesOf(
        [...lines.ringingSince, ...Array<number>(reservedRinging).fill(now)],
        lines.answered,
        now,
      ),
      window: { answers: stats.liveAnswered, abandons: stats.abandoned },
    });
    if (!decision) return;
    const ahead = decision.mode === 'predictive' && deps.pbx.capabilities().originate;
    const placed = ahead
      ? this.launchAhead(campaign, decision.launch, state)
      : this.launchReserved(campaign, decision.launch);
    this.remember(campaign, state, decision, placed);
  }

  /** Places up to `count` calls with no agent reserved; a gate that finds the budget spent degrades to reserved. */
  private launchAhead(campaign: CampaignView, count: number, state: CampaignPacing): number {
    let placed = 0;
    for (let tries = 0; placed < count && tries < count * TRIES_PER_CALL; tries += 1) {
      const next = this.nextLead(campaign, null);
      if (!next) break;
      const gate = checkLead(this.deps, { campaign, ...next, agentId: null, now: this.deps.now() });
      if (!gate.allowed) {
        if (gate.reasons.some((r) => r.code === 'ABANDON_BUDGET_EXHAUSTED'))
          return placed + this.launchReserved(campaign, count - placed);
        continue;
      }
      if (next.callback) this.deps.queue.closeCallbacks(next.lead.id);
      this.ahead.place(campaign, next.lead, gate.e164, state.plannedRisk());
      placed += 1;
    }
    return placed;
  }

  /** Progressive: one call per free agent of the campaign, reserved for them (no abandon is possible). */
  private launchReserved(campaign: CampaignView, count: number): number {
    const { deps } = this;
    let placed = 0;
    const free = [...deps.members()]
      .filter(
        ([agentId, c]) =>
          c === campaign.id && deps.floor.get(agentId).status === 'ready' && this.isFree(agentId),
      )
      .map(([agentId]) => agentId);
    for (const agentId of free.slice(0, count)) {
      const next = this.nextLead(campaign, agentId);
      if (!next) break;
      const gate = checkLead(deps, { campaign, ...next, agentId, now: deps.now() });
      if (!gate.allowed) continue;
      if (next.callback) deps.queue.closeCallbacks(next.lead.id);
      deps.queue.setState(next.lead.id, 'dialing', null, null);
      const call = deps.calls.place({
        agentId,
        campaignId: campaign.id,
        leadId: next.lead.id,
        businessTypeId: campaign.businessType ? deps.businessTypeId(campaign.businessType) : null,
        customerId: next.lead.customerId,
        e164: gate.e164,
        callerId: campaign.callerId ?? deps.defaultCallerId,
        ringTimeoutMs: campaign.ringTimeSec * 1000,
        // its agents are on auto-answer: a PBX that can place calls places these too (not the agent's softphone)
        serverPlaced: true,
        abandonMessage: campaign.abandonMessage,
      });
      if (!call) {
        deps.queue.setState(next.lead.id, next.lead.status, next.lead.nextAttemptAt, null);
        continue;
      }
      deps.channel.emit(
        agentId,
        'outbound:card',
        buildCard(deps, campaign, next.lead, agentId, callView(call)),
      );
      placed += 1;
    }
    return placed;
  }

  private nextLead(
    campaign: CampaignView,
    agentId: number | null,
  ): { lead: LeadView; callback: boolean } | null {
    const { deps } = this;
    const now = deps.now();
    const selection = selectNextLead(deps.queue.candidates(campaign.id, now), {
      now,
      // a call placed ahead of agents takes no one's personal callback
      agentId: agentId ?? -1,
      window: campaign.callingWindow,
      maxAttempts: campaign.maxAttempts,
      reserved: new Set(),
    });
    if (selection.kind === 'none') return null;
    const lead = deps.leads.get(selection.lead.id);
    return lead ? { lead, callback: selection.callback } : null;
  }

  private remember(
    campaign: CampaignView,
    state: CampaignPacing,
    decision: PacingDecision,
    placed: number,
  ): void {
    const previous = state.last?.decision;
    state.last = { decision, placed };
    const at = decision.inputs.at;
    const changed = !previous || previous.reason !== decision.reason || previous.mode !== decision.mode;
    if (decision.launch > 0 || changed || at - state.storedAt >= STORE_IDLE_EVERY_MS) {
      this.deps.decisions.record(campaign.id, decision, placed);
      state.storedAt = at;
    }
    if (placed > 0) this.deps.onCampaignChanged(campaign.id);
    const view = this.view(campaign.id);
    if (view) this.deps.push(view);
  }

  private settled(call: AheadCall, liveAnswer: boolean, abandoned: boolean, at: number): void {
    const state = this.stateOf(call.campaignId);
    if (!liveAnswer) state.attemptEnded(false, at - call.startedAt, at);
    if (abandoned) state.answerSettled(call.risk, true);
    this.deps.onCampaignChanged(call.campaignId);
  }

  private recycle(campaignId: number, leadId: number, outcome: LiveOutbound['outcome']): void {
    const campaign = this.deps.campaigns.findById(campaignId);
    if (campaign) recycleAfterCall(this.deps, campaign, { leadId, outcome });
  }

  private freeAgent(campaignId: number, tried: readonly number[]): number | null {
    let best: AgentState | null = null;
    for (const [agentId, c] of this.deps.members()) {
      if (c !== campaignId || tried.includes(agentId)) continue;
      const state = this.deps.floor.get(agentId);
      if (state.status !== 'ready' || !this.isFree(agentId)) continue;
      if (!best || state.since < best.since) best = state;
    }
    return best?.agentId ?? null;
  }

  private isFree(agentId: number): boolean {
    return !this.deps.floor.get(agentId).phoneBusy && !this.deps.calls.ofAgent(agentId);
  }

  private stateOf(campaignId: number): CampaignPacing {
    let state = this.pacing.get(campaignId);
    if (!state) this.pacing.set(campaignId, (state = new CampaignPacing(this.deps.now())));
    return state;
  }
}
