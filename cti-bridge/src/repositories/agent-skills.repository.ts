/**
 * Agents' routing profiles as supervisors and admins edit them: skills with levels per business type, and
 * languages. Plain domain types out; a replacement is written in one transaction.
 */
import { asc, eq, isNull } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, serviceNumbers, userSkills, users } from '../../../db/schema';
import type { AgentSkillsView, SkillOptions } from '../../protocol/agent-skills.schema';

/** Languages offered in the editor even before any agent or line uses them. */
const COMMON_LANGUAGES = ['en', 'zh', 'es', 'fr', 'de', 'ja', 'ko', 'pt', 'ar', 'ru', 'hi', 'it', 'vi'];

export interface SkillRow {
  businessTypeId: number;
  level: number;
}

export function createAgentSkillsRepository(db: RingsideDb) {
  const profile = (agentId: number): AgentSkillsView | undefined => {
    const user = db
      .select({
        agentId: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        languages: users.languages,
      })
      .from(users)
      .where(eq(users.id, agentId))
      .get();
    if (!user) return undefined;
    const skills = db
      .select({
        businessTypeId: userSkills.businessTypeId,
        businessType: businessTypes.code,
        name: businessTypes.nameEn,
        nameZh: businessTypes.nameZh,
        level: userSkills.level,
      })
      .from(userSkills)
      .innerJoin(businessTypes, eq(businessTypes.id, userSkills.businessTypeId))
      .where(eq(userSkills.userId, agentId))
      .orderBy(asc(businessTypes.code))
      .all();
    return { ...user, skills };
  };

  return {
    profile,
    /** Business type ids by code, types in service only (the editor sends codes: stable across databases). */
    businessTypeIds(): Map<string, number> {
      return new Map(
        db
          .select({ id: businessTypes.id, code: businessTypes.code })
          .from(businessTypes)
          .where(isNull(businessTypes.retiredAt))
          .all()
          .map((t) => [t.code, t.id]),
      );
    },
    options(): SkillOptions {
      const types = db
        .select({
          id: businessTypes.id,
          code: businessTypes.code,
          name: businessTypes.nameEn,
          nameZh: businessTypes.nameZh,
        })
        .from(businessTypes)
        .where(isNull(businessTypes.retiredAt))
        .orderBy(asc(businessTypes.code))
        .all();
      const known = new Set(COMMON_LANGUAGES);
      for (const row of db.select({ languages: users.languages }).from(users).all())
        for (const language of row.languages) known.add(language);
      for (const row of db.selectDistinct({ language: serviceNumbers.language }).from(serviceNumbers).all())
        known.add(row.language.split('-')[0] ?? row.language);
      return { businessTypes: types, languages: [...known].sort() };
    },
    /** Replaces the agent's skills and languages at once (all or nothing). */
    replace(agentId: number, skills: readonly SkillRow[], languages: readonly string[]): void {
      db.transaction((tx) => {
        tx.delete(userSkills).where(eq(userSkills.userId, agentId)).run();
        if (skills.length > 0)
          tx.insert(userSkills)
            .values(skills.map((s) => ({ userId: agentId, ...s })))
            .run();
        tx.update(users)
          .set({ languages: [...languages] })
          .where(eq(users.id, agentId))
          .run();
      });
    },
  };
}

export type AgentSkillsRepository = ReturnType<typeof createAgentSkillsRepository>;
