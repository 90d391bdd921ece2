import { count, eq, lte } from 'drizzle-orm';
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
    /** The session and its user as stored, whether or not it is still valid (the caller decides). */
    findSession(tokenHash: string): { user: UserRow; expiresAt: number } | undefined {
      return db
        .select({ user: users, expiresAt: sessions.expiresAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash))
        .get();
    },
    deleteSession(tokenHash: string): void {
      db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    },
    /** Removes every session of the user; returns how many. */
    deleteSessionsOf(userId: number): number {
      return db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
    },
    /** Removes every session that expired at or before `now`; returns how many. */
    deleteExpiredSessions(now: number): number {
      return db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
    },
    /** Disables (or enables again) an account; a disabled account's sessions are deleted with it. */
    setDisabled(userId: number, disabled: boolean): boolean {
      return db.transaction((tx) => {
        const changed = tx.update(users).set({ disabled }).where(eq(users.id, userId)).run().changes;
        if (disabled) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
        return changed > 0;
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
