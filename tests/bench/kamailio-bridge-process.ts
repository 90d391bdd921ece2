/** Parent side of kamailio-bench-bridge.ts: forks the bridge in kamailio mode and stops it again. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BridgeReply, BridgeRequest } from './bench-bridge';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface KamailioBridge {
  url: string;
  memory(options: { gc: boolean }): Promise<Extract<BridgeReply, { type: 'memory' }>>;
  /** Stops the bridge (SIGKILL if it does not exit in time); safe to call more than once. */
  stop(): Promise<void>;
}

export async function startKamailioBridge(options: {
  dataDir: string;
  evapi: string;
  wsUri: string;
}): Promise<KamailioBridge> {
  const child = fork(
    join(import.meta.dirname, 'kamailio-bench-bridge.ts'),
    [options.dataDir, options.evapi, options.wsUri],
    { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  try {
    const ready = await reply(child, 'ready', START_TIMEOUT_MS);
    return {
      url: ready.url,
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
        failed(new Error(`the Kamailio bench bridge failed: ${message.message}`));
      } else if (message.type === type) {
        finish();
        done(message as Extract<BridgeReply, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      finish();
      failed(new Error(`the Kamailio bench bridge exited (code ${code}) before replying ${type}`));
    };
    const timer = setTimeout(() => {
      finish();
      failed(new Error(`the Kamailio bench bridge did not reply ${type} within ${timeoutMs} ms`));
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
