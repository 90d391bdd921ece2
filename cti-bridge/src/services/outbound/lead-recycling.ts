import type { CampaignView } from '../../../protocol/campaign.schema';
import { recycleLead, type AttemptOutcome } from '../../domain/outbound/recycling';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';
import type { LeadsRepository } from '../../repositories/leads.repository';
import type { StoredDisposition } from '../wrap-up';
import { applyRefusal } from './dial-gate';
import type { LiveOutbound } from './outbound-calls';

export interface DispositionNotice {
  interactionId: number;
  campaignId: number;
  leadId: number;
  stored: StoredDisposition;
}

interface RecycleDeps {
  now: () => number;
  leads: LeadsRepository;
  campaigns: CampaignsRepository;
  queue: LeadQueueRepository;
}

const rulesOf = (campaign: CampaignView) => ({
  maxAttempts: campaign.maxAttempts,
  retryDelaysSec: campaign.retryDelaysSec,
});

/** An unanswered attempt (busy, no answer, machine, failed): the lead retries after its delay or is exhausted. */
export function recycleAfterCall(
  deps: RecycleDeps,
  campaign: CampaignView,
  call: Pick<LiveOutbound, 'leadId' | 'outcome'> & Partial<Pick<LiveOutbound, 'blockCodes'>>,
): void {
  if (call.leadId === null || call.outcome === null) return;
  const lead = deps.leads.get(call.leadId);
  if (!lead) return;
  if (call.outcome === 'blocked') {
    // refused at the SIP edge (a number listed since the dialer chose it…): what the codes say
    applyRefusal(deps.queue, lead, call.blockCodes ?? [], deps.now());
    return;
  }
  const after = recycleLead(call.outcome as AttemptOutcome, lead.attempts, rulesOf(campaign), deps.now());
  deps.queue.setState(lead.id, after.status, after.nextAttemptAt, call.outcome);
}

/**
 * An answered attempt's disposition: final closes the lead, do-not-call blocks it, a callback schedules it (the
 * wrap-up's follow-up becomes the campaign's, owned by the agent or by anyone), anything else retries. A replayed
 * submission changes nothing. Returns the campaign, or null when the interaction was no campaign call.
 */
export function recycleAfterDisposition(
  deps: RecycleDeps,
  agentId: number,
  notice: DispositionNotice,
): number | null {
  const { stored } = notice;
  if (stored.replayed) return null;
  const lead = deps.leads.get(notice.leadId);
  const campaign = deps.campaigns.findById(notice.campaignId);
  if (!lead || !campaign) return null;
  const ownerId = stored.callbackFor === 'anyone' ? null : agentId;
  const callback =
    stored.callbackAt !== null && stored.followUpId !== null ? { at: stored.callbackAt, ownerId } : null;
  if (callback && stored.followUpId !== null)
    deps.queue.attachCallback(stored.followUpId, campaign.id, lead.id, ownerId);
  const after = recycleLead('answered', lead.attempts, rulesOf(campaign), deps.now(), {
    final: stored.isFinal,
    addsToDnc: stored.addsToDnc,
    callback,
  });
  deps.queue.setState(lead.id, after.status, after.nextAttemptAt, 'answered');
  return campaign.id;
}
