import type { AgentState } from '../../protocol/agent-state.schema';
import type { QueueUpdate } from '../../protocol/queue.schema';
import type { Logger } from '../logger';
import type { PbxAdapter } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import type { CustomerCardRepository } from '../repositories/customer-card.repository';
import type { RingsideDb } from '../repositories/database';
import { createQueueAdminRepository } from '../repositories/queue-admin.repository';
import { createQueueCallbacksRepository } from '../repositories/queue-callbacks.repository';
import { createQueueingRepository } from '../repositories/queueing.repository';
import { queueAdminRoutes } from '../server/http/queue-admin.routes';
import { queueRoutes } from '../server/http/queues.routes';
import { queueCommands } from '../server/queue.handlers';
import type { RingsideServer } from '../server/socket-server';
import type { AgentChannel } from '../services/agent-channel';
import type { AgentFloor } from '../services/agent-floor';
import type { ComplianceService } from '../services/compliance/compliance.service';
import type { CustomerLookup } from '../services/customer-lookup';
import { createQueueAdminService } from '../services/queueing/queue-admin.service';
import type { LiveOutbound, OutboundCalls } from '../services/outbound/outbound-calls';
import { createCallbackIntake } from '../services/queueing/callback-intake';
import { createCallbackDispatch, type CallbackDispatch } from '../services/queueing/callback-dispatch';
import { createQueueCallbacks } from '../services/queueing/queue-callbacks.service';
import { QueueRouter } from '../services/queueing/queue-router';
import { mineOf } from '../services/queueing/my-queues';

/** How often wait limits are applied and queue figures pushed (only when they changed). */
export const QUEUE_TICK_MS = 1_000;

export interface QueueingWiringDeps {
  db: RingsideDb;
  now: () => number;
  lookup: CustomerLookup;
  audit: AuditRepository;
}

export interface CallbackWiringDeps {
  floor: AgentFloor;
  channel: AgentChannel;
  compliance: Pick<ComplianceService, 'check'>;
  calls: () => Pick<OutboundCalls, 'place'> | null;
  cards: Pick<CustomerCardRepository, 'card'>;
  audit: Pick<AuditRepository, 'record'>;
  log: Logger;
  guarded: <A extends unknown[]>(where: string, work: (...args: A) => void) => (...args: A) => void;
  callerId: () => string;
  /** Tests shorten the accept window and the retry delay. */
  acceptTimeoutMs?: number;
  retryDelayMs?: number;
}

/**
 * The queueing capability's composition: the router the call center routes through (created before it), the
 * callback API, the dispatch of queue callbacks to agents, and once the sockets and the call center exist, the
 * tick that applies wait limits and pushes `queue:updated` (supervisors: every queue; agents: the queues they
 * serve) and positions to the PBX.
 */
export function createQueueingWiring({ db, now, lookup, audit }: QueueingWiringDeps) {
  const queueing = createQueueingRepository(db);
  const callbackStore = createQueueCallbacksRepository(db);
  callbackStore.releaseOffered(now());
  const router = new QueueRouter({ now, repository: queueing, waitingCallbacks: callbackStore.waiting });
  const intake = createCallbackIntake({ now, queueing, router, audit });
  const callbacks = createQueueCallbacks({ now, intake, router, lookup });
  const admin = createQueueAdminService({
    now,
    repo: createQueueAdminRepository(db),
    audit,
    isOpen: (queueId, at) => router.isOpen(queueId, at),
    reload: () => router.reload(),
  });
  let dispatch: CallbackDispatch | null = null;
  const mine = (agentId: number, update: QueueUpdate = router.update()) =>
    mineOf(update, router.queuesOf(agentId));
  return {
    queueing,
    router,
    /** Every callback request (web, IVR, caller's choice, closed queue, max wait) joins its queue here. */
    intake,
    callbackStore,
    routes: [...queueRoutes({ router, callbacks }), ...queueAdminRoutes({ queues: admin })],
    /** Logged-in agents staff their queues (estimates); a logout leaves them. */
    agentStateChanged(state: AgentState): void {
      if (state.status === 'logged-out') router.agentLeft(state.agentId);
      else router.agentSeen(state.agentId);
      dispatch?.agentStateChanged(state);
    },
    /** A placed call's outcome: a queue callback's is recorded (retry or close). */
    callOutcome(call: LiveOutbound): void {
      dispatch?.outcome(call);
    },
    /** Queue callbacks are offered to agents and dialled from now on; returns the socket commands. */
    startCallbacks(deps: CallbackWiringDeps) {
      const started = createCallbackDispatch({ ...deps, now, callbacks: callbackStore, router, lookup });
      dispatch = started;
      router.onCallbacksRouted((decisions) => started.offer(decisions));
      return { dispatch: started, commands: queueCommands({ dispatch: started, mine: (id) => mine(id) }) };
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
        pushUpdate(deps.io, update, (agentId) => mine(agentId, update));
        deps.pbx.queuePositions?.(update.calls);
        deps.onUpdate?.(update);
      });
      const timer = setInterval(tick, QUEUE_TICK_MS);
      timer.unref();
      return () => {
        clearInterval(timer);
        dispatch?.stop();
      };
    },
  };
}

/** Supervisors and admins see every queue; an agent only the queues they serve. */
function pushUpdate(io: RingsideServer, update: QueueUpdate, mine: (agentId: number) => QueueUpdate): void {
  const perAgent = new Map<number, QueueUpdate>();
  for (const socket of io.sockets.sockets.values()) {
    const user = socket.data.user;
    if (user.role !== 'agent') {
      socket.emit('queue:updated', update);
      continue;
    }
    let own = perAgent.get(user.id);
    if (!own) perAgent.set(user.id, (own = mine(user.id)));
    socket.emit('queue:updated', own);
  }
}
