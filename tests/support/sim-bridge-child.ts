/**
 * Child process: a real Ringside with the simulated PBX and demo users on the data directory in argv[2], for
 * tests that kill a bridge process (kill -9) and start another on the same file. Speaks the bench bridge
 * protocol (`ready {url}`, `stop`); stamps its heartbeat every 200 ms so a test need not wait long for one.
 */
import { createLogger } from '../../cti-bridge/src/logger';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { startRingside } from '../../cti-bridge/src/ringside';
import { benchBridgeConfig, runChild, sendToParent, serveParent } from '../bench/bench-bridge-ipc';

const CHILD_HEARTBEAT_MS = 200;

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir || !process.send) throw new Error('usage: forked with the data directory as argv[2]');
  const config = benchBridgeConfig(dataDir, { RINGSIDE_DEMO: '1', RINGSIDE_DEMO_CUSTOMERS: '40' });
  const sim = new SimPbx();
  const ringside = await startRingside({
    config,
    pbx: sim,
    simulator: sim,
    log: createLogger('silent'),
    heartbeatMs: CHILD_HEARTBEAT_MS,
  });
  serveParent(ringside);
  sendToParent({ type: 'ready', url: ringside.url });
}

runChild(main);
