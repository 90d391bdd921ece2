import { alias } from 'drizzle-orm/sqlite-core';
import { and, asc, desc, eq, isNull, max } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, queues, routingRuleSets, serviceNumbers, users } from '../../../db/schema';
import type { BusinessTypeRow, QueueRow } from './reference.repository';

/** One stored rule set (draft or published version); `document` as stored, re-validated by the service. */
export interface StoredRuleSet {
  id: number;
  version: number | null;
  status: 'draft' | 'published';
  document: unknown;
  note: string | null;
  createdBy: string | null;
  updatedAt: number;
  publishedBy: string | null;
  publishedAt: number | null;
}

export interface ServiceNumberInfo {
  e164: string;
  label: string;
  labelZh: string | null;
  priority: number;
  language: string;
}

export function createRoutingRulesRepository(db: RingsideDb) {
  const creator = alias(users, 'creator');
  const publisher = alias(users, 'publisher');
  const select = () =>
    db
      .select({
        id: routingRuleSets.id,
        version: routingRuleSets.version,
        status: routingRuleSets.status,
        document: routingRuleSets.document,
        note: routingRuleSets.note,
        createdBy: creator.displayName,
        updatedAt: routingRuleSets.updatedAt,
        publishedBy: publisher.displayName,
        publishedAt: routingRuleSets.publishedAt,
      })
      .from(routingRuleSets)
      .leftJoin(creator, eq(creator.id, routingRuleSets.createdBy))
      .leftJoin(publisher, eq(publisher.id, routingRuleSets.publishedBy));
  const draftRow = () => select().where(eq(routingRuleSets.status, 'draft')).get();

  return {
    draft(): StoredRuleSet | undefined {
      return draftRow();
    },
    /** The highest published version: the one in force. */
    latestPublished(): StoredRuleSet | undefined {
      return select()
        .where(eq(routingRuleSets.status, 'published'))
        .orderBy(desc(routingRuleSets.version))
        .limit(1)
        .get();
    },
    /** The draft first, then every published version, newest first. */
    list(): StoredRuleSet[] {
      const published = select()
        .where(eq(routingRuleSets.status, 'published'))
        .orderBy(desc(routingRuleSets.version))
        .all();
      const draft = draftRow();
      return draft ? [draft, ...published] : published;
    },
    saveDraft(input: { document: unknown; note: string | null; userId: number; at: number }): number {
      const existing = db
        .select({ id: routingRuleSets.id })
        .from(routingRuleSets)
        .where(and(eq(routingRuleSets.status, 'draft'), isNull(routingRuleSets.version)))
        .get();
      if (existing) {
        db.update(routingRuleSets)
          .set({ document: input.document, note: input.note, updatedAt: input.at, createdBy: input.userId })
          .where(eq(routingRuleSets.id, existing.id))
          .run();
        return existing.id;
      }
      return db
        .insert(routingRuleSets)
        .values({
          status: 'draft',
          document: input.document,
          note: input.note,
          createdBy: input.userId,
          updatedAt: input.at,
        })
        .returning({ id: routingRuleSets.id })
        .get().id;
    },
    /** Freezes the draft as the next version (one transaction: two admins cannot publish the same number). */
    publishDraft(input: {
      document: unknown;
      note: string | null;
      userId: number;
      at: number;
    }): number | null {
      return db.transaction((tx) => {
        const draft = tx
          .select({ id: routingRuleSets.id, note: routingRuleSets.note })
          .from(routingRuleSets)
          .where(eq(routingRuleSets.status, 'draft'))
          .get();
        if (!draft) return null;
        const last =
          tx
            .select({ v: max(routingRuleSets.version) })
            .from(routingRuleSets)
            .get()?.v ?? 0;
        const version = last + 1;
        tx.update(routingRuleSets)
          .set({
            status: 'published',
            version,
            document: input.document,
            note: input.note ?? draft.note,
            publishedBy: input.userId,
            publishedAt: input.at,
            updatedAt: input.at,
          })
          .where(eq(routingRuleSets.id, draft.id))
          .run();
        return version;
      });
    },
    businessTypes(): BusinessTypeRow[] {
      return db.select().from(businessTypes).orderBy(asc(businessTypes.id)).all();
    },
    queues(): QueueRow[] {
      return db.select().from(queues).orderBy(asc(queues.id)).all();
    },
    /** The service number table's business type and queue codes for a number (the fallback of the rules). */
    tableRoute(e164: string): { businessType: string; queue: string } | undefined {
      return db
        .select({ businessType: businessTypes.code, queue: queues.code })
        .from(serviceNumbers)
        .innerJoin(businessTypes, eq(businessTypes.id, serviceNumbers.businessTypeId))
        .innerJoin(queues, eq(queues.id, serviceNumbers.queueId))
        .where(eq(serviceNumbers.e164, e164))
        .get();
    },
    serviceNumbers(): ServiceNumberInfo[] {
      return db
        .select({
          e164: serviceNumbers.e164,
          label: serviceNumbers.label,
          labelZh: serviceNumbers.labelZh,
          priority: serviceNumbers.priority,
          language: serviceNumbers.language,
        })
        .from(serviceNumbers)
        .orderBy(asc(serviceNumbers.e164))
        .all();
    },
  };
}

export type RoutingRulesRepository = ReturnType<typeof createRoutingRulesRepository>;
