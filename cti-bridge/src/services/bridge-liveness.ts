import { interruptedEnd } from '../domain/interrupted-call';
import type { Logger } from '../logger';
import type { AuditRepository } from '../repositories/audit.repository';
import type { BridgeRun, BridgeRunsRepository } from '../repositories/bridge-runs.repository';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { Faults } from './faults';

/** How often a running bridge stamps that it is alive: the precision of a lost call's end time. */
export const HEARTBEAT_MS = 2000;

export interface BridgeLivenessDeps {
  runs: BridgeRunsRepository;
  interactions: InteractionsRepository;
  audit: AuditRepository;
  faults: Faults;
  log: Logger;
  now: () => number;
  pid: number;
  /**
   * The PBX carries calls on without the bridge (Kamailio keeps them and tells the next bridge): then the open
   * calls are left for it to report. Otherwise (the simulator) no call outlives its bridge.
   */
  callsOutliveBridge: boolean;
  heartbeatMs?: number;
}

/** What the previous run left behind, as closed at this start. */
export interface Recovery {
  previous: BridgeRun | null;
  /** The previous run ended without a clean stop (kill -9, power loss, a crash). */
  died: boolean;
  closed: { queued: number; ringing: number; answered: number };
}

/**
 * Starts this run's record: closes what the previous run can no longer follow (see `callsOutliveBridge`) and
 * stamps a heartbeat until `stop()`, which records a clean stop.
 */
export function startBridgeLiveness(deps: BridgeLivenessDeps) {
  const previous = deps.runs.latest();
  const recovery = deps.callsOutliveBridge
    ? { previous, died: previous !== null && previous.stoppedAt === null, closed: none() }
    : closeLostCalls(deps, previous);
  const runId = deps.runs.start(deps.now(), deps.pid);
  const heartbeat = setInterval(
    deps.faults.guarded('heartbeat', () => deps.runs.alive(runId, deps.now())),
    deps.heartbeatMs ?? HEARTBEAT_MS,
  );
  heartbeat.unref();
  return {
    recovery,
    /** Stops the heartbeat with a last stamp; a crashed run is stamped alive, not stopped cleanly. */
    stop(how: 'clean' | 'crashed' = 'clean'): void {
      clearInterval(heartbeat);
      deps.faults.guard('last stamp', () =>
        how === 'clean' ? deps.runs.stopped(runId, deps.now()) : deps.runs.alive(runId, deps.now()),
      );
    },
  };
}

const none = () => ({ queued: 0, ringing: 0, answered: 0 });

function closeLostCalls(deps: BridgeLivenessDeps, previous: BridgeRun | null): Recovery {
  const closed = none();
  const lastAliveAt = previous ? (previous.stoppedAt ?? previous.aliveAt) : null;
  const open = deps.interactions.openCalls();
  for (const call of open) {
    deps.interactions.interrupted(call.id, interruptedEnd(call, lastAliveAt));
    closed[call.outcome as keyof typeof closed] += 1;
  }
  const died = previous !== null && previous.stoppedAt === null;
  if (open.length > 0) {
    const details = { ...closed, previousRun: previous?.id ?? null, lastAliveAt, died };
    deps.audit.record({
      at: deps.now(),
      actorUserId: null,
      action: 'calls.interrupted',
      subject: previous ? `bridge-run:${previous.id}` : null,
      decision: 'done',
      reason: died ? 'the previous bridge run died' : 'the previous bridge run stopped with calls up',
      details,
    });
    deps.log.warn('calls the previous bridge run left open were closed as interrupted', details);
  }
  return { previous, died, closed };
}
