/** Parent side of kamailio-bench-bridge.ts: forks the bridge in kamailio mode and stops it again. */
import { join } from 'node:path';
import { forkBridge, type BridgeProcess } from './bridge-process';

export type KamailioBridge = BridgeProcess;

export function startKamailioBridge(options: {
  dataDir: string;
  evapi: string;
  wsUri: string;
}): Promise<KamailioBridge> {
  return forkBridge(
    join(import.meta.dirname, 'kamailio-bench-bridge.ts'),
    [options.dataDir, options.evapi, options.wsUri],
    60_000,
  );
}
