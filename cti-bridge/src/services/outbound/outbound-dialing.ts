import type { CampaignStats } from '../../../protocol/outbound.schema';
import type { PacingView } from '../../../protocol/pacing.schema';
import { predictiveStrategy } from '../../domain/outbound/launch-strategy';
import type { PacingDecisionsRepository } from '../../repositories/pacing-decisions.repository';
import { PredictiveDialer } from './predictive/predictive-dialer';
import type { Logger } from '../../logger';
import type { PbxAdapter } from '../../pbx/pbx-adapter';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CallAttemptsRepository } from '../../repositories/call-attempts.repository';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { CustomerCardRepository } from '../../repositories/customer-card.repository';
import type { InteractionsRepository } from '../../repositories/interactions.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';
import type { LeadsRepository } from '../../repositories/leads.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import type { ComplianceService } from '../compliance/compliance.service';
import type { StoredDisposition } from '../wrap-up';
import { createCampaignStats } from './campaign-stats';
import { Dialer } from './dialer';
import { OutboundCalls, type LiveOutbound } from './outbound-calls';

export interface OutboundDialingDeps {
  now: () => number;
  pbx: PbxAdapter;
  floor: AgentFloor;
  channel: AgentChannel;
  log: Logger;
  compliance: ComplianceService;
  campaigns: CampaignsRepository;
  leads: LeadsRepository;
  attempts: CallAttemptsRepository;
  queue: LeadQueueRepository;
  cards: CustomerCardRepository;
  audit: AuditRepository;
  interactions: InteractionsRepository;
  skillsOf: (agentId: number) => ReadonlySet<number>;
  displayName: (agentId: number) => string;
  defaultCallerId: string;
  pushStats: (stats: CampaignStats) => void;
  /** Each predictive pacing interval (supervisors only). */
  pushPacing?: (view: PacingView) => void;
  /** Where pacing decisions are stored (predictive campaigns run only with one). */
  decisions?: PacingDecisionsRepository;
  /** Every placed call's outcome, after the dialer's (queue callbacks record theirs). */
  onCallOutcome?: (call: LiveOutbound) => void;
}

/** Wires the outbound side: placed calls, the dialer and the supervisors' live figures. */
export function createOutboundDialing(deps: OutboundDialingDeps) {
  let dialer: Dialer | null = null;
  let predictive: PredictiveDialer | null = null;
  /** Agents whose consoles all went away while a call of theirs was being placed: what to do once it ends. */
  const away = new Map<number, () => void>();
  const calls = new OutboundCalls({
    ...deps,
    expectEdgeDial: (agentId, e164, context) => deps.compliance.expectEdgeDial(agentId, e164, context),
    onOutcome: (call) => {
      predictive?.callEnded(call);
      dialer?.callOutcome(call);
      const gone = away.get(call.agentId);
      away.delete(call.agentId);
      // nobody answered and the agent is still away: off the floor before the dialer gives them another call
      if (gone && call.outcome !== 'answered') gone();
      deps.onCallOutcome?.(call);
    },
  });
  const stats = createCampaignStats({
    now: deps.now,
    campaigns: deps.campaigns,
    queue: deps.queue,
    floor: deps.floor,
    members: () => dialer?.joinedCampaigns() ?? new Map(),
    displayName: deps.displayName,
    push: deps.pushStats,
    pacing: (campaignId) => predictive?.view(campaignId) ?? null,
  });
  const dialerDeps = {
    ...deps,
    calls,
    businessTypeId: (code: string) => deps.campaigns.businessTypeId(code),
    onCampaignChanged: (campaignId: number) => stats.changed(campaignId),
  };
  predictive = deps.decisions
    ? new PredictiveDialer({
        ...dialerDeps,
        strategy: predictiveStrategy,
        decisions: deps.decisions,
        members: () => dialer?.joinedCampaigns() ?? new Map(),
        push: deps.pushPacing ?? (() => undefined),
      })
    : null;
  const thePredictive = predictive;
  dialer = new Dialer({
    ...dialerDeps,
    predictive: predictiveStrategy,
    aheadProgress: (callId, progress, at) => thePredictive?.progress(callId, progress, at) ?? false,
    onAgentState: (state) => thePredictive?.agentStateChanged(state),
  });
  thePredictive?.start();
  const theDialer = dialer;
  return {
    dialer: theDialer,
    calls,
    stats,
    /**
     * The agent's last console went away. A call being placed for them is theirs and goes on (as a connected call
     * does), so a console that comes back finds it; `disconnect` runs if it ends unanswered with them still away.
     * False when no such call: the caller disconnects the agent now.
     */
    consoleLost(agentId: number, disconnect: () => void): boolean {
      const call = calls.ofAgent(agentId);
      if (!call || call.phase === 'connected') return false;
      away.set(agentId, disconnect);
      return true;
    },
    consoleBack(agentId: number): void {
      away.delete(agentId);
    },
    /** A wrap-up was stored: a campaign call's lead is recycled by its disposition. */
    dispositionStored(agentId: number, interactionId: number, stored: StoredDisposition): void {
      const row = deps.interactions.find(interactionId);
      if (row?.campaignId == null || row.leadId == null) return;
      theDialer.dispositioned(agentId, {
        interactionId,
        campaignId: row.campaignId,
        leadId: row.leadId,
        stored,
      });
    },
    /** The customer (or the agent's phone) hung up; false when it was no call the dialer placed. */
    hungUp(callId: string, at: number, by: 'agent' | 'caller'): boolean {
      return calls.ended(callId, at, by);
    },
    /** The agent's phone held or resumed a call the dialer placed (`PbxEvents.callHeld`); false if none. */
    held(callId: string, held: boolean, at?: number): boolean {
      return calls.held(callId, held, at);
    },
    /** See `PbxEvents.agentForAnswered` (predictive calls placed ahead of agents). */
    agentForAnswered(callId: string, campaignId: number, tried: readonly number[]): number | null {
      try {
        return thePredictive?.agentForAnswered(callId, campaignId, tried) ?? null;
      } catch (error) {
        // no agent is the safe answer: the PBX plays the message once the window ends
        deps.log.error('no agent for an answered call', {
          callId,
          error: error instanceof Error ? error.message : String(error),
        });
        return null;
      }
    },
    predictive: thePredictive,
    stop(): void {
      stats.stop();
      thePredictive?.stop();
      calls.clear();
    },
  };
}

export type OutboundDialing = ReturnType<typeof createOutboundDialing>;
