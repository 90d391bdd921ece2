/**
 * A real Kamailio for one test file: the project's kamailio/pbx.sh on free ports with its own run dir, pid file and
 * log. `stop()` ends it by pid (TERM, then KILL) and is also wired to process exit, so a failing or crashing test
 * leaves no Kamailio behind.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export interface KamailioPorts {
  sipPort: number;
  wsPort: number;
  evapiPort: number;
}

export interface RunningKamailio extends KamailioPorts {
  pid: number;
  wsUri: string;
  logFile: string;
  /** Lines of Kamailio's log, for assertions and for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago (the SIP port is also used for UDP, which is free on these hosts). */
export async function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export async function kamailioPorts(): Promise<KamailioPorts> {
  return { sipPort: await freePort(), wsPort: await freePort(), evapiPort: await freePort() };
}

/** The bridge's environment for these ports. */
export function kamailioEnv(ports: KamailioPorts): Record<string, string> {
  return {
    RINGSIDE_PBX: 'kamailio',
    RINGSIDE_SIP_WS_URI: `ws://127.0.0.1:${ports.wsPort}`,
    RINGSIDE_KAMAILIO_EVAPI: `127.0.0.1:${ports.evapiPort}`,
  };
}

export async function startKamailio(options: {
  ports: KamailioPorts;
  dataDir: string;
  pstnGateway: string;
}): Promise<RunningKamailio> {
  const { ports, dataDir } = options;
  const runDir = join(dataDir, 'kamailio');
  const env = {
    ...process.env,
    ...kamailioEnv(ports),
    RINGSIDE_DATA_DIR: dataDir,
    RINGSIDE_SIP_PORT: String(ports.sipPort),
    RINGSIDE_PSTN_GATEWAY: options.pstnGateway,
  };
  const logFile = join(runDir, 'kamailio.log');
  try {
    await run(join(ROOT, 'kamailio/pbx.sh'), ['start', runDir], { env, timeout: 20_000 });
  } catch (error) {
    const pid = readPid(runDir);
    if (pid) killNow(pid);
    throw new Error(`kamailio did not start: ${String(error)}\n${safeRead(logFile)}`);
  }
  const pid = readPid(runDir);
  if (!pid) throw new Error(`kamailio wrote no pid file\n${safeRead(logFile)}`);
  const onExit = () => killNow(pid);
  process.once('exit', onExit);
  return {
    ...ports,
    pid,
    wsUri: `ws://127.0.0.1:${ports.wsPort}`,
    logFile,
    log: () => safeRead(logFile),
    async stop() {
      process.off('exit', onExit);
      await stopPid(pid);
      rmSync(join(runDir, 'kamailio.pid'), { force: true });
    },
  };
}

/** Alive and not a zombie (an orphaned Kamailio is reaped by whatever PID 1 is, perhaps late). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = safeRead(`/proc/${pid}/stat`);
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function stopPid(pid: number): Promise<void> {
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && isRunning(pid); i++) await new Promise((done) => setTimeout(done, 100));
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 20 && isRunning(pid); i++) await new Promise((done) => setTimeout(done, 50));
}

function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function readPid(runDir: string): number | null {
  const text = safeRead(join(runDir, 'kamailio.pid')).trim();
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
