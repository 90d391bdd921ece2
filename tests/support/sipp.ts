/**
 * SIPp as the tests run it: on UDP ports it can really bind, killed by pid when it overstays or the test process
 * exits, with its error file at hand for the failure message.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { bindUdp, portBelowEphemeralRange } from './ports';

export interface SippRun {
  /** Resolves with SIPp's exit code (null when it was killed). */
  exited: Promise<number | null>;
  kill(): void;
  /** The last lines of SIPp's error file (`-trace_err`), for a failure message. */
  errors(): string;
}

interface SippOptions {
  /** SIPp's working directory (where a scenario finds its pcap files). */
  cwd: string;
  errorFile: string;
  /** Killed after this long, whatever its scenario's own timeouts say. */
  patienceMs: number;
}

export function startSipp(args: string[], options: SippOptions): SippRun {
  const child = spawn('sipp', [...args, '-trace_err', '-error_file', options.errorFile], {
    cwd: options.cwd,
    stdio: 'ignore',
  });
  const kill = () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', kill);
  const guard = setTimeout(kill, options.patienceMs);
  const exited = new Promise<number | null>((done, failed) => {
    child.once('error', failed);
    child.once('exit', (code) => done(code));
  }).finally(() => {
    clearTimeout(guard);
    process.off('exit', kill);
  });
  const errors = () => {
    try {
      return readFileSync(options.errorFile, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '';
    }
  };
  return { exited, kill, errors };
}

/**
 * A signalling port (`-p`) and a media base (`-mp`) SIPp can bind: it binds -mp and -mp + 2 (audio, video) at
 * start and exits if any is taken. A free TCP port says nothing about UDP, and the kernel's ephemeral range is
 * where rtpengine's port ranges and WebRTC's sockets live, so the ports come from below it and are probed.
 */
export async function sippPorts(): Promise<{ signalling: number; media: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const signalling = portBelowEphemeralRange();
    const media = portBelowEphemeralRange() & ~1;
    const probes = await Promise.all(
      [signalling, media, media + 2].map((port) => bindUdp(port).catch(() => null)),
    );
    for (const probe of probes) probe?.close();
    if (probes.every((probe) => probe !== null) && new Set([signalling, media, media + 2]).size === 3) {
      return { signalling, media };
    }
  }
  throw new Error('no free UDP ports for SIPp');
}
