/** The compliance gate's inputs and answer (DESIGN.md "One gate"): intent + facts + instant → decision. */
import type { CallOutcome, CampaignMode, CampaignState, RuleSet } from '../../../protocol/campaign.schema';
import type { ComplianceCode } from '../../../protocol/errors';

/** Which path asks: every dial goes through the same gate, the path only shows in the audit and in two rules. */
export type DialPath = 'campaign' | 'manual' | 'callback' | 'edge' | 'dry-run';

export interface DialIntent {
  path: DialPath;
  /** The number as asked (any format); the service normalises it into `facts.e164`. */
  number: string;
  agentId: number | null;
  campaignId: number | null;
  leadId: number | null;
  /** The PBX call id when the PBX asks (SIP edge), for the audit trail. */
  callId?: string | null;
  /**
   * An agent is reserved for this call before it is placed (preview, progressive, manual, callback): the UK
   * 72-hour rule only forbids redials without one, and the abandon budget only concerns calls without one.
   */
  agentReserved: boolean;
  /**
   * The SIP edge: the bridge's attempt this INVITE belongs to (its `X-Ringside-Attempt`, verified). That attempt's
   * own row is the call being decided, not an earlier attempt, so the attempt rules do not count it.
   */
  attemptId?: number | null;
  /** The SIP edge: the INVITE named an attempt the bridge did not command for this agent and number (why). */
  attemptInvalid?: string | null;
}

export interface DncHit {
  /** Why it was listed (the entry's reason, else its source). */
  reason: string;
}

export interface CampaignFacts {
  id: number;
  state: CampaignState;
  mode: CampaignMode;
  rules: RuleSet;
  window: { from: string; to: string };
  maxAttempts: number;
  maxAttemptsPerDay: number;
  retryDelaysSec: Partial<Record<CallOutcome, number>>;
}

export interface LeadFacts {
  id: number;
  attempts: number;
  /** Start instants of the lead's earlier attempts (the gate counts those on the callee's current local day). */
  attemptTimes: readonly number[];
  lastOutcome: CallOutcome | null;
  /** When the last attempt ended (its start while it had no end). */
  lastOutcomeAt: number | null;
}

export interface AbandonBudgetFacts {
  abandoned: number;
  liveAnswered: number;
  target: number;
}

export interface ComplianceFacts {
  /** The number in E.164, or null when it is not a valid number. */
  e164: string | null;
  /** The callee's possible zones (from the lead, else the number); empty when unknown. */
  timeZones: readonly string[];
  dnc: { global: DncHit | null; campaign: DncHit | null; registry: DncHit | null };
  /** Null for a dial without a campaign; `campaignMissing` when the intent named one that does not exist. */
  campaign: CampaignFacts | null;
  campaignMissing: boolean;
  lead: LeadFacts | null;
  leadMissing: boolean;
  /** The last abandoned call to this number (any campaign), for the UK 72-hour rule. */
  lastAbandonedAt: number | null;
  /** Predictive only (next issue): the campaign's abandon ratio over its window. */
  abandonBudget: AbandonBudgetFacts | null;
}

export interface BlockReason {
  code: ComplianceCode;
  message: string;
}

export interface ZoneTime {
  zone: string;
  /** `YYYY-MM-DDTHH:MM` local, or null when the zone is not a valid IANA zone. */
  local: string | null;
}

export interface ComplianceDecision {
  allowed: boolean;
  e164: string | null;
  /** Empty when allowed; otherwise every reason that applies, in a stable order. */
  reasons: BlockReason[];
  /** The local time in each of the callee's zones at the decided instant. */
  zones: ZoneTime[];
  at: number;
}
