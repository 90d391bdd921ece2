import type { CountryCode } from '../../domain/caller-id';
import { normalizeCallerId } from '../../domain/caller-id';
import type {
  CampaignFacts,
  ComplianceDecision,
  ComplianceFacts,
  DialIntent,
} from '../../domain/compliance/compliance-types';
import { decide, gateError } from '../../domain/compliance/gate';
import type { DialDecision } from '../../domain/dial-decision';
import type { ComplianceCode } from '../../../protocol/errors';
import { maskPhone } from '../../domain/mask';
import type { DialRequest } from '../../pbx/pbx-adapter';
import type { AuditEntry, AuditRepository } from '../../repositories/audit.repository';
import type { CampaignsRepository } from '../../repositories/campaigns.repository';
import type { ComplianceFactsRepository } from '../../repositories/compliance-facts.repository';
import type { DncRegistry } from './dnc-registry';
import { type AttemptClaim, EdgeDials, type EdgeDialContext } from './edge-dials';
import { zonesOfNumber } from './time-zones';

type CampaignGateRow = NonNullable<ReturnType<CampaignsRepository['gateFactsOf']>>;

export interface ComplianceDeps {
  now: () => number;
  region: CountryCode;
  registry: DncRegistry;
  campaigns: CampaignsRepository;
  /** The lead, its attempts, the number's lists: the gate's reads (one prepared statement per decision). */
  facts: ComplianceFactsRepository;
  audit: AuditRepository;
}

/**
 * The one path every dial takes (campaign dials, manual click-to-dial, callbacks, the SIP edge, the dry run):
 * gathers the facts, asks the pure gate, records the decision with its inputs in the audit log. Never throws;
 * a failure anywhere blocks the call (fail closed).
 */
