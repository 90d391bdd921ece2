/**
 * Child process: a real Ringside (sim PBX, demo mode off) on the data directory given in argv, so its memory
 * is measured apart from the load generator. Talks to the parent over the fork IPC channel:
 * `ready {url}` once listening; `memory` → `memory {...}`; `stop` → stops the server and exits.
 * It exits on its own if the parent goes away.
 */
import { createLogger } from '../../cti-bridge/src/logger';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { startRingside } from '../../cti-bridge/src/ringside';
import { benchBridgeConfig, runChild, sendToParent, serveParent } from './bench-bridge-ipc';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir || !process.send)
    throw new Error('usage: forked by the bench with the data directory as argv[2]');
  const config = benchBridgeConfig(dataDir);
  const sim = new SimPbx();
  const ringside = await startRingside({ config, pbx: sim, simulator: sim, log: createLogger('silent') });
  serveParent(ringside);
  sendToParent({ type: 'ready', url: ringside.url });
}

runChild(main);
