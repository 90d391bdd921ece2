/**
 * The demo accounts a fresh install can log in with. They share the documented demo password, so they are
 * for demos and training only; an admin disables or re-passwords them before real use.
 */
import { inArray } from 'drizzle-orm';
import type { RingsideDb } from '../open-database';
import { businessTypes, users, userSkills } from '../schema';
import { codeToId, requireId, type BusinessTypeCode, type RingsideTx } from './reference-data';

export const DEMO_PASSWORD = 'ringside';

type Role = 'agent' | 'supervisor' | 'admin';

interface DemoUserSeed {
  username: string;
  displayName: string;
  role: Role;
  /** Business type → skill level (1..10); the first skill is the agent's strongest. */
  skills: Partial<Record<BusinessTypeCode, number>>;
}

export const DEMO_AGENT_USERNAMES = ['agent1', 'agent2', 'agent3', 'agent4'] as const;

const DEMO_USERS: readonly DemoUserSeed[] = [
  { username: 'agent1', displayName: 'Alice Carter', role: 'agent', skills: { sales: 8, support: 5 } },
  { username: 'agent2', displayName: 'Bo Li', role: 'agent', skills: { support: 8, complaints: 5 } },
  { username: 'agent3', displayName: 'Carmen Díaz', role: 'agent', skills: { complaints: 8, billing: 5 } },
  {
    username: 'agent4',
    displayName: 'Dev Patel',
    role: 'agent',
    skills: { sales: 6, support: 6, complaints: 6, billing: 6 },
  },
  // A supervisor takes calls too when they go Ready (peaks, escalations): support and complaints, at a low level.
  {
    username: 'supervisor',
    displayName: 'Sofia Martins',
    role: 'supervisor',
    skills: { support: 3, complaints: 3 },
  },
  { username: 'admin', displayName: 'Ringside Admin', role: 'admin', skills: {} },
];

export interface DemoAccount {
  username: string;
  role: string;
  password: string;
}

/**
 * Creates the demo users that are missing, each with its skills. An existing user is left untouched —
 * password, skills and all — so an admin's changes survive restarts. Needs the reference data (business
 * types). Hashing is injected so the db layer does not depend on the bridge and tests can use a cheap hash.
 */
export function ensureDemoUsers(db: RingsideDb, hashPassword: (pw: string) => string): DemoAccount[] {
  const existing = userIds(
    db,
    DEMO_USERS.map((u) => u.username),
  );
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  // Hash before the transaction: scrypt is slow on purpose and must not hold the write lock.
  const hashes = missing.map(() => hashPassword(DEMO_PASSWORD));
  db.transaction((tx) => {
    const typeIds = codeToId(
      tx.select({ id: businessTypes.id, code: businessTypes.code }).from(businessTypes).all(),
    );
    missing.forEach((seed, index) => insertUser(tx, seed, hashes[index] ?? '', typeIds));
  });
  return DEMO_USERS.map((u) => ({ username: u.username, role: u.role, password: DEMO_PASSWORD }));
}

function insertUser(tx: RingsideTx, seed: DemoUserSeed, hash: string, typeIds: Map<string, number>): void {
  const created = tx
    .insert(users)
    .values({
      username: seed.username,
      displayName: seed.displayName,
      role: seed.role,
      passwordHash: hash,
      sipUsername: seed.username,
      locale: 'en',
    })
    .onConflictDoNothing()
    .returning({ id: users.id })
    .get();
  // Another process created it in the meantime: it is theirs now, skills included.
  if (!created) return;
  const skills = Object.entries(seed.skills).map(([code, level]) => ({
    userId: created.id,
    businessTypeId: requireId(typeIds, code),
    level,
  }));
  if (skills.length > 0) tx.insert(userSkills).values(skills).run();
}

function userIds(db: RingsideDb, usernames: string[]): Map<string, number> {
  const rows = db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, usernames))
    .all();
  return new Map(rows.map((row) => [row.username, row.id]));
}

/** Ids of agent1..agent4, in that order; the demo data assigns its past calls to them. */
export function demoAgentIds(db: RingsideDb): number[] {
  const ids = userIds(db, [...DEMO_AGENT_USERNAMES]);
  return DEMO_AGENT_USERNAMES.map((name) => requireId(ids, name));
}
