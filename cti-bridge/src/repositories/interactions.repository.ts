import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { auditLog, dncEntries, followUps, interactions, users } from '../../../db/schema';
import type { InterruptedEnd } from '../domain/interrupted-call';
import type { DispositionRow } from './reference.repository';

export type InteractionRow = typeof interactions.$inferSelect;

export interface NewInboundInteraction {
  pbxCallId: string;
  businessTypeId: number;
  queueId: number;
  customerId: number | null;
  callerRaw: string;
  callerE164: string | null;
  serviceNumber: string;
  queuedAt: number;
  attachedData?: Record<string, string> | null;
  attachedDropped?: { header: string; reason: string }[] | null;
  ruleSetVersion?: number | null;
  ruleId?: string | null;
}

/** A call Ringside places (campaign attempt, callback, click-to-dial): the callee is the "caller" columns' party. */
export interface NewOutboundInteraction {
  pbxCallId: string;
  businessTypeId: number | null;
  customerId: number | null;
  /** Null for a predictive call placed ahead of agents (the agent is set at the answer). */
  agentId: number | null;
  calleeRaw: string;
  calleeE164: string;
  /** The caller ID presented (the line the call goes out on). */
  callerId: string;
  campaignId: number | null;
  leadId: number | null;
  at: number;
}

export interface NewTransferLeg {
  pbxCallId: string;
  /** The leg the agent transferred; the new leg keeps its caller, customer, line and queue. */
  from: InteractionRow;
  kind: 'blind' | 'attended';
  agentId: number;
  at: number;
}

/** A recorded call leg with the display name of the agent who had it. */
export interface CallLeg {
  row: InteractionRow;
  agentName: string | null;
}

export interface WrapUpRecord {
  interactionId: number;
  agentId: number;
  key: string;
  disposition: DispositionRow;
  notes: string;
  callbackAt: number | null;
  customerId: number | null;
  at: number;
}

/** Why a wrap-up was refused: the interaction holds another submission or a disposition, or the key is taken. */
export type WrapUpConflict =
  'not-found' | 'another-submission' | 'already-dispositioned' | 'key-used-elsewhere';

export type WrapUpOutcome =
  | { kind: 'applied' | 'replayed'; followUpId: number | null; addedToDnc: boolean }
  | { kind: 'conflict'; reason: WrapUpConflict };

