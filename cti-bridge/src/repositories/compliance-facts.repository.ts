import type { RingsideDb } from '../../../db/open-database';
import type { CallOutcome } from '../../protocol/campaign.schema';

export interface LeadGateFacts {
  id: number;
  campaignId: number;
  e164: string;
  attempts: number;
  timeZones: readonly string[];
}

export interface AttemptHistory {
  /** Start instants of every attempt of the lead, oldest first. */
  times: number[];
  lastOutcome: CallOutcome | null;
  /** When the last attempt with an outcome ended (its start when no end was recorded). */
  lastOutcomeAt: number | null;
}

/** What the gate reads from the database for one dial: the lead with its attempts, the number's own lists. */
export interface StoredGateFacts {
  lead: LeadGateFacts | null;
  /** The lead's attempts (blocked dials are not attempts); null without a lead. */
  history: AttemptHistory | null;
  /** Why `e164` is on the global list and on the campaign's list (null: not listed). */
  dnc: { global: string | null; campaign: string | null };
}

type FactsRow = [
  campaignId: number | null,
  e164: string | null,
  attempts: number | null,
  zones: string | null,
  history: string | null,
  dncGlobal: string | null,
  dncCampaign: string | null,
];

/**
 * The compliance gate's reads, on the hot path of every dial decision: statements prepared once, and the lead,
 * its attempts and the number's global and campaign list entries in ONE statement (one snapshot; the gate runs
 * it inside the write transaction that commits the decision's audit row — `audit.recordAfter` — so it pays no
 * locking of its own, which was most of a lone statement's cost). Each part is a
 * lookup on an index: the lead's primary key, call_attempts (lead_id, started_at), dnc_entries' unique
 * (e164, scope, campaign_id). The attempts come back as one string (`id,start,end,outcome` joined by spaces) so
 * the row is a flat array, not an object per attempt; unordered in SQL (an aggregate's ORDER BY opened a temporary
 * B-tree on every read, lead or no lead), they arrive in the index's order (start, then id) and are put in that
 * order here when they do not. Parameters are positional (no object to look each name up in).
 */
export function createComplianceFactsRepository(db: RingsideDb) {
  const client = db.$client;
  const factsOf = client
    .prepare(
      `SELECT l.campaign_id, l.e164, l.attempts, l.time_zones,
         CASE WHEN l.id IS NULL THEN NULL ELSE coalesce((
           SELECT group_concat(a.id || ',' || a.started_at || ',' || coalesce(a.ended_at, '') || ','
             || coalesce(a.outcome, ''), ' ')
           FROM call_attempts a WHERE a.lead_id = l.id AND a.outcome IS NOT 'blocked'
         ), '') END,
         (SELECT coalesce(reason, source) FROM dnc_entries
           WHERE e164 = ? AND scope = 'global' AND campaign_id = 0),
         (SELECT coalesce(reason, source) FROM dnc_entries
           WHERE e164 = ? AND scope = 'campaign' AND campaign_id = ?)
       FROM (SELECT ? AS id) q LEFT JOIN leads l ON l.id = q.id`,
    )
    .raw();
  const lastAbandoned = client
    .prepare(
      `SELECT started_at FROM call_attempts WHERE e164 = ? AND outcome = 'abandoned'
       ORDER BY started_at DESC LIMIT 1`,
    )
    .pluck();
  const abandonCounts = client
    .prepare(
      `SELECT count(*) FILTER (WHERE outcome = 'abandoned'),
         count(*) FILTER (WHERE outcome IN ('answered', 'abandoned'))
       FROM call_attempts WHERE campaign_id = ? AND started_at >= ?`,
    )
    .raw();
  return {
    /**
     * The lead (null id: none), its attempts except `exceptAttempt` (the SIP edge's check of the attempt being
     * placed), and the list entries of `e164` (null: an invalid number, on no list) for the campaign.
     */
    read(
      leadId: number | null,
      e164: string | null,
      campaignId: number | null,
      exceptAttempt?: number,
    ): StoredGateFacts {
      const row = factsOf.get(e164, e164, campaignId ?? -1, leadId) as FactsRow;
      const [leadCampaign, leadE164, attempts, zones, history, dncGlobal, dncCampaign] = row;
      const lead =
        leadId !== null && leadCampaign !== null && leadE164 !== null && attempts !== null
          ? {
              id: leadId,
              campaignId: leadCampaign,
              e164: leadE164,
              attempts,
              timeZones: zones ? zones.split(' ') : [],
            }
          : null;
      return {
        lead,
        history: lead && history !== null ? historyOf(history, exceptAttempt) : null,
        dnc: { global: dncGlobal, campaign: dncCampaign },
      };
    },
    /** The latest abandoned call to this number, any campaign (UK 72-hour rule). */
    lastAbandonedAt(e164: string): number | null {
      return (lastAbandoned.get(e164) as number | undefined) ?? null;
    },
    /** Abandoned and live-answered calls of a campaign since `since` (the abandon budget). */
    abandonStats(campaignId: number, since: number): { abandoned: number; liveAnswered: number } {
      const [abandoned, liveAnswered] = abandonCounts.get(campaignId, since) as [number, number];
      // An abandoned call was answered live too: the ratio is abandoned / (answered + abandoned).
      return { abandoned, liveAnswered };
    },
  };
}

/** The attempts as read (`id,start,end,outcome` joined by spaces), in order of start then id, without `except`. */
export function historyOf(encoded: string, except: number | undefined): AttemptHistory {
  const times: number[] = [];
  let lastOutcome: CallOutcome | null = null;
  let lastOutcomeAt: number | null = null;
  if (encoded === '') return { times, lastOutcome, lastOutcomeAt };
  const attempts = encoded.split(' ').map((attempt) => {
    const [id, startedAt, endedAt, outcome] = attempt.split(',');
    return { id: Number(id), started: Number(startedAt), endedAt, outcome };
  });
  const inOrder = (a: (typeof attempts)[number], b: (typeof attempts)[number]) =>
    a.started - b.started || a.id - b.id;
  if (attempts.some((a, i) => i > 0 && inOrder(attempts[i - 1] as typeof a, a) > 0)) attempts.sort(inOrder);
  for (const { id, started, endedAt, outcome } of attempts) {
    if (id === except) continue;
    times.push(started);
    if (outcome) {
      lastOutcome = outcome as CallOutcome;
      lastOutcomeAt = endedAt ? Number(endedAt) : started;
    }
  }
  return { times, lastOutcome, lastOutcomeAt };
}

export type ComplianceFactsRepository = ReturnType<typeof createComplianceFactsRepository>;
