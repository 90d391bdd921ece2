import type { CampaignStats } from '../../../protocol/outbound.schema';
import type { PacingView } from '../../../protocol/pacing.schema';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';
import type { AgentFloor } from '../agent-floor';

/** Statuses of leads that may still be called. */
const LEFT = ['new', 'retry', 'callback', 'dialing'];
/** Coalesces bursts of changes (a progressive campaign changes on every call) into one push. */
const PUSH_EVERY_MS = 250;

export interface CampaignStatsDeps {
  now: () => number;
  campaigns: CampaignsRepository;
  queue: LeadQueueRepository;
  floor: AgentFloor;
  /** Agents working each campaign (agent id → campaign id). */
  members: () => ReadonlyMap<number, number>;
  displayName: (agentId: number) => string;
  push: (stats: CampaignStats) => void;
  /** A predictive campaign's pacing now, for supervisors (null: none decided yet). */
  pacing?: (campaignId: number) => PacingView | null;
}

/** A campaign's live figures for supervisors, computed from the attempts and leads, pushed when they change. */
export function createCampaignStats(deps: CampaignStatsDeps) {
  const pending = new Set<number>();
  let timer: NodeJS.Timeout | null = null;

  function stats(campaignId: number): CampaignStats | null {
    const campaign = deps.campaigns.findById(campaignId);
    if (!campaign) return null;
    const counts = deps.queue.counts(campaignId);
    const byOutcome = counts.attemptsByOutcome;
    const dialled = Object.entries(byOutcome)
      .filter(([outcome]) => outcome !== 'blocked')
      .reduce((sum, [, n]) => sum + n, 0);
    return {
      campaignId,
      name: campaign.name,
      mode: campaign.mode,
      state: campaign.state,
      dialled,
      answered: byOutcome['answered'] ?? 0,
      leadsLeft: LEFT.reduce((sum, status) => sum + (counts.leadsByStatus[status] ?? 0), 0),
      leadsByStatus: counts.leadsByStatus,
      attemptsByOutcome: byOutcome,
      blockedByReason: counts.blockedByReason,
      agents: [...deps.members()]
        .filter(([, c]) => c === campaignId)
        .map(([agentId]) => ({
          agentId,
          name: deps.displayName(agentId),
          status: deps.floor.get(agentId).status,
        })),
      at: deps.now(),
    };
  }

  let stopped = false;

  function flush(): void {
    timer = null;
    for (const campaignId of pending) {
      const s = stats(campaignId);
      if (s) deps.push(s);
    }
    pending.clear();
  }

  return {
    stats,
    pacing: (campaignId: number): PacingView | null => deps.pacing?.(campaignId) ?? null,
    changed(campaignId: number): void {
      // consoles disconnecting while the bridge stops change campaigns too: nothing is pushed after stop
      if (stopped) return;
      pending.add(campaignId);
      timer ??= setTimeout(flush, PUSH_EVERY_MS);
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type CampaignStatsService = ReturnType<typeof createCampaignStats>;
