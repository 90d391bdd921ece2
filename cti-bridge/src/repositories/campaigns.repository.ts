import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, campaignAgents, campaigns, users } from '../../../db/schema';
import type {
  AbandonRecording,
  CampaignState,
  CampaignView,
  CreateCampaign,
} from '../../protocol/campaign.schema';

type CampaignRow = typeof campaigns.$inferSelect;

/** What the campaign service writes: the protocol shape with business types resolved to ids. */
export interface CampaignRecord extends Omit<
  CreateCampaign,
  'businessType' | 'skill' | 'abandonWindowHours' | 'maxAttemptsPerDay'
> {
  maxAttemptsPerDay: number;
  businessTypeId: number | null;
  skillBusinessTypeId: number | null;
  abandonWindowHours: number;
}

export function createCampaignsRepository(db: RingsideDb) {
  // prepared once: the compliance gate reads a campaign's rules on every dial decision
  const gateFacts = db
    .select({
      id: campaigns.id,
      state: campaigns.state,
      mode: campaigns.mode,
      rules: campaigns.rules,
      windowFrom: campaigns.windowFrom,
      windowTo: campaigns.windowTo,
      maxAttempts: campaigns.maxAttempts,
      maxAttemptsPerDay: campaigns.maxAttemptsPerDay,
      retryDelaysSec: campaigns.retryDelaysSec,
      abandonTarget: campaigns.abandonTarget,
      abandonWindowHours: campaigns.abandonWindowHours,
    })
    .from(campaigns)
    .where(eq(campaigns.id, sql.placeholder('id')))
    .prepare();
  type GateFacts = NonNullable<ReturnType<typeof gateFacts.get>>;
  const gateFactsCache = new Map<number, Readonly<GateFacts> | null>();
  const forgetGateFacts = () => gateFactsCache.clear();
  const codeOf = (id: number | null): string | null =>
    id === null
      ? null
      : (db.select({ code: businessTypes.code }).from(businessTypes).where(eq(businessTypes.id, id)).get()
          ?.code ?? null);
  const agentIdsOf = (campaignId: number): number[] =>
    db
      .select({ userId: campaignAgents.userId })
      .from(campaignAgents)
      .where(eq(campaignAgents.campaignId, campaignId))
      .orderBy(asc(campaignAgents.userId))
      .all()
      .map((row) => row.userId);
  const nameOf = (userId: number | null): string | null =>
    userId === null
      ? null
      : (db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get()?.name ?? null);
  const recordingOf = (row: CampaignRow): AbandonRecording | null =>
    row.abandonRecordingSha256 === null
      ? null
      : {
          name: row.abandonRecordingName ?? '',
          durationMs: row.abandonRecordingMs ?? 0,
          bytes: row.abandonRecordingBytes ?? 0,
          sha256: row.abandonRecordingSha256,
          uploadedBy: row.abandonRecordingBy,
          uploadedByName: nameOf(row.abandonRecordingBy),
          uploadedAt: row.abandonRecordingAt ?? 0,
        };
  const toView = (row: CampaignRow): CampaignView => ({
    id: row.id,
    name: row.name,
    businessType: codeOf(row.businessTypeId),
    mode: row.mode,
    callingWindow: { from: row.windowFrom, to: row.windowTo },
    rules: row.rules,
    maxAttempts: row.maxAttempts,
    maxAttemptsPerDay: row.maxAttemptsPerDay,
    retryDelaysSec: row.retryDelaysSec,
    ringTimeSec: row.ringTimeSec,
    callerId: row.callerId,
    script: row.script,
    dispositionCodes: row.dispositionCodes,
    agentIds: agentIdsOf(row.id),
    skill: codeOf(row.skillBusinessTypeId),
    abandonTarget: row.abandonTarget,
    abandonWindowHours: row.abandonWindowHours,
    maxLines: row.maxLines,
    abandonMessage: row.abandonMessage,
    abandonRecording: recordingOf(row),
    serverPlaced: row.serverPlaced,
    state: row.state,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    stoppedAt: row.stoppedAt,
  });
  const columns = <R extends Partial<CampaignRecord>>(record: R) => {
    const { callingWindow } = record;
    return {
      ...withoutListFields(record),
      ...(callingWindow ? { windowFrom: callingWindow.from, windowTo: callingWindow.to } : {}),
    };
  };
  const setAgents = (campaignId: number, agentIds: readonly number[]) => {
    db.delete(campaignAgents).where(eq(campaignAgents.campaignId, campaignId)).run();
    if (agentIds.length)
      db.insert(campaignAgents)
        .values(agentIds.map((userId) => ({ campaignId, userId })))
        .run();
  };

  return {
    businessTypeId(code: string): number | null {
      return (
        db.select({ id: businessTypes.id }).from(businessTypes).where(eq(businessTypes.code, code)).get()
          ?.id ?? null
      );
    },
    /** Whether an admin retired this business type (offered for no new campaign). */
    businessTypeRetired(code: string): boolean {
      const row = db
        .select({ retiredAt: businessTypes.retiredAt })
        .from(businessTypes)
        .where(eq(businessTypes.code, code))
        .get();
      return row?.retiredAt != null;
    },
    /** The ids among these that are existing users (campaign assignment validation). */
    existingUserIds(ids: readonly number[]): number[] {
      if (ids.length === 0) return [];
      return db
        .select({ id: users.id })
        .from(users)
        .where(inArray(users.id, [...ids]))
        .all()
        .map((row) => row.id);
    },
    nameTaken(name: string, exceptId?: number): boolean {
      const row = db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.name, name)).get();
      return row !== undefined && row.id !== exceptId;
    },
    create(record: CampaignRecord, createdBy: number | null, at: number): CampaignView {
      forgetGateFacts();
      return db.transaction(() => {
        const row = db
          .insert(campaigns)
          .values({
            ...columns(record),
            name: record.name,
            windowFrom: record.callingWindow.from,
            windowTo: record.callingWindow.to,
            createdBy,
            createdAt: at,
            updatedAt: at,
          })
          .returning()
          .get();
        setAgents(row.id, record.agentIds);
        return toView(row);
      });
    },
    update(id: number, patch: Partial<CampaignRecord>, at: number): CampaignView | null {
      forgetGateFacts();
      return db.transaction(() => {
        const row = db
          .update(campaigns)
          .set({ ...columns(patch), updatedAt: at })
          .where(eq(campaigns.id, id))
          .returning()
          .get();
        if (!row) return null;
        if (patch.agentIds) setAgents(id, patch.agentIds);
        return toView(row);
      });
    },
    setState(id: number, state: CampaignState, at: number): CampaignView | null {
      forgetGateFacts();
      const times =
        state === 'running'
          ? { startedAt: at, stoppedAt: null }
          : state === 'stopped'
            ? { stoppedAt: at }
            : {};
      const row = db
        .update(campaigns)
        .set({ state, updatedAt: at, ...times })
        .where(eq(campaigns.id, id))
        .returning()
        .get();
      return row ? toView(row) : null;
    },
    /**
     * What the compliance gate needs (the gate runs on every dial): read once per campaign and kept until a
     * write through this repository (create, update, setState) changes any campaign. Every write to campaigns
     * is in this file, and a write added here calls `forgetGateFacts` too. The same object comes back while
     * cached, so callers may memoise what they derive from it.
     */
    gateFactsOf(id: number) {
      let facts = gateFactsCache.get(id);
      if (facts === undefined) {
        facts = gateFacts.get({ id }) ?? null;
        if (facts) Object.freeze(facts);
        gateFactsCache.set(id, facts);
      }
      return facts;
    },
    /** Records (or, with null, forgets) the campaign's uploaded abandon-message recording; false: no campaign. */
    setAbandonRecording(
      id: number,
      recording: Omit<AbandonRecording, 'uploadedByName'> | null,
      at: number,
    ): CampaignView | null {
      const row = db
        .update(campaigns)
        .set({
          abandonRecordingSha256: recording?.sha256 ?? null,
          abandonRecordingMs: recording?.durationMs ?? null,
          abandonRecordingBytes: recording?.bytes ?? null,
          abandonRecordingName: recording?.name ?? null,
          abandonRecordingBy: recording?.uploadedBy ?? null,
          abandonRecordingAt: recording?.uploadedAt ?? null,
          updatedAt: at,
        })
        .where(eq(campaigns.id, id))
        .returning()
        .get();
      return row ? toView(row) : null;
    },
    /** The campaigns that have an uploaded recording (with its hash), for the start-up check of the stored files. */
    abandonRecordings(): { campaignId: number; sha256: string }[] {
      return db
        .select({ campaignId: campaigns.id, sha256: campaigns.abandonRecordingSha256 })
        .from(campaigns)
        .all()
        .flatMap((row) => (row.sha256 === null ? [] : [{ campaignId: row.campaignId, sha256: row.sha256 }]));
    },
    findById(id: number): CampaignView | null {
      const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
      return row ? toView(row) : null;
    },
    list(): CampaignView[] {
      return db.select().from(campaigns).orderBy(asc(campaigns.id)).all().map(toView);
    },
    /** Campaigns an agent works: assigned explicitly, or by a skill they have. */
    idsForAgent(agentId: number, skillIds: ReadonlySet<number>): number[] {
      const assigned = new Set(
        db
          .select({ id: campaignAgents.campaignId })
          .from(campaignAgents)
          .where(eq(campaignAgents.userId, agentId))
          .all()
          .map((row) => row.id),
      );
      return db
        .select({ id: campaigns.id, skill: campaigns.skillBusinessTypeId })
        .from(campaigns)
        .all()
        .filter((row) => assigned.has(row.id) || (row.skill !== null && skillIds.has(row.skill)))
        .map((row) => row.id);
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;

function withoutListFields<T extends { callingWindow?: unknown; agentIds?: unknown }>(
  value: T,
): Omit<T, 'callingWindow' | 'agentIds'> {
  const copy = { ...value };
  delete copy.callingWindow;
  delete copy.agentIds;
  return copy;
}
