/**
 * A real Kamailio (and optionally rtpengine) for one test file: the project's kamailio/pbx.sh on free ports with its
 * own run dir, pid files and logs. `stop()` ends it by pid (TERM, then KILL) and is also wired to process exit, so a failing or crashing test
 * leaves no Kamailio behind.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach } from 'vitest';
import { createLogger, type Logger } from '../../cti-bridge/src/logger';
import { KamailioPbx, type KamailioDialerOptions } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import { freePort } from './ports';
import { startTestRingside, type TestRingside } from './test-ringside';
import { until } from './until';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export interface KamailioPorts {
  sipPort: number;
  wsPort: number;
  evapiPort: number;
}

export interface RunningKamailio extends KamailioPorts {
  pid: number;
  /** rtpengine's pid when it was started beside Kamailio. */
  rtpenginePid: number | null;
  /** rtpengine's ng control socket when it was started beside Kamailio. */
  rtpengineNg: { host: string; port: number } | null;
  wsUri: string;
  logFile: string;
  /** How pbx.sh sized it ("sized for 1000 agents: shared memory 189 MB, …"). */
  sizing: string;
  /** Lines of Kamailio's log, for assertions and for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** The end of Kamailio's log, for the message of a test that failed. */
export function logTail(kam: RunningKamailio | undefined, lines = 40): string {
  return kam ? kam.log().split('\n').slice(-lines).join('\n') : '(Kamailio not started)';
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

export type KamailioBridge = TestRingside & { pbx: KamailioPbx; connected(): Promise<void> };

/**
 * A bridge with the Kamailio adapter for these ports. Kamailio may start after it (the adapter keeps
 * reconnecting); `connected()` waits for the evapi connection. A restarted bridge passes the data directory and
 * the HTTP port of the one before it, so consoles find it where they were.
 */
export async function startKamailioBridge(
  ports: KamailioPorts,
  options: {
    dataDir?: string;
    port?: number;
    dialer?: KamailioDialerOptions;
    /** rtpengine's ng socket for listening in (supervisors' listen / whisper / barge). */
    rtpengineNg?: { host: string; port: number };
    /** The adapter's log (silent when absent). */
    log?: Logger;
  } = {},
): Promise<KamailioBridge> {
  const pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: ports.evapiPort },
    log: options.log ?? createLogger('silent'),
    ...(options.dialer ? { dialer: options.dialer } : {}),
    ...(options.rtpengineNg ? { rtpengineNg: options.rtpengineNg } : {}),
  });
  const env = { ...kamailioEnv(ports), RINGSIDE_PORT: String(options.port ?? 0) };
  const t = await startTestRingside(env, { pbx, dataDir: options.dataDir });
  const connected = () => until(() => pbx.isConnected(), 5000, 'the bridge connected to evapi');
  return { ...t, pbx, connected };
}

/**
 * What most telephony test files start with: a bridge, and a Kamailio in front of it on fresh ports (its auth db
 * is the bridge's SQLite file, so the bridge comes first), connected over evapi. With `listenIn`, rtpengine runs
 * too and the bridge knows its ng socket (`kam.rtpengineNg`), to subscribe supervisors to calls' media.
 */
export async function startTelephony(
  options: Omit<StartOptions, 'ports' | 'dataDir' | 'rtpengineNgPort'> & { listenIn?: boolean },
): Promise<{ t: KamailioBridge; kam: RunningKamailio }> {
  const { listenIn, ...kamailio } = options;
  const ports = await kamailioPorts();
  const ng = listenIn ? { host: '127.0.0.1', port: await freePort() } : null;
  const t = await startKamailioBridge(ports, ng ? { rtpengineNg: ng } : {});
  let kam: RunningKamailio | undefined;
  try {
    kam = await startKamailio({
      ...kamailio,
      ports,
      dataDir: t.dataDir,
      ...(ng ? { rtpengine: true, rtpengineNgPort: ng.port } : {}),
    });
    await t.connected();
    return { t, kam };
  } catch (error) {
    await kam?.stop();
    await t.stop();
    throw error;
  }
}

/** After each failed test of the file, the end of Kamailio's log. */
export function logKamailioOnFailure(kam: () => RunningKamailio | undefined): void {
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.error(logTail(kam()));
  });
}

