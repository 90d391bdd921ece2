import type { Config } from '../config';
import { createMetricsRepository } from '../repositories/metrics.repository';
import type { RingsideDb } from '../repositories/database';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import { reportRoutes } from '../server/http/reports.routes';
import type { RingsideServer } from '../server/socket-server';
import { wallboardCommands } from '../server/wallboard.handlers';
import type { AgentFloor } from '../services/agent-floor';
import type { Faults } from '../services/faults';
import { createReportsService } from '../services/reports/reports.service';
import { afterWrites } from '../services/wallboard/after-writes';
import { createWallboard, type Wallboard } from '../services/wallboard/wallboard.service';
import { SUPERVISORS } from './outbound.wiring';

/** Every write to a call's record: the wallboard's figures are recomputed after each. */
const CALL_WRITES = [
  'createInbound',
  'createOutbound',
  'createTransferLeg',
  'offered',
  'requeued',
  'answered',
  'ended',
  'missed',
  'abandoned',
  'closedWithoutDisposition',
  'interrupted',
  'wrapUp',
] as const;

export interface WallboardWiringDeps {
  db: RingsideDb;
  config: Readonly<Pick<Config, 'shortAbandonMs' | 'timeZone'>>;
  now: () => number;
  faults: Faults;
}

/**
 * The supervisors' capability: the historical report routes (before the HTTP server) and the live wallboard
 * (once the floor and the socket server exist). Both read the same records through the same formulas.
 */
export function createWallboardWiring({ db, config, now, faults }: WallboardWiringDeps) {
  const metrics = createMetricsRepository(db);
  let wallboard: Wallboard | null = null;
  return {
    routes: reportRoutes({
      reports: createReportsService({ metrics, shortAbandonMs: config.shortAbandonMs }),
    }),
    /** The interactions repository that tells the wallboard of each write (hand this one to everything). */
    watched: (interactions: InteractionsRepository): InteractionsRepository =>
      afterWrites(interactions, CALL_WRITES, () => wallboard?.callChanged()),
    start({ io, floor }: { io: RingsideServer; floor: AgentFloor }) {
      wallboard = createWallboard({
        now,
        timeZone: config.timeZone,
        shortAbandonMs: config.shortAbandonMs,
        metrics,
        states: () => floor.all(),
        stateOf: (agentId) => floor.get(agentId),
        pushFigures: (figures) => io.to(SUPERVISORS).emit('wallboard:figures-changed', figures),
        pushAgents: (agents) => io.to(SUPERVISORS).emit('wallboard:agents-changed', agents),
        guarded: (where, work) => faults.guarded(where, work),
      });
      return { wallboard, commands: wallboardCommands({ wallboard }) };
    },
    agentStateChanged: (agentId: number) => wallboard?.agentChanged(agentId),
    stop: () => wallboard?.stop(),
  };
}
