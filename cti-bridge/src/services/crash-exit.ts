import type { Logger } from '../logger';

/** The part of `process` the handler needs (a test passes an emitter). */
export interface CrashProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

export interface CrashExitOptions {
  process: CrashProcess;
  log: Logger;
  /** Closes what must be closed (the database above all); its own failure or hang does not stop the exit. */
  close: () => Promise<void> | void;
  /** The longest the close may take before the process exits anyway. */
  closeTimeoutMs?: number;
}

/**
 * An exception nothing contained means the bridge's state can no longer be trusted: log it, close the database
 * (so the WAL is checkpointed and the next start finds a clean file) and exit non-zero, so the supervisor
 * (systemd `Restart=on-failure`) starts a fresh bridge, which closes the calls this one lost. Failures the
 * bridge expects (a refused database write in a timer) never get here: `Faults` contains them.
 */
export function exitOnCrash(options: CrashExitOptions): void {
  let exiting = false;
  const onFatal = (kind: string) => (error: unknown) => {
    options.log.error('fatal: the bridge stops', {
      kind,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    if (exiting) return;
    exiting = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(done, options.closeTimeoutMs ?? 3000);
      timer.unref();
    });
    const closed = Promise.resolve()
      .then(() => options.close())
      .catch((closeError: unknown) =>
        options.log.error('fatal: closing failed', {
          error: closeError instanceof Error ? closeError.message : String(closeError),
        }),
      );
    void Promise.race([closed, timeout]).finally(() => {
      clearTimeout(timer);
      options.process.exit(1);
    });
  };
  options.process.on('uncaughtException', onFatal('uncaughtException'));
  options.process.on('unhandledRejection', onFatal('unhandledRejection'));
}
