/**
 * Child process: a real Ringside (sim PBX, demo mode off) on the data directory given in argv, so its memory
 * is measured apart from the load generator. Talks to the parent over the fork IPC channel:
 * `ready {url}` once listening; `memory` → `memory {...}`; `stop` → stops the server and exits.
 * It exits on its own if the parent goes away.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../cti-bridge/src/config';
import { createLogger } from '../../cti-bridge/src/logger';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { startRingside } from '../../cti-bridge/src/ringside';
import { runChild, sendToParent, serveParent } from './bench-bridge-ipc';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir || !process.send)
    throw new Error('usage: forked by the bench with the data directory as argv[2]');
  const config = loadConfig(
    {
      RINGSIDE_DATA_DIR: dataDir,
      RINGSIDE_PORT: '0',
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_DEMO: '0',
      RINGSIDE_LOG_LEVEL: 'silent',
    },
    resolve(import.meta.dirname, '../..'),
  );
  const sim = new SimPbx();
  const ringside = await startRingside({ config, pbx: sim, simulator: sim, log: createLogger('silent') });
  serveParent(ringside);
  sendToParent({ type: 'ready', url: ringside.url });
}

runChild(main);
