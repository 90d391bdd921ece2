import { and, count, eq, gt } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, sessions, userSkills, users } from '../../../db/schema';
import type { Role, UserView } from '../../protocol/http.schema';

export type UserRow = typeof users.$inferSelect;

export interface AgentSkillRow {
  userId: number;
  businessTypeId: number;
  code: string;
}

export function createUsersRepository(db: RingsideDb) {
  const skillCodes = (userId: number) =>
    db
      .select({ code: businessTypes.code })
      .from(userSkills)
      .innerJoin(businessTypes, eq(businessTypes.id, userSkills.businessTypeId))
      .where(eq(userSkills.userId, userId))
      .all()
      .map((row) => row.code);

  return {
    findByUsername(username: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.username, username)).get();
    },
    findBySipUsername(sipUsername: string): UserRow | undefined {
      return db.select().from(users).where(eq(users.sipUsername, sipUsername)).get();
    },
    findById(id: number): UserRow | undefined {
      return db.select().from(users).where(eq(users.id, id)).get();
    },
    toView(user: UserRow): UserView {
      return {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        locale: user.locale,
        skills: skillCodes(user.id),
      };
    },
    /** Every user's skills, for the routing engine's start-up view of the floor. */
    allSkills(): AgentSkillRow[] {
      return db
        .select({
          userId: userSkills.userId,
          businessTypeId: userSkills.businessTypeId,
          code: businessTypes.code,
        })
        .from(userSkills)
        .innerJoin(businessTypes, eq(businessTypes.id, userSkills.businessTypeId))
        .all();
    },
    count(): number {
      return db.select({ n: count() }).from(users).get()?.n ?? 0;
    },
    /** Creates the user, or resets the password and role of an existing one (unattended installs). */
    upsertUser(input: { username: string; displayName: string; role: Role; passwordHash: string }): number {
      const existing = db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.username, input.username))
        .get();
      if (existing) {
        db.update(users)
          .set({ passwordHash: input.passwordHash, role: input.role, disabled: false })
          .where(eq(users.id, existing.id))
          .run();
        return existing.id;
      }
      return db.insert(users).values(input).returning({ id: users.id }).get().id;
    },
    createSession(tokenHash: string, userId: number, expiresAt: number): void {
      db.insert(sessions).values({ tokenHash, userId, expiresAt }).run();
    },
    findSessionUser(tokenHash: string, now: number): UserRow | undefined {
      const row = db
        .select({ user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)))
        .get();
      return row?.user;
    },
    deleteSession(tokenHash: string): void {
      db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
