/**
 * The child side of the bench bridge protocol, shared by the sim and the Kamailio bench bridges:
 * `ready {url}` once listening; `memory` → `memory {...}`; `stop` → stops the server and exits; a vanished
 * parent stops it too.
 */
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../cti-bridge/src/config';

export type BridgeRequest = { type: 'memory'; gc: boolean } | { type: 'stop' };
export type BridgeReply =
  | { type: 'ready'; url: string }
  | { type: 'memory'; rss: number; heapUsed: number; heapTotal: number; external: number }
  | { type: 'failed'; message: string };

/** A bench bridge's configuration: its own data directory, any port, no demo data, no logs. */
export function benchBridgeConfig(dataDir: string, env: Record<string, string> = {}): Readonly<Config> {
  return loadConfig(
    {
      RINGSIDE_DATA_DIR: dataDir,
      RINGSIDE_PORT: '0',
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_DEMO: '0',
      RINGSIDE_LOG_LEVEL: 'silent',
      ...env,
    },
    resolve(import.meta.dirname, '../..'),
  );
}

export const sendToParent = (reply: BridgeReply) => process.send?.(reply);

/** Answers the parent's requests for this running bridge until it is told to stop. */
export function serveParent(ringside: { stop(): Promise<void> }): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await ringside.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('message', (request: BridgeRequest) => {
    if (request.type === 'stop') return void stop();
    if (request.gc) globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    sendToParent({ type: 'memory', rss, heapUsed, heapTotal, external });
  });
}

/** Runs the child's main; a failure is reported to the parent before the process exits. */
export function runChild(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    sendToParent({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
}
