import type { RingsideDb } from '../../../db/open-database';
import { maskPhone } from '../domain/mask';
import type { LeadCandidate, LeadStatus } from '../domain/outbound/lead-selection';

/** How many of the next leads (by the index order) selection looks at; window and owner filters run on these. */
const CANDIDATE_WINDOW = 500;

export interface DueCallback {
  followUpId: number;
  dueAt: number;
  campaignId: number | null;
  leadId: number | null;
  customerId: number | null;
  ownerId: number | null;
  name: string | null;
  number: string | null;
  notes: string | null;
}

export interface CampaignCounts {
  leadsByStatus: Record<string, number>;
  attemptsByOutcome: Record<string, number>;
  blockedByReason: Record<string, number>;
}

interface CandidateRow {
  id: number;
  status: LeadStatus;
  priority: number;
  attempts: number;
  next_attempt_at: number | null;
  time_zones: string;
  created_at: number;
  callback_owner: number | null;
}

const OPEN = "('new','retry','callback')";

/** A callback or follow-up as the dialer needs it (the number in full: never sent to a console). */
export interface FollowUpRef {
  id: number;
  campaignId: number | null;
  leadId: number | null;
  ownerId: number | null;
  customerId: number | null;
  e164: string | null;
  status: 'open' | 'done' | 'cancelled';
}

/**
 * The dialer's reads and writes on leads and their callbacks: the next candidates in index order, a lead's state
 * after an attempt, callbacks due, a campaign's counts. Plain SQL on prepared statements: selection runs on every
 * agent that becomes ready.
 */
