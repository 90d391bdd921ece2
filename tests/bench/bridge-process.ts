/** Parent side of bench-bridge.ts: forks it on a copy of the bench database and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BridgeReply, BridgeRequest } from './bench-bridge-ipc';

type MemoryReply = Extract<BridgeReply, { type: 'memory' }>;

export interface BridgeProcess {
  url: string;
  /** The child's process id (a test kills it with SIGKILL to play a crash). */
  pid: number;
  memory(options: { gc: boolean }): Promise<MemoryReply>;
  /** Stops the server and removes the data copy; safe to call more than once. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * The bridge writes interactions and audit rows during the pop run, so it gets a copy: the bench database
 * stays exactly as the generator built it.
 */
export async function startBridgeProcess(benchFile: string, runDir: string): Promise<BridgeProcess> {
  removeAbandonedCopies(dirname(runDir));
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  copyFileSync(benchFile, join(runDir, 'ringside.sqlite'));
  const removeCopy = () => rmSync(runDir, { recursive: true, force: true });
  try {
    const bridge = await forkBridge(join(import.meta.dirname, 'bench-bridge.ts'), [runDir], START_TIMEOUT_MS);
    return {
      ...bridge,
      async stop() {
        await bridge.stop();
        removeCopy();
      },
    };
  } catch (error) {
    removeCopy();
    throw error;
  }
}

/**
 * Forks a bench bridge script (bench-bridge.ts protocol: `ready` with its URL, `memory`, `stop`) and waits
 * for it to be ready; on failure the child is stopped before the error is rethrown.
 */
export async function forkBridge(
  script: string,
  args: string[],
  startTimeoutMs: number,
  /** Node flags that load TypeScript: tsx's own when the parent runs under tsx (the bench); a test passes them. */
  loader: string[] = process.execArgv,
): Promise<BridgeProcess> {
  const child = fork(script, args, {
    // --expose-gc so the bench can read the live heap after a collection.
    execArgv: [...loader, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await reply(child, 'ready', startTimeoutMs);
    return {
      url: ready.url,
      pid: child.pid ?? 0,
      async memory({ gc }) {
        const answer = reply(child, 'memory', STOP_TIMEOUT_MS);
        send(child, { type: 'memory', gc });
        return answer;
      },
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function send(child: ChildProcess, request: BridgeRequest): void {
  if (child.connected) child.send(request);
}

/** The next reply of this type; a `failed` reply, an exit or the timeout reject. */
function reply<T extends BridgeReply['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<BridgeReply, { type: T }>> {
  return new Promise((done, failed) => {
    const finish = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: BridgeReply) => {
      if (message.type === 'failed') {
        finish();
        failed(new Error(`the bench bridge failed to start: ${message.message}`));
      } else if (message.type === type) {
        finish();
        done(message as Extract<BridgeReply, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      finish();
      failed(new Error(`the bench bridge exited (code ${code}) before replying ${type}`));
    };
    const timer = setTimeout(() => {
      finish();
      failed(new Error(`the bench bridge did not reply ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  send(child, { type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** A run killed by a signal skips its `finally`; its database copy (a gigabyte at 1M) is removed here. */
function removeAbandonedCopies(benchDir: string): void {
  for (const name of readdirSync(benchDir)) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid && !isAlive(Number(pid))) rmSync(join(benchDir, name), { recursive: true, force: true });
  }
}

/** A process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
