/** Ringside CTI bridge entry point: the only place that chooses the PBX adapter. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config';
import { exitOnCrash } from './services/crash-exit';
import { abandonMessageChooser, abandonRecordingsDir } from './services/outbound/abandon-recordings.service';
import { createLogger, type Logger } from './logger';
import { randomBytes } from 'node:crypto';
import { ensureDefaultAbandonMessage } from './pbx/kamailio/abandon-message';
import { CampaignMessages } from './pbx/kamailio/campaign-messages';
import { ensureDefaultHoldMusic } from './pbx/kamailio/hold-music';
import { DIALER_USER, dialerHa1 } from './pbx/kamailio/dialer-user-agent';
import { KamailioPbx, type KamailioDialerOptions } from './pbx/kamailio/kamailio-pbx';
import { SimPbx } from './pbx/sim/sim-pbx';
import { startSimTraffic } from './pbx/sim/sim-traffic';
import { startRingside, type RunningRingside } from './ringside';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The running bridge, once started: what the fatal-error exit closes. */
let running: RunningRingside | null = null;

async function main(): Promise<void> {
  const config = loadConfig(process.env, rootDir);
  const log = createLogger(config.logLevel);
  exitOnCrash({ process, log, close: () => running?.stop('crashed') });
  if (config.pbx === 'kamailio') return startWithKamailio(config, log);
  const sim = new SimPbx();
  const ringside = await startRingside({ config, pbx: sim, simulator: sim, log });
  running = ringside;
  const stopTraffic = startSimTraffic(sim, {
    callsPerHour: config.simCallsPerHour,
    serviceNumbers: ringside.reference.serviceNumbers(),
    knownNumbers: () => ringside.samplePhones(50),
    callbackShare: 0.1,
  });
  printWelcome(ringside.url.replace('127.0.0.1', 'localhost'), ringside.demoAccounts, config.databaseFile);
  const shutdown = async () => {
    stopTraffic();
    await ringside.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** Real SIP: Kamailio (kamailio/pbx.sh) routes every call by asking this bridge over evapi. */
async function startWithKamailio(config: Readonly<Config>, log: Logger): Promise<void> {
  const dialer = config.dialer.enabled ? dialerOptions(config, log) : undefined;
  // rtpengine's ng socket: supervisors listen in through it (and the dialer drives its calls' media)
  const pbx = new KamailioPbx({
    evapi: config.kamailioEvapi,
    log,
    rtpengineNg: config.dialer.rtpengineNg,
    ...(dialer ? { dialer } : {}),
  });
  const pbxUsers = dialer ? [{ username: dialer.username, ha1: dialerHa1(dialer) }] : [];
  const ringside = await startRingside({ config, pbx, simulator: null, log, pbxUsers });
  running = ringside;
  printWelcome(ringside.url.replace('127.0.0.1', 'localhost'), ringside.demoAccounts, config.databaseFile);
  console.info(
    `PBX: Kamailio, evapi ${config.kamailioEvapi.host}:${config.kamailioEvapi.port}, softphones register at ${config.sipWsUri}`,
  );
  const shutdown = async () => {
    await ringside.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** The bridge's dialer (server-placed calls): its secret is random per start unless configured. */
function dialerOptions(config: Readonly<Config>, log: Logger): KamailioDialerOptions {
  const message = ensureDefaultAbandonMessage(config.dialer.abandonMessage);
  const messages = new CampaignMessages({
    dir: resolve(config.dataDir, 'messages'),
    defaultFile: message,
    log,
  });
  return {
    wsUri: config.sipWsUri,
    domain: config.sipDomain,
    username: DIALER_USER,
    password: config.dialer.secret ?? randomBytes(24).toString('base64url'),
    rtpengineNg: config.dialer.rtpengineNg,
    // an uploaded recording first, else the campaign's text spoken (or the default message)
    messageFile: abandonMessageChooser(abandonRecordingsDir(config.dataDir), (text) =>
      messages.fileFor(text),
    ),
    prepareMessage: (_campaignId, text) => void messages.prepare(text),
    trunkOffer: config.dialer.trunkOffer,
    keepaliveMs: config.dialer.agentKeepaliveMs,
    agentKeepaliveReplyMs: config.dialer.agentKeepaliveReplyMs,
    customerKeepaliveMs: config.dialer.customerKeepaliveMs,
    keepaliveReplyMs: config.dialer.keepaliveReplyMs,
    holdMusic: config.dialer.holdMusic === null ? null : ensureDefaultHoldMusic(config.dialer.holdMusic),
  };
}

function printWelcome(
  url: string,
  accounts: readonly { username: string; role: string; password: string }[],
  db: string,
) {
  const lines = [`Ringside is running: open ${url}`, `Database: ${db}`];
  if (accounts.length > 0) {
    lines.push('Demo logins (demo mode):');
    for (const account of accounts)
      lines.push(`  ${account.username.padEnd(12)} ${account.password.padEnd(10)} ${account.role}`);
  }
  console.info(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