export function createComplianceService(deps: ComplianceDeps) {
  const edgeDials = new EdgeDials(deps.now);
  const e164Of = (number: string) => {
    const normalized = normalizeCallerId(number, deps.region);
    return normalized.kind === 'number' ? normalized.e164 : null;
  };

  /** The gate's view of a campaign, built once per cached row (the repository returns the same row until a change). */
  const campaignFacts = new WeakMap<CampaignGateRow, CampaignFacts>();
  const campaignFactsOf = (row: CampaignGateRow): CampaignFacts => {
    let facts = campaignFacts.get(row);
    if (!facts) {
      facts = Object.freeze({
        id: row.id,
        state: row.state,
        mode: row.mode,
        rules: row.rules,
        window: Object.freeze({ from: row.windowFrom, to: row.windowTo }),
        maxAttempts: row.maxAttempts,
        maxAttemptsPerDay: row.maxAttemptsPerDay,
        retryDelaysSec: row.retryDelaysSec,
      });
      campaignFacts.set(row, facts);
    }
    return facts;
  };

  /**
   * A campaign dial names its lead's number, normalised (same library, same region) when it was imported: the
   * facts are read with it at once, and the number is parsed (and its lists read again) only when it is not.
   */
  function readFacts(intent: DialIntent, campaignId: number | null) {
    const except = intent.attemptId ?? undefined;
    if (intent.leadId !== null) {
      const stored = deps.facts.read(intent.leadId, intent.number, campaignId, except);
      if (stored.lead?.e164 === intent.number) return { e164: intent.number, stored };
      const e164 = e164Of(intent.number);
      if (e164 === intent.number) return { e164, stored };
      return { e164, stored: deps.facts.read(intent.leadId, e164, campaignId, except) };
    }
    const e164 = e164Of(intent.number);
    return { e164, stored: deps.facts.read(null, e164, campaignId, except) };
  }

  function gather(intent: DialIntent, at: number): ComplianceFacts {
    const campaign = intent.campaignId === null ? null : deps.campaigns.gateFactsOf(intent.campaignId);
    const { e164, stored } = readFacts(intent, campaign?.id ?? null);
    const { lead, history, dnc } = stored;
    const leadMatches =
      lead !== null && lead.campaignId === intent.campaignId && (e164 === null || lead.e164 === e164);
    // the attempt being decided is already counted on the lead (the edge checks a call the bridge placed)
    const counted = intent.attemptId == null ? 0 : 1;
    const registry = e164 ? deps.registry.hit(e164) : null;
    const zones = leadMatches && lead.timeZones.length ? lead.timeZones : e164 ? zonesOfNumber(e164) : [];
    return {
      e164,
      timeZones: zones,
      dnc: {
        global: dnc.global === null ? null : { reason: dnc.global },
        campaign: dnc.campaign === null ? null : { reason: dnc.campaign },
        registry: registry === null ? null : { reason: registry },
      },
      campaign: campaign && campaignFactsOf(campaign),
      campaignMissing: intent.campaignId !== null && campaign === null,
      lead:
        leadMatches && history
          ? {
              id: lead.id,
              attempts: Math.max(lead.attempts - counted, history.times.length),
              attemptTimes: history.times,
              lastOutcome: history.lastOutcome,
              lastOutcomeAt: history.lastOutcomeAt,
            }
          : null,
      leadMissing: intent.leadId !== null && !leadMatches,
      lastAbandonedAt: e164 && campaign?.rules === 'UK' ? deps.facts.lastAbandonedAt(e164) : null,
      abandonBudget:
        campaign?.mode === 'predictive'
          ? {
              ...deps.facts.abandonStats(campaign.id, at - campaign.abandonWindowHours * 3_600_000),
              target: campaign.abandonTarget,
            }
          : null,
    };
  }

  function entryOf(
    intent: DialIntent,
    facts: ComplianceFacts | null,
    decision: ComplianceDecision,
  ): AuditEntry {
    return {
      at: decision.at,
      actorUserId: intent.agentId,
      action: intent.path === 'dry-run' ? 'dial.dry-run' : 'dial.check',
      subject: subjectOf(intent),
      decision: decision.allowed ? 'allowed' : 'blocked',
      reason: decision.allowed ? null : decision.reasons.map((r) => r.code).join(','),
      details: {
        path: intent.path,
        number: maskPhone(facts?.e164 ?? intent.number),
        campaignId: intent.campaignId,
        leadId: intent.leadId,
        attemptId: intent.attemptId ?? null,
        agentReserved: intent.agentReserved,
        zones: decision.zones,
        dnc: facts ? Object.keys(facts.dnc).filter((k) => facts.dnc[k as keyof typeof facts.dnc]) : null,
        campaignState: facts?.campaign?.state ?? null,
        rules: facts?.campaign?.rules ?? null,
        window: facts?.campaign?.window ?? null,
        attempts: facts?.lead?.attempts ?? null,
        lastOutcome: facts?.lead?.lastOutcome ?? null,
        lastAbandonedAt: facts?.lastAbandonedAt ?? null,
        abandonBudget: facts?.abandonBudget ?? null,
        reasons: decision.reasons,
      },
    };
  }

  /** The facts and the pure decision; a failure gathering them is a GATE_ERROR decision (fail closed). */
  function decideAt(intent: DialIntent, instant: number) {
    try {
      const facts = gather(intent, instant);
      return { facts, decision: decide(intent, facts, instant) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'facts unavailable';
      return { facts: null, decision: gateError(null, instant, detail) };
    }
  }

  /**
   * Decides and audits. `at` is for dry runs only; a real dial is always decided at the clock's now. The facts
   * are read, the decision taken and its audit row inserted in ONE write transaction (one cycle of SQLite's
   * locks, the reads seeing exactly the state the row is committed against), and the decision is returned only
   * once the row is committed to the WAL.
   */
  function check(intent: DialIntent, at?: number): ComplianceDecision {
    const instant = intent.path === 'dry-run' && at !== undefined ? at : deps.now();
    try {
      return deps.audit.recordAfter(() => {
        const { facts, decision } = decideAt(intent, instant);
        return { result: decision, entry: entryOf(intent, facts, decision) };
      });
    } catch {
      // The transaction could not be taken or committed (a lock held past the busy timeout, a full disk…): the
      // decision is not in the audit log, so it may not let a call through; a refusal still says why.
      const { decision } = decideAt(intent, instant);
      return decision.allowed
        ? gateError(decision.e164, instant, 'the decision could not be recorded')
        : decision;
    }
  }

  return {
    check,
    /**
     * The SIP edge asks whether an agent's phone may dial. A dial the bridge commanded carries its attempt id
     * (`X-Ringside-Attempt`) and is decided with that attempt's campaign and lead; a dial without one is the
     * agent's own manual dial. A header naming an attempt the bridge did not command for this agent and number
     * (unknown, already used, expired, a colleague's, another number's) is refused with ATTEMPT_INVALID, besides
     * any other reason that applies, rather than let through as a manual dial: the console only ever sends what
     * the bridge gave it, once, so such a header comes from a modified or replaying client, and as a manual dial
     * its call would claim to be a campaign's while escaping that campaign's own DNC list and rules, or a second
     * call would ride on one attempt. The bridge's own dialer (server-placed calls) is checked again here too,
     * with the attempt it carries: defence in depth.
     */
    checkEdgeDial(request: DialRequest): EdgeDialDecision {
      const normalized = normalizeCallerId(request.to, deps.region);
      const e164 = normalized.kind === 'number' ? normalized.e164 : null;
      // the bridge's own dialer says which attempt it places (it authenticated as the dialer at the edge)
      const byServer = request.byServer && request.attempt ? request.attempt : null;
      const claim: AttemptClaim =
        byServer || request.agentId === null
          ? { kind: 'none' }
          : edgeDials.claim(request.agentId, e164, request.attemptHeader);
      const context = byServer ?? (claim.kind === 'valid' ? claim.context : null);
      const decision = check({
        path: 'edge',
        number: request.to,
        agentId: request.agentId,
        campaignId: context?.campaignId ?? null,
        leadId: context?.leadId ?? null,
        callId: request.callId,
        agentReserved: request.agentId !== null,
        attemptId: context?.attemptId ?? null,
        attemptInvalid: claim.kind === 'invalid' ? claim.why : null,
      });
      return {
        ...toDialDecision(decision),
        attemptId: context?.attemptId ?? null,
        codes: decision.reasons.map((r) => r.code),
      };
    },
    /** The bridge is about to have this agent's softphone dial (attempt, campaign, lead): the edge will know it. */
    expectEdgeDial(agentId: number, e164: string, context: EdgeDialContext): void {
      edgeDials.expect(agentId, e164, context);
    },
    /** Registry and list facts only (no campaign), for "why is this number blocked". */
    zonesOf(e164: string): readonly string[] {
      return zonesOfNumber(e164);
    },
  };
}

/** The PBX seam's shape: the first reason's code, every reason in the text (Kamailio puts it in X-Reason). */
/**
 * The edge's answer, with the bridge's attempt the INVITE was tied to (null: a manual dial of the agent's own, or
 * a refused claim) and every reason's code (a refused attempt is recorded with all of them).
 */
export type EdgeDialDecision = DialDecision & { attemptId: number | null; codes: ComplianceCode[] };

export function toDialDecision(decision: ComplianceDecision): DialDecision {
  if (decision.allowed && decision.e164) return { allowed: true, e164: decision.e164 };
  const first = decision.reasons[0];
  return {
    allowed: false,
    code: first?.code ?? 'GATE_ERROR',
    reason: decision.reasons.map((r) => r.message).join('; ') || 'blocked',
  };
}

function subjectOf(intent: DialIntent): string {
  if (intent.callId) return `call:${intent.callId}`;
  if (intent.leadId !== null) return `lead:${intent.leadId}`;
  if (intent.campaignId !== null) return `campaign:${intent.campaignId}`;
  return `dial:${intent.path}`;
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
