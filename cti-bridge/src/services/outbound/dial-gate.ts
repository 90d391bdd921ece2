import type { CampaignView, LeadView } from '../../../protocol/campaign.schema';
import type { BlockReason, ComplianceDecision } from '../../domain/compliance/compliance-types';
import type { LeadStatus } from '../../domain/outbound/lead-selection';
import type { CallAttemptsRepository } from '../../repositories/call-attempts.repository';
import type { LeadQueueRepository } from '../../repositories/lead-queue.repository';
import type { ComplianceService } from '../compliance/compliance.service';

/** The number can never be called in this campaign: the lead is closed as blocked. */
const CLOSING = new Set([
  'INVALID_NUMBER',
  'DNC_GLOBAL',
  'DNC_CAMPAIGN',
  'DNC_REGISTRY',
  'TIME_ZONE_UNKNOWN',
]);
/** The lead may be called later: it waits, and this is not an attempt. */
const WAITING: Record<string, number> = {
  OUTSIDE_CALLING_WINDOW: 30 * 60_000,
  RETRY_TOO_SOON: 15 * 60_000,
  MAX_ATTEMPTS_TODAY: 6 * 3600_000,
  UK_ABANDONED_72H: 72 * 3600_000,
};

export type LeadGateResult =
  { allowed: true; e164: string } | { allowed: false; reasons: BlockReason[]; leadClosed: boolean };

/**
 * Asks the one compliance gate about a campaign lead and applies what a refusal means for the lead: a number
 * that may never be called closes it (recorded as a blocked attempt with its codes), one that may be called later
 * waits (not an attempt), a campaign-level refusal leaves it as it is.
 */
export function checkLead(
  deps: { compliance: ComplianceService; queue: LeadQueueRepository; attempts: CallAttemptsRepository },
  request: {
    campaign: CampaignView;
    lead: LeadView;
    /** The agent the call is for; null for a predictive call placed ahead of agents. */
    agentId: number | null;
    callback: boolean;
    now: number;
  },
): LeadGateResult {
  const { campaign, lead, agentId, now } = request;
  const decision: ComplianceDecision = deps.compliance.check({
    path: request.callback ? 'callback' : 'campaign',
    number: lead.e164,
    agentId,
    campaignId: campaign.id,
    leadId: lead.id,
    agentReserved: agentId !== null,
  });
  if (decision.allowed && decision.e164) return { allowed: true, e164: decision.e164 };
  const codes = decision.reasons.map((r) => r.code as string);
  const leadLevel = codes.some((c) => CLOSING.has(c) || c === 'MAX_ATTEMPTS' || c in WAITING);
  if (leadLevel)
    deps.attempts.blocked(
      { leadId: lead.id, campaignId: campaign.id, agentId, e164: lead.e164, at: now },
      codes,
    );
  return {
    allowed: false,
    reasons: decision.reasons,
    leadClosed: applyRefusal(deps.queue, lead, codes, now),
  };
}

/**
 * What the gate's refusal of a lead's dial means for the lead (at lead selection, or at the SIP edge for a call
 * already commanded): a number that may never be called closes it, one that may be called later waits, a
 * campaign-level refusal leaves it as it is. True when the lead is closed.
 */
export function applyRefusal(
  queue: LeadQueueRepository,
  lead: Pick<LeadView, 'id' | 'status'>,
  codes: readonly string[],
  now: number,
): boolean {
  let status: LeadStatus | null = null;
  let next: number | null = null;
  if (codes.some((c) => CLOSING.has(c))) status = 'blocked';
  else if (codes.includes('MAX_ATTEMPTS')) status = 'exhausted';
  else {
    const wait = Math.max(0, ...codes.map((c) => WAITING[c] ?? 0));
    if (wait > 0) {
      status = lead.status === 'new' ? 'retry' : lead.status;
      next = now + wait;
    }
  }
  if (status !== null) queue.setState(lead.id, status, next, status === 'blocked' ? 'blocked' : null);
  return status === 'blocked' || status === 'exhausted';
}