export function createInteractionsRepository(db: RingsideDb) {
  const update = (id: number, patch: Partial<InteractionRow>) =>
    db.update(interactions).set(patch).where(eq(interactions.id, id)).run();
  const idOfPbxCall = (pbxCallId: string): number | null =>
    db.select({ id: interactions.id }).from(interactions).where(eq(interactions.pbxCallId, pbxCallId)).get()
      ?.id ?? null;
  const leg = (where: SQL): CallLeg | undefined =>
    db
      .select({ row: interactions, agentName: users.displayName })
      .from(interactions)
      .leftJoin(users, eq(users.id, interactions.agentId))
      .where(where)
      .get() ?? undefined;
  /** The row a replayed insert (conflict on the PBX call id) hit. */
  const existing = (pbxCallId: string): number => {
    const id = idOfPbxCall(pbxCallId);
    if (id === null) throw new Error('interaction vanished between insert and select');
    return id;
  };

  return {
    /** Idempotent on the PBX call id: a replayed offer returns the existing row. */
    createInbound(input: NewInboundInteraction): number {
      const inserted = db
        .insert(interactions)
        .values({ ...input, direction: 'inbound', outcome: 'queued' })
        .onConflictDoNothing({ target: interactions.pbxCallId })
        .returning({ id: interactions.id })
        .get();
      return inserted?.id ?? existing(input.pbxCallId);
    },
    /** An outbound call being placed; idempotent on its call id. */
    createOutbound(input: NewOutboundInteraction): number {
      const inserted = db
        .insert(interactions)
        .values({
          pbxCallId: input.pbxCallId,
          direction: 'outbound',
          businessTypeId: input.businessTypeId,
          customerId: input.customerId,
          agentId: input.agentId,
          callerRaw: input.calleeRaw,
          callerE164: input.calleeE164,
          serviceNumber: input.callerId,
          queuedAt: input.at,
          offeredAt: input.at,
          outcome: 'ringing',
          campaignId: input.campaignId,
          leadId: input.leadId,
        })
        .onConflictDoNothing({ target: interactions.pbxCallId })
        .returning({ id: interactions.id })
        .get();
      return inserted?.id ?? existing(input.pbxCallId);
    },
    /**
     * An outbound call the agent's softphone placed: from the edge's decision on, the record carries the SIP
     * Call-ID of that INVITE instead of the bridge's provisional id (kept when the Call-ID is already taken).
     */
    setPbxCallId(id: number, pbxCallId: string): void {
      db.update(interactions)
        .set({ pbxCallId })
        .where(
          and(
            eq(interactions.id, id),
            sql`not exists (select 1 from interactions where pbx_call_id = ${pbxCallId})`,
          ),
        )
        .run();
    },
    /** Idempotent on the new leg's PBX call id, like `createInbound`. */
    createTransferLeg(leg: NewTransferLeg): number {
      const { from } = leg;
      const inserted = db
        .insert(interactions)
        .values({
          pbxCallId: leg.pbxCallId,
          direction: from.direction,
          businessTypeId: from.businessTypeId,
          queueId: from.queueId,
          customerId: from.customerId,
          callerRaw: from.callerRaw,
          callerE164: from.callerE164,
          serviceNumber: from.serviceNumber,
          queuedAt: leg.at,
          offeredAt: leg.at,
          agentId: leg.agentId,
          outcome: 'ringing',
          transferredFromId: from.id,
          transferKind: leg.kind,
        })
        .onConflictDoNothing({ target: interactions.pbxCallId })
        .returning({ id: interactions.id })
        .get();
      return inserted?.id ?? existing(leg.pbxCallId);
    },
    /** The interaction of a PBX call, with the display name of the agent who had it. */
    legOfPbxCall(pbxCallId: string): CallLeg | undefined {
      return leg(eq(interactions.pbxCallId, pbxCallId));
    },
    legById(id: number): CallLeg | undefined {
      return leg(eq(interactions.id, id));
    },
    find(id: number): InteractionRow | undefined {
      return db.select().from(interactions).where(eq(interactions.id, id)).get();
    },
    idOfPbxCall,
    offered(id: number, agentId: number, at: number): void {
      update(id, { agentId, offeredAt: at, outcome: 'ringing' });
    },
    requeued(id: number): void {
      update(id, { outcome: 'queued' });
    },
    answered(id: number, agentId: number, at: number, waitMs: number): void {
      update(id, { agentId, answeredAt: at, waitMs, outcome: 'answered' });
    },
    ended(id: number, at: number, talkMs: number): void {
      update(id, { endedAt: at, talkMs });
    },
    /** A transferred leg its target did not take: the caller got the failure. */
    missed(id: number, at: number): void {
      update(id, { endedAt: at, outcome: 'missed' });
    },
    abandoned(id: number, at: number, waitMs: number): void {
      update(id, { endedAt: at, waitMs, outcome: 'abandoned', agentId: null });
    },
    /** A wrap-up ended with nothing saved: closed, recorded as having no disposition. False if already closed. */
    closedWithoutDisposition(id: number, at: number): boolean {
      const row = db.select().from(interactions).where(eq(interactions.id, id)).get();
      if (!row || row.wrapUpEnd !== null || row.wrapUpKey !== null) return false;
      update(id, {
        wrapUpEnd: 'no-disposition',
        wrappedAt: at,
        wrapMs: row.endedAt === null ? null : Math.max(0, at - row.endedAt),
        outcome: 'completed',
      });
      return true;
    },
    /** Calls recorded as still up (queued, ringing, answered with no end): what a bridge that died left open. */
    openCalls(): InteractionRow[] {
      return db
        .select()
        .from(interactions)
        .where(
          and(isNull(interactions.endedAt), inArray(interactions.outcome, ['queued', 'ringing', 'answered'])),
        )
        .all();
    },
    /**
     * Closes a call its bridge lost, flagged as such. An answered one stays the agent's call (to wrap up, in
     * their statistics); one never answered belonged to no agent.
     */
    interrupted(id: number, end: InterruptedEnd): void {
      update(id, {
        endedAt: end.endedAt,
        waitMs: end.waitMs,
        talkMs: end.talkMs,
        outcome: 'interrupted',
        interrupted: true,
        ...(end.talkMs === null ? { agentId: null } : {}),
      });
    },
    linkCustomer(id: number, customerId: number): void {
      update(id, { customerId });
    },
    /**
     * Applies a disposition once. A resend with the same key (a reconnecting console) replays the first result;
     * a different key on an already wrapped interaction is a conflict. Follow-up, DNC entry and audit record are
     * written in the same transaction, so a crash leaves all or none of them.
     */
    wrapUp(record: WrapUpRecord): WrapUpOutcome {
      return db.transaction((tx) => {
        const row = tx.select().from(interactions).where(eq(interactions.id, record.interactionId)).get();
        const conflict = (reason: WrapUpConflict) => ({ kind: 'conflict', reason }) as const;
        if (!row) return conflict('not-found');
        if (row.wrapUpKey !== null) {
          if (row.wrapUpKey !== record.key) return conflict('another-submission');
          const followUp = tx
            .select({ id: followUps.id })
            .from(followUps)
            .where(eq(followUps.interactionId, row.id))
            .get();
          return {
            kind: 'replayed',
            followUpId: followUp?.id ?? null,
            addedToDnc: record.disposition.addsToDnc,
          };
        }
        // a disposition recorded without this path (imported history, say) is corrected only by a supervisor
        if (row.dispositionId !== null) return conflict('already-dispositioned');
        // the key names one submission for one interaction: taken by another, it is not this one's
        const holder = tx
          .select({ id: interactions.id })
          .from(interactions)
          .where(eq(interactions.wrapUpKey, record.key))
          .get();
        if (holder) return conflict('key-used-elsewhere');
        const customerId = record.customerId ?? row.customerId;
        tx.update(interactions)
          .set({
            dispositionId: record.disposition.id,
            notes: record.notes,
            wrapUpKey: record.key,
            wrapUpEnd: 'disposition',
            wrappedAt: record.at,
            wrapMs: row.endedAt === null ? null : Math.max(0, record.at - row.endedAt),
            outcome: 'completed',
            customerId,
          })
          .where(eq(interactions.id, row.id))
          .run();
        let followUpId: number | null = null;
        if (record.disposition.schedulesCallback && record.callbackAt !== null) {
          followUpId = tx
            .insert(followUps)
            .values({
              customerId,
              interactionId: row.id,
              kind: 'callback',
              dueAt: record.callbackAt,
              ownerUserId: record.agentId,
              phoneE164: row.callerE164,
              notes: record.notes || null,
            })
            .returning({ id: followUps.id })
            .get().id;
        }
        const addedToDnc = record.disposition.addsToDnc && row.callerE164 !== null;
        if (addedToDnc && row.callerE164) {
          tx.insert(dncEntries)
            .values({
              e164: row.callerE164,
              scope: 'global',
              source: 'disposition',
              reason: record.disposition.code,
              addedBy: record.agentId,
              addedAt: record.at,
            })
            .onConflictDoNothing()
            .run();
          tx.insert(auditLog)
            .values({
              at: record.at,
              actorUserId: record.agentId,
              action: 'dnc.add',
              subject: `interaction:${row.id}`,
              decision: 'done',
              reason: record.disposition.code,
            })
            .run();
        }
        return { kind: 'applied', followUpId, addedToDnc } as const;
      });
    },
  };
}

export type InteractionsRepository = ReturnType<typeof createInteractionsRepository>;