interface StartOptions {
  ports: KamailioPorts;
  dataDir: string;
  pstnGateway: string;
  /** Also run rtpengine (userspace) so plain-RTP callers reach WebRTC agents. */
  rtpengine?: boolean;
  /** Registered agents to size Kamailio for (RINGSIDE_PBX_AGENTS); pbx.sh's default (1,000) when absent. */
  agents?: number;
  /** Shared memory in MB instead of what `agents` needs (RINGSIDE_KAMAILIO_SHM_MB). */
  shmMb?: number;
  /** rtpengine's ng port, when the bridge must know it before Kamailio starts (its dialer). */
  rtpengineNgPort?: number;
  /** Headers Kamailio passes with an offer (RINGSIDE_ATTACHED_HEADERS) instead of pbx.sh's default list. */
  attachedHeaders?: string;
}

export async function startKamailio(options: StartOptions): Promise<RunningKamailio> {
  try {
    return await startOnce(options);
  } catch (error) {
    // once more on fresh rtpengine ports: a port picked as free can be taken by the time a daemon binds it
    console.warn(String(error).split('\n').slice(0, 12).join('\n'));
    return startOnce(options);
  }
}

async function startOnce(options: StartOptions): Promise<RunningKamailio> {
  const { ports, dataDir } = options;
  const runDir = join(dataDir, 'kamailio');
  const rtpBase = options.rtpengine ? await freePort() : 0;
  const ngPort = options.rtpengine ? (options.rtpengineNgPort ?? (await freePort())) : 0;
  const rtpengine = options.rtpengine
    ? {
        RINGSIDE_RTPENGINE: '1',
        RINGSIDE_RTPENGINE_NG: `127.0.0.1:${ngPort}`,
        RINGSIDE_RTP_PORTS: `${Math.min(rtpBase, 65_000)}-${Math.min(rtpBase, 65_000) + 100}`,
      }
    : {};
  const sizing = {
    ...(options.agents === undefined ? {} : { RINGSIDE_PBX_AGENTS: String(options.agents) }),
    ...(options.shmMb === undefined ? {} : { RINGSIDE_KAMAILIO_SHM_MB: String(options.shmMb) }),
    ...(options.attachedHeaders === undefined ? {} : { RINGSIDE_ATTACHED_HEADERS: options.attachedHeaders }),
  };
  const env = {
    ...process.env,
    ...kamailioEnv(ports),
    RINGSIDE_DATA_DIR: dataDir,
    RINGSIDE_SIP_PORT: String(ports.sipPort),
    RINGSIDE_PSTN_GATEWAY: options.pstnGateway,
    ...rtpengine,
    ...sizing,
  };
  const logFile = join(runDir, 'kamailio.log');
  let started: string;
  try {
    ({ stdout: started } = await run(join(ROOT, 'kamailio/pbx.sh'), ['start', runDir], {
      env,
      timeout: 20_000,
    }));
  } catch (error) {
    for (const file of ['kamailio.pid', 'rtpengine.pid']) {
      const pid = readPid(join(runDir, file));
      if (pid) killNow(pid);
    }
    throw new Error(`kamailio did not start: ${String(error)}\n${safeRead(logFile)}`);
  }
  const pidFile = join(runDir, 'kamailio.pid');
  const pid = readPid(pidFile);
  const rtpenginePid = readPid(join(runDir, 'rtpengine.pid'));
  if (!pid) throw new Error(`kamailio wrote no pid file\n${safeRead(logFile)}`);
  const onExit = () => {
    killNow(pid);
    killStragglers(pidFile);
    if (rtpenginePid) killNow(rtpenginePid);
  };
  process.once('exit', onExit);
  return {
    ...ports,
    pid,
    rtpenginePid,
    rtpengineNg: options.rtpengine ? { host: '127.0.0.1', port: ngPort } : null,
    wsUri: `ws://127.0.0.1:${ports.wsPort}`,
    logFile,
    sizing: /sized for .*/.exec(started)?.[0].trim() ?? '',
    log: () => safeRead(logFile),
    async stop() {
      process.off('exit', onExit);
      await stopPid(pid);
      killStragglers(pidFile);
      if (rtpenginePid) await stopPid(rtpenginePid);
      rmSync(pidFile, { force: true });
      rmSync(join(runDir, 'rtpengine.pid'), { force: true });
    },
  };
}

/**
 * Kamailio's children that outlived their main process (it was killed after hanging in shutdown): found by the
 * pid-file path on their command line, unique to this run.
 */
function killStragglers(pidFile: string): void {
  spawnSync('pkill', ['-KILL', '-f', pidFile]);
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

function readPid(pidFile: string): number | null {
  const text = safeRead(pidFile).trim();
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
