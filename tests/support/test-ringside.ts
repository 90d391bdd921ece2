/** Starts a real Ringside (SQLite file with the real migrations, sim PBX, HTTP + socket.io on port 0). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../cti-bridge/protocol/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '../../cti-bridge/protocol/events';
import { loadConfig } from '../../cti-bridge/src/config';
import { createLogger } from '../../cti-bridge/src/logger';
import type { PbxAdapter } from '../../cti-bridge/src/pbx/pbx-adapter';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { startRingside, type RunningRingside } from '../../cti-bridge/src/ringside';

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestRingside {
  ringside: RunningRingside;
  sim: SimPbx;
  url: string;
  dataDir: string;
  login(username: string, password?: string): Promise<string>;
  api<T = unknown>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  connect(token: string): Promise<AgentSocket>;
  stop(): Promise<void>;
}

export interface TestRingsideOptions {
  /** Another PBX adapter than the simulator (the Kamailio tests pass a KamailioPbx); `sim` then stays idle. */
  pbx?: PbxAdapter;
  /** Run on this data directory (a restarted bridge) and leave it in place at `stop()`. */
  dataDir?: string;
  /** The bridge's clock (default Date.now). */
  now?: () => number;
  /** How often the bridge re-checks connected sessions against the store. */
  sessionSweepMs?: number;
  /** Queue callbacks' accept window and retry delay. */
  queueCallbacks?: { acceptTimeoutMs?: number; retryDelayMs?: number };
}

export async function startTestRingside(
  env: Record<string, string> = {},
  options: TestRingsideOptions = {},
): Promise<TestRingside> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ringside-test-'));
  const config = loadConfig(
    {
      RINGSIDE_DATA_DIR: dataDir,
      RINGSIDE_PORT: '0',
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_DEMO_CUSTOMERS: '300',
      RINGSIDE_LOG_LEVEL: 'silent',
      ...env,
    },
    resolve(import.meta.dirname, '../..'),
  );
  const sim = new SimPbx(options.now ? { now: options.now } : {});
  const pbx = options.pbx ?? sim;
  const ringside = await startRingside({
    config,
    pbx,
    simulator: pbx === sim ? sim : null,
    log: createLogger('silent'),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sessionSweepMs ? { sessionSweepMs: options.sessionSweepMs } : {}),
    ...(options.queueCallbacks ? { queueCallbacks: options.queueCallbacks } : {}),
  });
  const sockets: AgentSocket[] = [];
  const api = async <T>(method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${ringside.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    ringside,
    sim,
    url: ringside.url,
    dataDir,
    api,
    async login(username, password = 'ringside') {
      const { status, body } = await api<{ token: string }>('POST', '/api/auth/login', undefined, {
        username,
        password,
      });
      if (status !== 200) throw new Error(`login ${username} failed: ${status}`);
      return body.token;
    },
    async connect(token) {
      const socket: AgentSocket = io(ringside.url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((done, failed) => {
        socket.once('connect', () => done());
        socket.once('connect_error', (error) => failed(error));
      });
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await ringside.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a command and resolves with its ack. */
export function command<E extends keyof ClientToServerEvents>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((done) => {
    (socket.emit as (event: string, payload: unknown, ack: (result: Result<unknown>) => void) => void)(
      event,
      payload,
      (result) => done(result as never),
    );
  });
}

/** Resolves with the next event of this name that satisfies the predicate. */
export function next<E extends keyof ServerToClientEvents>(
  socket: AgentSocket,
  event: E,
  predicate: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((done, failed) => {
    const timer = setTimeout(() => failed(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      (socket.off as (event: string, listener: unknown) => void)(event, listener);
      done(args[0]);
    };
    (socket.on as (event: string, listener: unknown) => void)(event, listener);
  });
}

/** The body of a refused API call. */
export type ApiError = { error: { code: string; message: string } };

/** Tokens of one admin, one supervisor and one agent (agent1), signed in at once. */
export async function signInRoles(t: TestRingside) {
  const [admin, supervisor, agent] = await Promise.all([
    t.login('admin'),
    t.login('supervisor'),
    t.login('agent1'),
  ]);
  return { admin, supervisor, agent };
}
