import type { AgentState } from '../../protocol/agent-state.schema';
import type { QueueUpdate } from '../../protocol/queue.schema';
import type { PbxAdapter } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import type { RingsideDb } from '../repositories/database';
import { createQueueAdminRepository } from '../repositories/queue-admin.repository';
import { createQueueingRepository } from '../repositories/queueing.repository';
import { queueAdminRoutes } from '../server/http/queue-admin.routes';
import { queueRoutes } from '../server/http/queues.routes';
import type { RingsideServer } from '../server/socket-server';
import type { CustomerLookup } from '../services/customer-lookup';
import { createQueueAdminService } from '../services/queueing/queue-admin.service';
import { createQueueCallbacks } from '../services/queueing/queue-callbacks.service';
import { QueueRouter } from '../services/queueing/queue-router';

/** How often wait limits are applied and queue figures pushed (only when they changed). */
export const QUEUE_TICK_MS = 1_000;

export interface QueueingWiringDeps {
  db: RingsideDb;
  now: () => number;
  lookup: CustomerLookup;
  audit: AuditRepository;
}

/**
 * The queueing capability's composition: the router the call center routes through (created before it), the
 * callback API, and once the sockets and the call center exist, the tick that applies wait limits and pushes
 * `queue:updated` to consoles and positions to the PBX.
 */
export function createQueueingWiring({ db, now, lookup, audit }: QueueingWiringDeps) {
  const queueing = createQueueingRepository(db);
  const router = new QueueRouter({ now, repository: queueing });
  const callbacks = createQueueCallbacks({ now, queueing, router, lookup });
  const admin = createQueueAdminService({
    now,
    repo: createQueueAdminRepository(db),
    audit,
    isOpen: (queueId, at) => router.isOpen(queueId, at),
    reload: () => router.reload(),
  });
  return {
    queueing,
    router,
    routes: [...queueRoutes({ router, callbacks }), ...queueAdminRoutes({ queues: admin })],
    /** Logged-in agents staff their queues (estimates); a logout leaves them. */
    agentStateChanged(state: AgentState): void {
      if (state.status === 'logged-out') router.agentLeft(state.agentId);
      else router.agentSeen(state.agentId);
    },
    /** Starts the tick; returns its stop. */
    start(deps: {
      io: RingsideServer;
      pbx: PbxAdapter;
      applyWaitLimits: () => void;
      guarded: (where: string, work: () => void) => () => void;
      /** Told after each pushed change (the wallboard's waiting calls follow the engine's). */
      onUpdate?: (update: QueueUpdate) => void;
    }): () => void {
      let last = '';
      const tick = deps.guarded('queue tick', () => {
        deps.applyWaitLimits();
        const update: QueueUpdate = router.update();
        const key = JSON.stringify({ ...update, at: 0 });
        if (key === last) return;
        last = key;
        deps.io.emit('queue:updated', update);
        deps.pbx.queuePositions?.(update.calls);
        deps.onUpdate?.(update);
      });
      const timer = setInterval(tick, QUEUE_TICK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
