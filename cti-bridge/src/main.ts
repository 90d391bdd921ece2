/** Ringside CTI bridge entry point: the only place that chooses the PBX adapter. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { SimPbx } from './pbx/sim/sim-pbx';
import { startSimTraffic } from './pbx/sim/sim-traffic';
import { startRingside } from './ringside';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = loadConfig(process.env, rootDir);
  if (config.pbx !== 'sim')
    throw new ConfigError('RINGSIDE_PBX: "kamailio" is not available in this build yet; use "sim"');
  const log = createLogger(config.logLevel);
  const sim = new SimPbx();
  const ringside = await startRingside({ config, pbx: sim, simulator: sim, log });
  const stopTraffic = startSimTraffic(sim, {
    callsPerHour: config.simCallsPerHour,
    serviceNumbers: ringside.reference.serviceNumbers(),
    knownNumbers: () => ringside.samplePhones(50),
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
