import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { bdecode, bencode, type Bencoded } from './bencode';

/** One ng command: `command` plus its parameters (`call-id`, `from-tag`, `sdp`, flags…), as rtpengine documents. */
export type NgCommand = { command: string } & { [key: string]: Bencoded | undefined };

/** rtpengine's reply; `result` is `ok` (or `pong`) — errors come back as a rejected promise. */
export type NgReply = { result: string; sdp?: string; duration?: number } & { [key: string]: Bencoded };

export interface RtpengineNgOptions {
  host: string;
  port: number;
  /** Per try; a command is sent up to `tries` times with the same cookie (rtpengine answers a repeat from cache). */
  timeoutMs?: number;
  tries?: number;
}

export class NgError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`rtpengine ${command}: ${reason}`);
  }
}

/**
 * A client of rtpengine's ng control protocol (bencode over UDP), shared by everything in the bridge that drives
 * media: server-placed calls (offer/answer, play media, delete), listening in (subscribe), recording. Replies are
 * matched by cookie; a lost datagram is retried with the same cookie, which rtpengine treats as the same command.
 */
export class RtpengineNg {
  private readonly socket: Socket;
  private readonly pending = new Map<
    string,
    { settle: (reply: Buffer) => void; fail: (error: NgError) => void; timer: NodeJS.Timeout }
  >();
  private closed = false;

  constructor(private readonly options: RtpengineNgOptions) {
    this.socket = createSocket('udp4');
    this.socket.on('message', (message) => {
      const space = message.indexOf(0x20);
      if (space < 0) return;
      const entry = this.pending.get(message.subarray(0, space).toString());
      entry?.settle(message.subarray(space + 1));
    });
    // a send to a closed port surfaces as an error event on some kernels: the retry timer handles it
    this.socket.on('error', () => undefined);
  }

  /** Sends a command; resolves with rtpengine's reply, rejects with an `NgError` (its error-reason, or a timeout). */
  command(command: NgCommand): Promise<NgReply> {
    if (this.closed) return Promise.reject(new NgError(command.command, 'client closed'));
    const cookie = randomBytes(8).toString('hex');
    const packet = Buffer.concat([Buffer.from(`${cookie} `), bencode(command)]);
    const timeoutMs = this.options.timeoutMs ?? 1000;
    return new Promise<NgReply>((resolve, reject) => {
      let left = this.options.tries ?? 3;
      const send = () => {
        left--;
        this.socket.send(packet, this.options.port, this.options.host);
        entry.timer = setTimeout(() => {
          if (left > 0 && !this.closed) return send();
          this.pending.delete(cookie);
          reject(new NgError(command.command, 'no reply'));
        }, timeoutMs);
      };
      const entry = {
        timer: undefined as unknown as NodeJS.Timeout,
        fail: reject,
        settle: (body: Buffer) => {
          clearTimeout(entry.timer);
          this.pending.delete(cookie);
          let reply: NgReply;
          try {
            reply = bdecode(body)[0] as NgReply;
          } catch (error) {
            reject(new NgError(command.command, error instanceof Error ? error.message : 'bad reply'));
            return;
          }
          if (reply.result === 'error') reject(new NgError(command.command, String(reply['error-reason'])));
          else resolve(reply);
        },
      };
      this.pending.set(cookie, entry);
      send();
    });
  }

  /** Round trip of a `ping`, ms (health checks, benchmarks). */
  async ping(): Promise<number> {
    const start = performance.now();
    await this.command({ command: 'ping' });
    return performance.now() - start;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.fail(new NgError('*', 'client closed'));
    }
    this.pending.clear();
    this.socket.close();
  }
}
