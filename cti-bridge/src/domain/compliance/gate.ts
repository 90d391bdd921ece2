/**
 * The compliance gate, pure: every dial — campaign, manual, callback, the SIP edge, a dry run — is decided here
 * from an intent, the facts the service gathered and an instant. The answer is allowed, or blocked with every
 * reason that applies. It never throws: anything unexpected blocks with GATE_ERROR (fail closed).
 */
import { complianceCodes, type ComplianceCode } from '../../../protocol/errors';
import { inWindow } from './calling-window';
import type {
  BlockReason,
  CampaignFacts,
  ComplianceDecision,
  ComplianceFacts,
  DialIntent,
} from './compliance-types';
import { localParts, localStamp, type LocalParts } from './local-time';

export const UK_ABANDON_REDIAL_MS = 72 * 3_600_000;

/** The callee's wall clock at the decided instant, one per zone of `facts.timeZones` (null: unknown zone). */
type NowInZones = readonly (LocalParts | null)[];

type Check = (intent: DialIntent, facts: ComplianceFacts, now: number, local: NowInZones) => BlockReason[];

const reason = (code: ComplianceCode, detail?: string): BlockReason => ({
  code,
  message: detail ? `${complianceCodes[code]} (${detail})` : complianceCodes[code],
});

const number: Check = (_i, facts) => (facts.e164 === null ? [reason('INVALID_NUMBER')] : []);

const dnc: Check = (_i, facts) => {
  if (facts.e164 === null) return [];
  const out: BlockReason[] = [];
  if (facts.dnc.global) out.push(reason('DNC_GLOBAL', facts.dnc.global.reason));
  if (facts.dnc.campaign) out.push(reason('DNC_CAMPAIGN', facts.dnc.campaign.reason));
  if (facts.dnc.registry) out.push(reason('DNC_REGISTRY', facts.dnc.registry.reason));
  return out;
};

const campaignState: Check = (_i, facts) => {
  if (facts.campaignMissing) return [reason('CAMPAIGN_NOT_FOUND')];
  if (facts.leadMissing) return [reason('LEAD_NOT_FOUND')];
  const campaign = facts.campaign;
  return campaign && campaign.state !== 'running' ? [reason('CAMPAIGN_NOT_RUNNING', campaign.state)] : [];
};

/** Every zone the callee may be in must be inside the window (an area code spanning two zones: both). */
const callingWindow: Check = (_i, facts, _now, nowIn) => {
  const campaign = facts.campaign;
  if (!campaign || facts.e164 === null) return [];
  if (facts.timeZones.length === 0) return [reason('TIME_ZONE_UNKNOWN')];
  const outside: string[] = [];
  for (let i = 0; i < facts.timeZones.length; i++) {
    const zone = facts.timeZones[i] as string;
    const local = nowIn[i];
    if (!local) return [reason('TIME_ZONE_UNKNOWN', zone)];
    if (!inWindow(local.hour * 60 + local.minute, campaign.window, campaign.rules))
      outside.push(`${localStamp(local).slice(11)} in ${zone}`);
  }
  const window = `${campaign.window.from}–${campaign.window.to}`;
  return outside.length ? [reason('OUTSIDE_CALLING_WINDOW', `${outside.join(', ')}; window ${window}`)] : [];
};

const attempts: Check = (intent, facts, now, nowIn) => {
  const { campaign, lead } = facts;
  if (!campaign || !lead) return [];
  const out: BlockReason[] = [];
  if (lead.attempts >= campaign.maxAttempts)
    out.push(reason('MAX_ATTEMPTS', `${lead.attempts} of ${campaign.maxAttempts}`));
  const today = attemptsToday(lead.attemptTimes, facts.timeZones, now, nowIn);
  if (today >= campaign.maxAttemptsPerDay)
    out.push(reason('MAX_ATTEMPTS_TODAY', `${today} of ${campaign.maxAttemptsPerDay}`));
  // A callback is at the time the callee asked for; the retry pacing does not apply to it.
  if (intent.path !== 'callback') out.push(...retryDelay(campaign, facts, now));
  return out;
};

