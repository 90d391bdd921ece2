/**
 * Child process: a real Ringside in kamailio mode (the KamailioPbx adapter over evapi) on the prepared data
 * directory in argv[2], talking to the Kamailio whose evapi address and WebSocket URI are argv[3] and argv[4].
 * It runs apart from the load generator (100 phones, 100 sockets, the caller) so neither steals the other's
 * event loop. Replies `ready {url}` once it listens and its evapi connection is up; `stop` stops it. It exits
 * on its own if the parent goes away.
 */
import { createLogger } from '../../cti-bridge/src/logger';
import { KamailioPbx } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { startRingside } from '../../cti-bridge/src/ringside';
import { benchBridgeConfig, runChild, sendToParent, serveParent } from './bench-bridge-ipc';

const EVAPI_CONNECT_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const [dataDir, evapi, wsUri] = process.argv.slice(2);
  if (!dataDir || !evapi || !wsUri || !process.send)
    throw new Error('usage: forked by the Kamailio bench with <data dir> <evapi host:port> <ws uri>');
  const config = benchBridgeConfig(dataDir, {
    RINGSIDE_PBX: 'kamailio',
    RINGSIDE_KAMAILIO_EVAPI: evapi,
    RINGSIDE_SIP_WS_URI: wsUri,
  });
  const log = createLogger('silent');
  const pbx = new KamailioPbx({ evapi: config.kamailioEvapi, log });
  const ringside = await startRingside({ config, pbx, simulator: null, log });
  serveParent(ringside);
  const deadline = Date.now() + EVAPI_CONNECT_TIMEOUT_MS;
  while (!pbx.isConnected()) {
    if (Date.now() > deadline) throw new Error(`no evapi connection to ${evapi} within 15 s`);
    await new Promise((done) => setTimeout(done, 20));
  }
  sendToParent({ type: 'ready', url: ringside.url });
}

runChild(main);
