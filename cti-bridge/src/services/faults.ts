import type { Logger } from '../logger';

/** A failure the bridge survived (a database write refused in a timer, say): logged, counted, announced. */
export interface Fault {
  at: number;
  /** Where it happened: `ring timeout`, `pbx callerHungUp`, `heartbeat`, `interactions.requeued`… */
  where: string;
  /** The error's code when it has one (`SQLITE_BUSY`, `SQLITE_FULL`), else its class name. */
  code: string;
  message: string;
}

export interface FaultsSnapshot {
  total: number;
  last: Fault | null;
}

/**
 * The place every callback the bridge runs on its own (timers, promise continuations, PBX events, socket
 * lifecycle) reports a failure to, instead of letting it escape as an unhandled exception that would end every
 * agent's session. Each fault is logged at error level, counted (`/api/health` shows the count) and passed to
 * the listeners.
 */
export class Faults {
  private total = 0;
  private last: Fault | null = null;
  private readonly listeners = new Set<(fault: Fault) => void>();

  constructor(private readonly deps: { log: Logger; now: () => number }) {}

  record(where: string, error: unknown): void {
    const fault: Fault = { at: this.deps.now(), where, code: codeOf(error), message: messageOf(error) };
    this.total += 1;
    this.last = fault;
    this.deps.log.error('a failure was contained', { ...fault });
    for (const listener of this.listeners) {
      try {
        listener(fault);
      } catch {
        // a listener's own failure must not turn the report into a crash
      }
    }
  }

  /** Runs `work` now; a throw is recorded, never rethrown. */
  guard(where: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.record(where, error);
    }
  }

  /** The same function, guarded: for `setTimeout(…)`, `.then(…)` and event listeners. */
  guarded<A extends unknown[]>(where: string, work: (...args: A) => void): (...args: A) => void {
    return (...args) => this.guard(where, () => work(...args));
  }

  onFault(listener: (fault: Fault) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): FaultsSnapshot {
    return { total: this.total, last: this.last };
  }
}

/**
 * The repository with the named methods guarded: a failed write is recorded and the caller goes on. For the
 * writes that follow what already happened on the phone (an offer, an answer, an end): the live call must go on
 * even when its record cannot be written this moment.
 */
export function guardWrites<T extends object, K extends keyof T>(
  faults: Faults,
  name: string,
  target: T,
  methods: readonly K[],
): T {
  const guarded = Object.create(target) as T;
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const call = original as (...args: unknown[]) => unknown;
    (guarded as Record<K, unknown>)[method] = (...args: unknown[]) =>
      faults.guard(`${name}.${String(method)}`, () => void call.apply(target, args));
  }
  return guarded;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : typeof error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