function retryDelay(campaign: CampaignFacts, facts: ComplianceFacts, now: number): BlockReason[] {
  const lead = facts.lead;
  if (!lead?.lastOutcome || lead.lastOutcomeAt === null) return [];
  const delaySec = campaign.retryDelaysSec[lead.lastOutcome] ?? 0;
  const waitMs = lead.lastOutcomeAt + delaySec * 1000 - now;
  if (waitMs <= 0) return [];
  return [reason('RETRY_TOO_SOON', `${lead.lastOutcome}: ${Math.ceil(waitMs / 60_000)} min left`)];
}

const dayNumber = (p: LocalParts) => p.year * 10_000 + p.month * 100 + p.day;

/** Attempts on the callee's current local day (in the first of their zones; days differ by hours at most). */
function attemptsToday(times: readonly number[], zones: readonly string[], now: number, nowIn: NowInZones) {
  const zone = zones[0] ?? 'UTC';
  const today = zones.length > 0 ? nowIn[0] : localParts(now, zone);
  if (!today) return times.length; // unknown zone: count them all (fail closed)
  const day = dayNumber(today);
  let count = 0;
  for (const at of times) {
    const local = localParts(at, zone);
    if (local && dayNumber(local) === day) count++;
  }
  return count;
}

const ukAbandoned: Check = (intent, facts, now) => {
  if (facts.campaign?.rules !== 'UK' || facts.lastAbandonedAt === null || intent.agentReserved) return [];
  const left = facts.lastAbandonedAt + UK_ABANDON_REDIAL_MS - now;
  return left > 0 ? [reason('UK_ABANDONED_72H', `${Math.ceil(left / 3_600_000)} h left`)] : [];
};

const abandonBudget: Check = (intent, facts) => {
  const budget = facts.abandonBudget;
  if (!budget || intent.agentReserved || budget.liveAnswered === 0) return [];
  const rate = budget.abandoned / budget.liveAnswered;
  return rate >= budget.target
    ? [
        reason(
          'ABANDON_BUDGET_EXHAUSTED',
          `${(rate * 100).toFixed(1)}% of ${(budget.target * 100).toFixed(1)}%`,
        ),
      ]
    : [];
};

/** A forged, replayed or stale `X-Ringside-Attempt` (see `compliance.service` checkEdgeDial for why it blocks). */
const attemptClaim: Check = (intent) =>
  intent.attemptInvalid ? [reason('ATTEMPT_INVALID', intent.attemptInvalid)] : [];

const checks: readonly Check[] = [
  attemptClaim,
  number,
  dnc,
  campaignState,
  callingWindow,
  attempts,
  ukAbandoned,
  abandonBudget,
];

export function decide(intent: DialIntent, facts: ComplianceFacts, now: number): ComplianceDecision {
  try {
    // each zone's wall clock once: the window, today's attempts and the recorded stamps all read it
    const nowIn = facts.timeZones.map((zone) => localParts(now, zone));
    const reasons: BlockReason[] = [];
    for (const check of checks) for (const found of check(intent, facts, now, nowIn)) reasons.push(found);
    return {
      allowed: reasons.length === 0,
      e164: facts.e164,
      reasons,
      zones: facts.timeZones.map((zone, i) => {
        const local = nowIn[i];
        return { zone, local: local ? localStamp(local) : null };
      }),
      at: now,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unexpected';
    return {
      allowed: false,
      e164: facts?.e164 ?? null,
      reasons: [reason('GATE_ERROR', detail)],
      zones: [],
      at: now,
    };
  }
}

/** A decision the gate could not even reach (the service failed gathering facts): blocked, fail closed. */
export function gateError(e164: string | null, now: number, detail: string): ComplianceDecision {
  return { allowed: false, e164, reasons: [reason('GATE_ERROR', detail)], zones: [], at: now };
}
