import { and, eq } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { dncEntries } from '../../../db/schema';

export function createDncRepository(db: RingsideDb) {
  return {
    /** The global entry for this number (campaign-scoped lists join in with outbound campaigns). */
    globalEntry(e164: string) {
      return db
        .select()
        .from(dncEntries)
        .where(and(eq(dncEntries.e164, e164), eq(dncEntries.scope, 'global')))
        .get();
    },
  };
}

export type DncRepository = ReturnType<typeof createDncRepository>;
