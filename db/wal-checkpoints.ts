import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointOptions {
  /** How often the background connection runs a PASSIVE checkpoint (ms). */
  intervalMs?: number;
  /**
   * The writer's own auto-checkpoint, kept only as the bound on the WAL's growth (pages, 4 KiB each): it is
   * reached only when writes never pause long enough for a background pass to catch up (a back-to-back loop).
   */
  fallbackPages?: number;
}

/** Counters of the background connection (shared memory: reading them costs the writer nothing). */
export interface WalCheckpointStats {
  /** PASSIVE checkpoints run. */
  runs: number;
  /** Frames in the WAL at the last run (counted from the log's last restart). */
  walFrames: number;
  /** Of those, the frames in the database file after it (all of them: the next write restarts the log). */
  checkpointedFrames: number;
}

export interface WalCheckpoints {
  stats(): WalCheckpointStats;
  /** Stops the background connection (before the writer closes: its close then checkpoints what is left). */
  stop(): Promise<void>;
}

export const WAL_DEFAULTS = { intervalMs: 100, fallbackPages: 10_000 } as const;
/** A WAL file left bigger than this after a burst is truncated to it when a writer restarts the log. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Runs in a worker thread with its own connection, so a checkpoint (copying WAL pages into the database file
 * and its two fsyncs, milliseconds) never runs inside a commit on the bridge's thread. PASSIVE takes no lock a
 * writer needs and waits for nobody; once it has copied every frame, the writer's next transaction restarts
 * the log from its beginning, which is what keeps the WAL small. Plain JavaScript (no tsx in a worker of the
 * built bridge): better-sqlite3 is loaded from the path the bridge resolved.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const counters = new Float64Array(workerData.counters);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
const pass = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    counters[1] = result.log;
    counters[2] = result.checkpointed;
    counters[0] += 1;
  } catch {
    // a busy or closing database: the next pass tries again, the writer's fallback still bounds the WAL
  }
};
const timer = setInterval(pass, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints off the writer's hot path: the writer's auto-checkpoint is raised to `fallbackPages`
 * (from SQLite's 1,000, which made roughly every 330th three-page commit copy and fsync inside the statement),
 * and a worker thread checkpoints PASSIVE every `intervalMs` on its own connection. The WAL stays bounded:
 * each pass copies what was committed since the last one and the log restarts when they caught up; under
 * writes that never pause the writer's fallback checkpoint still runs every `fallbackPages` pages. An in-memory
 * database has no WAL: nothing is started.
 */
export function startWalCheckpoints(
  client: Database.Database,
  options: WalCheckpointOptions = {},
): WalCheckpoints {
  const intervalMs = options.intervalMs ?? WAL_DEFAULTS.intervalMs;
  const fallbackPages = options.fallbackPages ?? WAL_DEFAULTS.fallbackPages;
  const counters = new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT);
  const view = new Float64Array(counters);
  const stats = () => ({ runs: view[0] ?? 0, walFrames: view[1] ?? 0, checkpointedFrames: view[2] ?? 0 });
  if (client.memory || client.pragma('journal_mode', { simple: true }) !== 'wal')
    return { stats, stop: async () => {} };
  client.pragma(`wal_autocheckpoint = ${fallbackPages}`);
  client.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver, file: client.name, intervalMs, counters },
  });
  worker.unref(); // never what keeps a process alive
  // A worker that failed (its connection could not open) leaves the writer's fallback checkpoints in charge.
  worker.on('error', () => {});
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats,
    stop() {
      worker.ref(); // whoever awaits the stop keeps the process alive until the worker closed its connection
      worker.postMessage('stop');
      return exited;
    },
  };
}
