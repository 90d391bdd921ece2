/**
 * Business types as admins manage them: the rows, and what names each one (queues, service numbers, rule sets in
 * force or drafted, agents' skills, campaigns, recorded calls). Plain domain types out.
 */
import { asc, count, desc, eq, isNotNull, or } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import {
  businessTypes,
  campaigns,
  interactions,
  queues,
  routingRuleSets,
  serviceNumbers,
  userSkills,
  users,
} from '../../../db/schema';
import type { BusinessTypeUsage } from '../../protocol/business-types.schema';

export interface StoredBusinessType {
  id: number;
  code: string;
  name: string;
  nameZh: string;
  retiredAt: number | null;
}

/** What the database says uses a type (waiting calls are the live router's to count). */
export type StoredUsage = Omit<BusinessTypeUsage, 'waitingCalls'>;

export function createBusinessTypesRepository(db: RingsideDb) {
  const ruleSets = () => [
    ...db.select().from(routingRuleSets).where(eq(routingRuleSets.status, 'draft')).all(),
    ...db
      .select()
      .from(routingRuleSets)
      .where(isNotNull(routingRuleSets.version))
      .orderBy(desc(routingRuleSets.version))
      .limit(1)
      .all(),
  ];

  return {
    list(): StoredBusinessType[] {
      return db
        .select({
          id: businessTypes.id,
          code: businessTypes.code,
          name: businessTypes.nameEn,
          nameZh: businessTypes.nameZh,
          retiredAt: businessTypes.retiredAt,
        })
        .from(businessTypes)
        .orderBy(asc(businessTypes.id))
        .all();
    },
    create(type: { code: string; name: string; nameZh: string }): number {
      return db
        .insert(businessTypes)
        .values({ code: type.code, nameEn: type.name, nameZh: type.nameZh })
        .returning({ id: businessTypes.id })
        .get().id;
    },
    rename(id: number, names: { name: string; nameZh: string }): void {
      db.update(businessTypes)
        .set({ nameEn: names.name, nameZh: names.nameZh })
        .where(eq(businessTypes.id, id))
        .run();
    },
    setRetired(id: number, at: number | null): void {
      db.update(businessTypes).set({ retiredAt: at }).where(eq(businessTypes.id, id)).run();
    },
    remove(id: number): void {
      db.delete(businessTypes).where(eq(businessTypes.id, id)).run();
    },
    usage(id: number, code: string): StoredUsage {
      return {
        queues: db
          .select({ code: queues.code })
          .from(queues)
          .where(eq(queues.businessTypeId, id))
          .orderBy(asc(queues.code))
          .all()
          .map((row) => row.code),
        serviceNumbers: db
          .select({ e164: serviceNumbers.e164 })
          .from(serviceNumbers)
          .where(eq(serviceNumbers.businessTypeId, id))
          .orderBy(asc(serviceNumbers.e164))
          .all()
          .map((row) => row.e164),
        rules: ruleSets().flatMap((set) => {
          const ruleIds = rulesNaming(set.document, code);
          return ruleIds.length > 0
            ? [{ ruleSet: set.version === null ? 'draft' : `v${set.version}`, ruleIds }]
            : [];
        }),
        agents: db
          .select({ username: users.username })
          .from(userSkills)
          .innerJoin(users, eq(users.id, userSkills.userId))
          .where(eq(userSkills.businessTypeId, id))
          .orderBy(asc(users.username))
          .all()
          .map((row) => row.username),
        campaigns: db
          .select({ name: campaigns.name })
          .from(campaigns)
          .where(or(eq(campaigns.businessTypeId, id), eq(campaigns.skillBusinessTypeId, id)))
          .orderBy(asc(campaigns.name))
          .all()
          .map((row) => row.name),
        recordedCalls:
          db.select({ n: count() }).from(interactions).where(eq(interactions.businessTypeId, id)).get()?.n ??
          0,
      };
    },
  };
}

export type BusinessTypesRepository = ReturnType<typeof createBusinessTypesRepository>;

/** The ids of a stored rule set's rules that send calls to the business type (the document is JSON as stored). */
function rulesNaming(document: unknown, code: string): string[] {
  const rules = (document as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: { id?: unknown; businessType?: unknown; when?: unknown }) =>
    rule.businessType === code || ivrChoiceOf(rule.when) === code ? [String(rule.id)] : [],
  );
}

/** A rule matching on the IVR's choice (`businessType=<code>`) names the type too. */
function ivrChoiceOf(when: unknown): unknown {
  const attached = (when as { attached?: unknown } | null)?.attached;
  return attached && typeof attached === 'object'
    ? (attached as Record<string, unknown>).businessType
    : undefined;
}
