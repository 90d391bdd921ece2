import { desc, eq } from 'drizzle-orm';
import type { RingsideDb } from '../../../db/open-database';
import { bridgeRuns } from '../../../db/schema';

/** One bridge run: started, last known alive, stopped cleanly (null: it died, or still runs). */
export interface BridgeRun {
  id: number;
  startedAt: number;
  aliveAt: number;
  stoppedAt: number | null;
  pid: number;
}

/** The bridge's own runs: a start, a heartbeat stamp, a clean stop. The previous run tells how it ended. */
export function createBridgeRunsRepository(db: RingsideDb) {
  return {
    latest(): BridgeRun | null {
      return db.select().from(bridgeRuns).orderBy(desc(bridgeRuns.id)).get() ?? null;
    },
    start(at: number, pid: number): number {
      return db.insert(bridgeRuns).values({ startedAt: at, aliveAt: at, pid }).returning().get().id;
    },
    alive(id: number, at: number): void {
      db.update(bridgeRuns).set({ aliveAt: at }).where(eq(bridgeRuns.id, id)).run();
    },
    stopped(id: number, at: number): void {
      db.update(bridgeRuns).set({ aliveAt: at, stoppedAt: at }).where(eq(bridgeRuns.id, id)).run();
    },
  };
}

export type BridgeRunsRepository = ReturnType<typeof createBridgeRunsRepository>;
