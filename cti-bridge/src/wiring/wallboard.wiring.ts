import type { QueueUpdate } from '../../protocol/queue.schema';
import type { Config } from '../config';
import { createAuditRepository } from '../repositories/audit.repository';
import { createMetricsRepository } from '../repositories/metrics.repository';
import { createQueueThresholdsRepository } from '../repositories/queue-thresholds.repository';
import type { RingsideDb } from '../repositories/database';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import { reportRoutes } from '../server/http/reports.routes';
import { wallboardThresholdRoutes } from '../server/http/wallboard-thresholds.routes';
import type { RingsideServer } from '../server/socket-server';
import { wallboardCommands } from '../server/wallboard.handlers';
import type { AgentFloor } from '../services/agent-floor';
import type { Faults } from '../services/faults';
import { createReportsService } from '../services/reports/reports.service';
import { afterWrites } from '../services/wallboard/after-writes';
import { createQueueThresholds } from '../services/wallboard/queue-thresholds.service';
import type { LiveQueue } from '../services/wallboard/wallboard-figures';
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

/** The queueing engine's waiting calls per queue, as `GET /api/queues/live` shows them. */
const liveQueues = (update: QueueUpdate): Map<number, LiveQueue> =>
  new Map(update.queues.map((q) => [q.queueId, q]));

/**
 * The supervisors' capability: the historical report routes and the per-queue thresholds (before the HTTP
 * server), and the live wallboard (once the floor, the queueing engine and the socket server exist). Reports and
 * the wallboard read the same records through the same formulas.
 */
export function createWallboardWiring({ db, config, now, faults }: WallboardWiringDeps) {
  const metrics = createMetricsRepository(db);
  let wallboard: Wallboard | null = null;
  const thresholds = createQueueThresholds({
    now,
    queues: () => metrics.queues(),
    repository: createQueueThresholdsRepository(db),
    audit: createAuditRepository(db),
    changed: () => wallboard?.queuesChanged(),
  });
  return {
    routes: [
      ...reportRoutes({
        reports: createReportsService({ metrics, shortAbandonMs: config.shortAbandonMs }),
      }),
      ...wallboardThresholdRoutes({ thresholds }),
    ],
    /** The interactions repository that tells the wallboard of each write (hand this one to everything). */
    watched: (interactions: InteractionsRepository): InteractionsRepository =>
      afterWrites(interactions, CALL_WRITES, () => wallboard?.callChanged()),
    start({
      io,
      floor,
      queues,
    }: {
      io: RingsideServer;
      floor: AgentFloor;
      queues: { update(): QueueUpdate };
    }) {
      wallboard = createWallboard({
        now,
        timeZone: config.timeZone,
        shortAbandonMs: config.shortAbandonMs,
        metrics,
        states: () => floor.all(),
        stateOf: (agentId) => floor.get(agentId),
        thresholds: () => thresholds.own(),
        liveQueues: () => liveQueues(queues.update()),
        pushFigures: (figures) => io.to(SUPERVISORS).emit('wallboard:figures-changed', figures),
        pushAgents: (agents) => io.to(SUPERVISORS).emit('wallboard:agents-changed', agents),
        guarded: (where, work) => faults.guarded(where, work),
      });
      return { wallboard, commands: wallboardCommands({ wallboard }) };
    },
    agentStateChanged: (agentId: number) => wallboard?.agentChanged(agentId),
    /** The queueing engine pushed a change (`queue:updated`): waiting calls moved. */
    queuesChanged: () => wallboard?.queuesChanged(),
    stop: () => wallboard?.stop(),
  };
}
