import { connect, type Socket } from 'node:net';
import type { Logger } from '../../logger';
import { parseKamailioEvent, type BridgeAction, type KamailioEvent } from './evapi-messages.schema';
import { encodeNetstring, NetstringDecoder } from './netstring';

export interface EvapiClientOptions {
  host: string;
  port: number;
  log: Logger;
  onEvent: (event: KamailioEvent) => void;
  onConnectionChange?: (connected: boolean) => void;
  /** First and longest wait between connection attempts. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * A TCP client of Kamailio's evapi that keeps itself connected: it reconnects with exponential backoff, frames
 * both directions as netstrings and hands on only events that pass the schema. A malformed message is logged and
 * dropped; nothing a peer sends can throw out of here.
 */
export class EvapiClient {
  private socket: Socket | null = null;
  private connected = false;
  /** Kamailio has said something on this connection (it greets an accepted bridge with what it holds). */
  private heard = false;
  private stopped = true;
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly decoder = new NetstringDecoder();
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: EvapiClientOptions) {
    this.minBackoffMs = options.minBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.backoffMs = this.minBackoffMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Sends one decision; returns false (and logs) when Kamailio is not connected. */
  send(action: BridgeAction): boolean {
    if (!this.socket || !this.connected) {
      this.options.log.warn('evapi: not connected, decision dropped', { action: action.action });
      return false;
    }
    this.socket.write(encodeNetstring(JSON.stringify(action)));
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((done) => {
      socket.once('close', () => done());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  private open(): void {
    const { host, port, log } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.decoder.reset();
      this.connected = true;
      this.heard = false;
      log.info('evapi: connected to Kamailio', { evapi: `${host}:${port}` });
      this.options.onConnectionChange?.(true);
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      log.debug('evapi: socket error', { code: error.code ?? error.message });
    });
    socket.on('close', () => {
      const wasConnected = this.connected;
      this.connected = false;
      if (this.socket === socket) this.socket = null;
      if (wasConnected && !this.heard)
        // kamailio.cfg lets one bridge in: the backoff keeps growing while another one is connected
        log.warn('evapi: Kamailio closed the connection at once (is another bridge connected?)', {
          evapi: `${host}:${port}`,
        });
      else if (wasConnected) log.warn('evapi: connection to Kamailio lost', { evapi: `${host}:${port}` });
      if (wasConnected) this.options.onConnectionChange?.(false);
      if (!this.stopped) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
    if (wait >= this.maxBackoffMs)
      this.options.log.warn('evapi: Kamailio unreachable, retrying', { retryInMs: wait });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open();
    }, wait);
  }

  private receive(chunk: Buffer): void {
    if (!this.heard) {
      this.heard = true;
      this.backoffMs = this.minBackoffMs;
    }
    for (const item of this.decoder.push(chunk)) {
      if (!item.ok) {
        this.options.log.warn('evapi: bad frame dropped', { error: item.error });
        continue;
      }
      const parsed = parseKamailioEvent(item.payload);
      if (!parsed.ok) {
        this.options.log.warn('evapi: malformed event dropped', { error: parsed.error });
        continue;
      }
      try {
        this.options.onEvent(parsed.event);
      } catch (error) {
        this.options.log.error('evapi: event handler failed', {
          event: parsed.event.event,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
