import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { businessTypes, userSkills, users } from '../../../db/schema';
import type { Role } from '../../protocol/http.schema';
import type { UserAdminView } from '../../protocol/users.schema';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  sipUsername: string | null;
}

/** The admin's view of the accounts: list, create, rename, role and password (sessions stay with the auth repo). */
export function createUserAdminRepository(db: RingsideDb) {
  const skillsByUser = () => {
    const map = new Map<number, string[]>();
    const rows = db
      .select({ userId: userSkills.userId, code: businessTypes.code })
      .from(userSkills)
      .innerJoin(businessTypes, eq(businessTypes.id, userSkills.businessTypeId))
      .orderBy(asc(businessTypes.code))
      .all();
    for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.code]);
    return map;
  };
  const columns = {
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    role: users.role,
    disabled: users.disabled,
    sipUsername: users.sipUsername,
    createdAt: users.createdAt,
  };

  return {
    list(): UserAdminView[] {
      const skills = skillsByUser();
      return db
        .select(columns)
        .from(users)
        .orderBy(asc(users.username))
        .all()
        .map((row) => ({ ...row, skills: skills.get(row.id) ?? [] }));
    },
    get(id: number): UserAdminView | undefined {
      const row = db.select(columns).from(users).where(eq(users.id, id)).get();
      return row && { ...row, skills: skillsByUser().get(id) ?? [] };
    },
    /** Whether a login name or SIP username is already taken by any account (enabled or not). */
    nameTaken(username: string): boolean {
      return (
        db.select({ id: users.id }).from(users).where(eq(users.username, username)).get() !== undefined ||
        db.select({ id: users.id }).from(users).where(eq(users.sipUsername, username)).get() !== undefined
      );
    },
    create(user: NewUser): number {
      return db.insert(users).values(user).returning({ id: users.id }).get().id;
    },
    /** Enabled admins other than this account (whether demoting or disabling it leaves one). */
    otherEnabledAdmins(exceptUserId: number): number {
      return (
        db
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptUserId)))
          .get()?.n ?? 0
      );
    },
    update(id: number, patch: { displayName?: string; role?: Role }): void {
      db.update(users).set(patch).where(eq(users.id, id)).run();
    },
    setPasswordHash(id: number, passwordHash: string): void {
      db.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
    },
  };
}

export type UserAdminRepository = ReturnType<typeof createUserAdminRepository>;
