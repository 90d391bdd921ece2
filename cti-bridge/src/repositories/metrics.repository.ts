import type { RingsideDb } from '../../../db/open-database';
import type { AttemptRecord, CallRecord, StateRecord, Window } from '../domain/metrics/metric-types';

export interface QueueInfo {
  id: number;
  code: string;
  name: string;
  nameZh: string | null;
  businessTypeId: number;
  slaTargetSec: number;
  slaTargetPercent: number;
}
export interface Named {
  id: number;
  name: string;
}
export interface Labelled extends Named {
  nameZh: string | null;
}
export interface CampaignInfo extends Named {
  state: string;
  mode: string;
}
export interface CallOfAgent {
  interactionId: number;
  direction: 'inbound' | 'outbound';
  businessType: string | null;
  businessTypeName: string | null;
  businessTypeNameZh: string | null;
  campaign: string | null;
  offeredAt: number | null;
  answeredAt: number | null;
  customer: string | null;
  number: string;
}

interface CallRow {
  id: number;
  direction: 'inbound' | 'outbound';
  queue_id: number | null;
  business_type_id: number | null;
  agent_id: number | null;
  campaign_id: number | null;
  disposition_id: number | null;
  transferred_from_id: number | null;
  queued_at: number;
  answered_at: number | null;
  ended_at: number | null;
  wait_ms: number | null;
  talk_ms: number | null;
  wrap_ms: number | null;
  outcome: string;
}

const CALL_COLUMNS = `id, direction, queue_id, business_type_id, agent_id, campaign_id, disposition_id,
  transferred_from_id, queued_at, answered_at, ended_at, wait_ms, talk_ms, wrap_ms, outcome`;

const toCall = (row: CallRow): CallRecord => ({
  id: row.id,
  direction: row.direction,
  queueId: row.queue_id,
  businessTypeId: row.business_type_id,
  agentId: row.agent_id,
  campaignId: row.campaign_id,
  dispositionId: row.disposition_id,
  transferLeg: row.transferred_from_id !== null,
  queuedAt: row.queued_at,
  answeredAt: row.answered_at,
  endedAt: row.ended_at,
  waitMs: row.wait_ms,
  talkMs: row.talk_ms,
  wrapMs: row.wrap_ms,
  abandoned: row.outcome === 'abandoned',
});

/**
 * The records supervisors' figures are computed from (interactions, the agent state log, call attempts) as
 * plain domain records, and the names to show beside them. Read-only; statements prepared once.
 */
export function createMetricsRepository(db: RingsideDb) {
  const sql = db.$client;
  const callsBetween = sql.prepare<[number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM interactions WHERE queued_at >= ? AND queued_at < ? ORDER BY queued_at, id`,
  );
  const callsOfAgent = sql.prepare<[number, number], CallRow>(
    `SELECT ${CALL_COLUMNS} FROM interactions WHERE agent_id = ? AND queued_at >= ?`,
  );
  const statesBetween = sql.prepare<[number, number, number], StateRecord>(
    `SELECT user_id AS agentId, status, reason, at FROM agent_state_log
      WHERE id IN (SELECT MAX(id) FROM agent_state_log WHERE at < ? GROUP BY user_id)
         OR (at >= ? AND at < ?)
      ORDER BY user_id, at, id`,
  );
  const attemptsBetween = sql.prepare<[number, number], AttemptRecord>(
    `SELECT campaign_id AS campaignId, outcome, started_at AS startedAt FROM call_attempts
      WHERE campaign_id IS NOT NULL AND started_at >= ? AND started_at < ?`,
  );
  const queueRows = sql.prepare<[], QueueInfo>(
    `SELECT id, code, name, name_zh AS nameZh, business_type_id AS businessTypeId,
            sla_target_sec AS slaTargetSec, sla_target_percent AS slaTargetPercent FROM queues ORDER BY id`,
  );
  const floorUsers = sql.prepare<[], Named>(
    `SELECT id, display_name AS name FROM users
      WHERE role IN ('agent', 'supervisor') AND disabled = 0 ORDER BY display_name, id`,
  );
  const skillRows = sql.prepare<[], { userId: number; businessTypeId: number }>(
    `SELECT user_id AS userId, business_type_id AS businessTypeId FROM user_skills`,
  );
  const dispositionRows = sql.prepare<[], Labelled>(
    `SELECT id, label_en AS name, label_zh AS nameZh FROM dispositions ORDER BY id`,
  );
  const campaignRows = sql.prepare<[], CampaignInfo>(
    `SELECT id, name, state, mode FROM campaigns ORDER BY id`,
  );
  const leadsLeftRows = sql.prepare<[], { campaignId: number; n: number }>(
    `SELECT campaign_id AS campaignId, COUNT(*) AS n FROM leads
      WHERE status IN ('new', 'retry', 'callback', 'dialing') GROUP BY campaign_id`,
  );
  const callRow = sql.prepare<
    [number],
    {
      direction: 'inbound' | 'outbound';
      businessType: string | null;
      businessTypeName: string | null;
      businessTypeNameZh: string | null;
      campaign: string | null;
      offeredAt: number | null;
      answeredAt: number | null;
      customer: string | null;
      number: string;
    }
  >(
    `SELECT i.direction, b.code AS businessType, b.name_en AS businessTypeName, b.name_zh AS businessTypeNameZh,
            c.name AS campaign, i.offered_at AS offeredAt,
            i.answered_at AS answeredAt, cu.name AS customer, COALESCE(i.caller_e164, i.caller_raw) AS number
       FROM interactions i
       LEFT JOIN business_types b ON b.id = i.business_type_id
       LEFT JOIN campaigns c ON c.id = i.campaign_id
       LEFT JOIN customers cu ON cu.id = i.customer_id
      WHERE i.id = ?`,
  );

  return {
    /** Calls that entered a queue (or were placed) in the window. */
    calls: (window: Window): CallRecord[] => callsBetween.all(window.from, window.to).map(toCall),
    callsOfAgent: (agentId: number, since: number): CallRecord[] =>
      callsOfAgent.all(agentId, since).map(toCall),
    /** Each agent's state rows in the window, with the row in force at its start; by agent, then time. */
    states: (window: Window): StateRecord[] => statesBetween.all(window.from, window.from, window.to),
    attempts: (window: Window): AttemptRecord[] => attemptsBetween.all(window.from, window.to),
    queues: (): QueueInfo[] => queueRows.all(),
    floorUsers: (): Named[] => floorUsers.all(),
    skills: () => skillRows.all(),
    dispositions: (): Labelled[] => dispositionRows.all(),
    campaigns: (): CampaignInfo[] => campaignRows.all(),
    leadsLeft: (): Map<number, number> => new Map(leadsLeftRows.all().map((r) => [r.campaignId, r.n])),
    callOf(interactionId: number): CallOfAgent | null {
      const row = callRow.get(interactionId);
      return row ? { interactionId, ...row } : null;
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
