import type { CampaignStats } from '../../../protocol/outbound.schema';
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
import { OutboundCalls } from './outbound-calls';

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
}

/** Wires the outbound side: placed calls, the dialer and the supervisors' live figures. */
export function createOutboundDialing(deps: OutboundDialingDeps) {
  let dialer: Dialer | null = null;
  const calls = new OutboundCalls({
    ...deps,
    expectEdgeDial: (agentId, e164, context) => deps.compliance.expectEdgeDial(agentId, e164, context),
    onOutcome: (call) => dialer?.callOutcome(call),
  });
  const stats = createCampaignStats({
    now: deps.now,
    campaigns: deps.campaigns,
    queue: deps.queue,
    floor: deps.floor,
    members: () => dialer?.joinedCampaigns() ?? new Map(),
    displayName: deps.displayName,
    push: deps.pushStats,
  });
  dialer = new Dialer({
    ...deps,
    calls,
    businessTypeId: (code) => deps.campaigns.businessTypeId(code),
    onCampaignChanged: (campaignId) => stats.changed(campaignId),
  });
  const theDialer = dialer;
  return {
    dialer: theDialer,
    calls,
    stats,
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
    stop(): void {
      stats.stop();
      calls.clear();
    },
  };
}

export type OutboundDialing = ReturnType<typeof createOutboundDialing>;