export function createLeadQueueRepository(db: RingsideDb) {
  const client = db.$client;
  const candidates = client.prepare(
    `SELECT l.id, l.status, l.priority, l.attempts, l.next_attempt_at, l.time_zones, l.created_at,
            (SELECT f.owner_user_id FROM follow_ups f WHERE f.lead_id = l.id AND f.status = 'open'
              AND f.kind = 'callback' ORDER BY f.due_at LIMIT 1) AS callback_owner
       FROM leads l
      WHERE l.campaign_id = ? AND l.status IN ${OPEN} AND (l.next_attempt_at IS NULL OR l.next_attempt_at <= ?)
      ORDER BY l.status = 'callback' DESC, l.priority DESC, COALESCE(l.next_attempt_at, l.created_at), l.id
      LIMIT ${CANDIDATE_WINDOW}`,
  );
  const nextDue = client
    .prepare(
      `SELECT MIN(next_attempt_at) FROM leads WHERE campaign_id = ? AND status IN ${OPEN} AND next_attempt_at > ?`,
    )
    .pluck();
  const setState = client.prepare(
    'UPDATE leads SET status = ?, next_attempt_at = ?, last_outcome = COALESCE(?, last_outcome) WHERE id = ?',
  );
  const attemptsOf = client.prepare(
    'SELECT started_at AS at, outcome FROM call_attempts WHERE lead_id = ? ORDER BY started_at, id',
  );
  const openCallback = client.prepare(
    `SELECT id, due_at AS dueAt, owner_user_id AS ownerId FROM follow_ups
      WHERE lead_id = ? AND status = 'open' AND kind = 'callback' ORDER BY due_at LIMIT 1`,
  );
  const closeCallbacks = client.prepare(
    "UPDATE follow_ups SET status = 'done' WHERE lead_id = ? AND status = 'open' AND kind = 'callback'",
  );
  const attachCallback = client.prepare(
    'UPDATE follow_ups SET campaign_id = ?, lead_id = ?, owner_user_id = ? WHERE id = ?',
  );
  const due = client.prepare(
    `SELECT f.id AS followUpId, f.due_at AS dueAt, f.campaign_id AS campaignId, f.lead_id AS leadId,
            f.customer_id AS customerId, f.owner_user_id AS ownerId, f.notes AS notes,
            COALESCE(c.name, json_extract(l.fields, '$.name'),
              trim(COALESCE(json_extract(l.fields, '$.first_name'), '') || ' ' ||
                   COALESCE(json_extract(l.fields, '$.last_name'), ''))) AS name,
            COALESCE(l.e164, f.phone_e164) AS number
       FROM follow_ups f
       LEFT JOIN leads l ON l.id = f.lead_id
       LEFT JOIN customers c ON c.id = f.customer_id
      WHERE f.status = 'open' AND f.kind = 'callback' AND f.due_at <= ?
        AND (f.owner_user_id = ? OR (f.owner_user_id IS NULL AND f.campaign_id IN (SELECT value FROM json_each(?))))
      ORDER BY f.due_at LIMIT 100`,
  );
  const followUp = client.prepare(
    `SELECT id, campaign_id AS campaignId, lead_id AS leadId, owner_user_id AS ownerId,
            customer_id AS customerId, phone_e164 AS e164, status FROM follow_ups WHERE id = ?`,
  );
  const byStatus = client.prepare(
    'SELECT status, COUNT(*) AS n FROM leads WHERE campaign_id = ? GROUP BY status',
  );
  const byOutcome = client.prepare(
    `SELECT COALESCE(outcome, 'in-progress') AS outcome, COUNT(*) AS n FROM call_attempts
      WHERE campaign_id = ? GROUP BY outcome`,
  );
  const blockCodes = client
    .prepare("SELECT block_codes FROM call_attempts WHERE campaign_id = ? AND outcome = 'blocked'")
    .pluck();

  return {
    /** The next open leads whose time has come, in the order selection prefers (it filters windows and owners). */
    candidates(campaignId: number, now: number): LeadCandidate[] {
      return (candidates.all(campaignId, now) as CandidateRow[]).map((row) => ({
        id: row.id,
        status: row.status,
        priority: row.priority,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
        timeZones: row.time_zones ? row.time_zones.split(' ') : [],
        callbackOwnerId: row.callback_owner,
        createdAt: row.created_at,
      }));
    },
    /** When the next lead waiting for its retry or callback time becomes due. */
    nextDueAt(campaignId: number, now: number): number | null {
      return (nextDue.get(campaignId, now) as number | null) ?? null;
    },
    setState(
      leadId: number,
      status: LeadStatus,
      nextAttemptAt: number | null,
      lastOutcome: string | null,
    ): void {
      setState.run(status, nextAttemptAt, lastOutcome, leadId);
    },
    attemptsOf(leadId: number): { at: number; outcome: string | null }[] {
      return attemptsOf.all(leadId) as { at: number; outcome: string | null }[];
    },
    openCallback(leadId: number): { id: number; dueAt: number; ownerId: number | null } | null {
      return (
        (openCallback.get(leadId) as { id: number; dueAt: number; ownerId: number | null } | undefined) ??
        null
      );
    },
    /** The callback is being dialled: it is no longer due. */
    closeCallbacks(leadId: number): void {
      closeCallbacks.run(leadId);
    },
    /** A callback the wrap-up created, made the campaign's: for this lead, owned by the agent or by anyone. */
    attachCallback(followUpId: number, campaignId: number, leadId: number, ownerId: number | null): void {
      attachCallback.run(campaignId, leadId, ownerId, followUpId);
    },
    followUp(id: number): FollowUpRef | null {
      return (followUp.get(id) as FollowUpRef | undefined) ?? null;
    },
    /** Callbacks due now for this agent: their own (campaign or inbound follow-ups), and anyone's in their campaigns. */
    dueCallbacks(agentId: number, campaignIds: readonly number[], now: number): DueCallback[] {
      return (due.all(now, agentId, JSON.stringify(campaignIds)) as DueCallback[]).map((row) => ({
        ...row,
        name: row.name?.trim() || null,
        number: row.number ? maskPhone(row.number) : null,
      }));
    },
    counts(campaignId: number): CampaignCounts {
      const tally = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));
      const blocked: Record<string, number> = {};
      for (const codes of blockCodes.all(campaignId) as (string | null)[])
        for (const code of codes ? (JSON.parse(codes) as string[]) : ['UNKNOWN'])
          blocked[code] = (blocked[code] ?? 0) + 1;
      return {
        leadsByStatus: tally(
          (byStatus.all(campaignId) as { status: string; n: number }[]).map((r) => ({
            key: r.status,
            n: r.n,
          })),
        ),
        attemptsByOutcome: tally(
          (byOutcome.all(campaignId) as { outcome: string; n: number }[]).map((r) => ({
            key: r.outcome,
            n: r.n,
          })),
        ),
        blockedByReason: blocked,
      };
    },
  };
}

export type LeadQueueRepository = ReturnType<typeof createLeadQueueRepository>;
