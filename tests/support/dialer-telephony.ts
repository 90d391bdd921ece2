/**
 * The telephony of the tests where the bridge places calls itself (server-placed progressive, predictive): the
 * bridge with the Kamailio adapter's dialer on (its own SIP user agent, provisioned in Kamailio's auth db, the
 * campaign's abandon message generated), Kamailio + rtpengine in front of it, the carrier at 127.0.0.2.
 */
import { join } from 'node:path';
import type { Logger } from '../../cti-bridge/src/logger';
import { ensureDefaultAbandonMessage } from '../../cti-bridge/src/pbx/kamailio/abandon-message';
import { dialerHa1, DIALER_USER } from '../../cti-bridge/src/pbx/kamailio/dialer-user-agent';
import { RtpengineNg } from '../../cti-bridge/src/pbx/kamailio/rtpengine-ng';
import { createSipSubscribersRepository } from '../../cti-bridge/src/repositories/sip-subscribers.repository';
import {
  kamailioPorts,
  startKamailio,
  startKamailioBridge,
  type KamailioBridge,
  type RunningKamailio,
} from './kamailio';
import { freePort } from './ports';
import { stopInOrder, until } from './until';

const DOMAIN = 'ringside.local';

export interface DialerTelephonyOptions {
  /** The dialer user agent's SIP password. */
  secret: string;
  /** Where the carrier (SIPp on 127.0.0.2) takes the calls Kamailio sends out. */
  gatewayPort: number;
  /** How long an answered call may wait for its agent (the law's 2 s is too short for a browser on a loaded box). */
  connectWindowMs: number;
  /** The adapter's log (silent when absent). */
  log?: Logger;
  /** Registered agents to size Kamailio for. */
  agents?: number;
}

export interface DialerTelephony {
  t: KamailioBridge;
  kam: RunningKamailio;
  /** rtpengine's control socket: the media sessions it carries. */
  ng: RtpengineNg;
  stop(): Promise<void>;
}

/** Started in order (the bridge owns the data dir Kamailio reads), connected and the dialer registered. */
export async function startDialerTelephony(options: DialerTelephonyOptions): Promise<DialerTelephony> {
  const ports = await kamailioPorts();
  const ngPort = await freePort();
  let message = '';
  const dialer = {
    wsUri: `ws://127.0.0.1:${ports.wsPort}`,
    domain: DOMAIN,
    username: DIALER_USER,
    password: options.secret,
    rtpengineNg: { host: '127.0.0.1', port: ngPort },
    messageFile: () => message,
    connectWindowMs: options.connectWindowMs,
  };
  const t = await startKamailioBridge(ports, { dialer, ...(options.log ? { log: options.log } : {}) });
  let kam: RunningKamailio | undefined;
  try {
    message = ensureDefaultAbandonMessage(join(t.dataDir, 'messages', 'abandon.wav'));
    const subscribers = createSipSubscribersRepository(join(t.dataDir, 'kamailio-auth.sqlite'));
    subscribers.setHa1(DIALER_USER, DOMAIN, dialerHa1(dialer));
    subscribers.close();
    kam = await startKamailio({
      ports,
      dataDir: t.dataDir,
      pstnGateway: `sip:127.0.0.2:${options.gatewayPort}`,
      rtpengine: true,
      rtpengineNgPort: ngPort,
      ...(options.agents === undefined ? {} : { agents: options.agents }),
    });
    await until(() => t.pbx.isConnected() && t.pbx.dialerConnected(), 20_000, 'the dialer connected');
  } catch (error) {
    await stopInOrder(
      () => t.stop(),
      () => kam?.stop(),
    );
    throw error;
  }
  const running = kam;
  const ng = new RtpengineNg({ host: '127.0.0.1', port: ngPort });
  return {
    t,
    kam: running,
    ng,
    stop: async () => {
      ng.close();
      await stopInOrder(
        () => t.stop(),
        () => running.stop(),
      );
    },
  };
}
