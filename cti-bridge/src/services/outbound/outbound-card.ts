import type { CampaignView, LeadView } from '../../../protocol/campaign.schema';
import type { OutboundCall, OutboundCard } from '../../../protocol/outbound.schema';
import { localTimeText } from '../../domain/outbound/local-time';
import { renderScript } from '../../domain/outbound/script';
import type { CustomerCardRepository } from '../../repositories/customer-card.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';

export interface CardDeps {
  now: () => number;
  queue: LeadQueueRepository;
  cards: CustomerCardRepository;
}

/**
 * The preview card: the lead's fields, the linked customer's card (history, orders), the script with the lead's
 * fields filled in, the attempts so far and the callee's local time in each of their possible zones.
 */
export function buildCard(
  deps: CardDeps,
  campaign: CampaignView,
  lead: LeadView,
  agentId: number,
  call: OutboundCall | null,
): OutboundCard {
  const now = deps.now();
  const callback = deps.queue.openCallback(lead.id);
  return {
    campaignId: campaign.id,
    campaignName: campaign.name,
    mode: campaign.mode,
    lead: {
      id: lead.id,
      e164: lead.e164,
      fields: lead.fields,
      status: lead.status,
      attempts: lead.attempts,
      lastOutcome: lead.lastOutcome,
    },
    localTimes: lead.timeZones.map((zone) => ({ zone, time: localTimeText(zone, now) })),
    script: renderScript(campaign.script, lead.fields),
    customer: lead.customerId === null ? null : (deps.cards.card(lead.customerId) ?? null),
    attemptsSoFar: deps.queue.attemptsOf(lead.id),
    callback: callback && { dueAt: callback.dueAt, personal: callback.ownerId === agentId },
    dispositionCodes: campaign.dispositionCodes,
    call,
  };
}
