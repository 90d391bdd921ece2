/**
 * kill -9 of a real bridge process (sim PBX) with a call queued, one ringing and one answered; a new bridge on
 * the same SQLite file leaves no interaction open: each is closed as interrupted at the dead run's last
 * heartbeat, the answered one stays its agent's to wrap up, and the agents come back as after any restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { forkBridge, isAlive, type BridgeProcess } from '../bench/bridge-process';
import { command, next, type AgentSocket } from '../support/test-ringside';
import { until } from '../support/until';

const SUPPORT = '+18005550101';
const COMPLAINTS = '+18005550102';
const BILLING = '+18005550103';
const child = join(import.meta.dirname, '../support/sim-bridge-child.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'ringside-kill-'));
const file = join(dataDir, 'ringside.sqlite');
const bridges: BridgeProcess[] = [];
const sockets: AgentSocket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const bridge of bridges) {
    if (isAlive(bridge.pid)) await bridge.stop();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<BridgeProcess> {
  const bridge = await forkBridge(child, [dataDir], 120_000, ['--import', 'tsx']);
  bridges.push(bridge);
  return bridge;
}

async function api<T>(bridge: BridgeProcess, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${bridge.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function login(bridge: BridgeProcess, username: string): Promise<string> {
  const { status, body } = await api<{ token: string }>(bridge, 'POST', '/api/auth/login', undefined, {
    username,
    password: 'ringside',
  });
  expect(status).toBe(200);
  return body.token;
}

async function connect(bridge: BridgeProcess, username: string): Promise<AgentSocket> {
  const socket: AgentSocket = io(bridge.url, {
    auth: { token: await login(bridge, username) },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  await new Promise<void>((done, failed) => {
    socket.once('connect', () => done());
    socket.once('connect_error', failed);
  });
  return socket;
}

interface Row {
  id: number;
  outcome: string;
  agent_id: number | null;
  queued_at: number;
  answered_at: number | null;
  ended_at: number | null;
  wait_ms: number | null;
  talk_ms: number | null;
  interrupted: number;
}

/** Reads the bridge's file from this process, as an operator's script would (WAL: beside a running bridge). */
function read<T>(work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}
const rows = (ids: number[]) =>
  read((db) =>
    db.prepare(`SELECT * FROM interactions WHERE id IN (${ids.join(',')}) ORDER BY id`).all(),
  ) as Row[];
const lastRun = () =>
  read((db) => db.prepare('SELECT * FROM bridge_runs ORDER BY id DESC LIMIT 1').get()) as {
    id: number;
    alive_at: number;
    stopped_at: number | null;
  };

describe('a bridge killed with calls up', () => {
  it('leaves no interaction open after the next start', async () => {
    const first = await start();
    const supervisor = await login(first, 'supervisor');
    const place = async (from: string, to: string) => {
      const placed = await api<{ callId: string; interactionId: number }>(
        first,
        'POST',
        '/api/sim/calls',
        supervisor,
        { from, to },
      );
      expect(placed.status).toBe(201);
      return placed.body;
    };

    // answered: agent1 (sales + support) takes a support call
    const agent1 = await connect(first, 'agent1');
    expect((await command(agent1, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    const offered1 = next(agent1, 'call:offered');
    const answered = await place('+12025550191', SUPPORT);
    await offered1;
    expect((await command(agent1, 'call:answer', { callId: answered.callId })).ok).toBe(true);
    // ringing: agent2 (support + complaints) is offered a complaint and does not answer
    const agent2 = await connect(first, 'agent2');
    expect((await command(agent2, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
    const offered2 = next(agent2, 'call:offered');
    const ringing = await place('+12025550192', COMPLAINTS);
    await offered2;
    // queued: nobody for billing is logged in
    const queued = await place('+12025550193', BILLING);
    const ids = [answered.interactionId, ringing.interactionId, queued.interactionId];
    expect(rows(ids).map((row) => row.outcome)).toEqual(['answered', 'ringing', 'queued']);

    // a heartbeat after the last of them, then the crash
    const lastRecorded = Math.max(...rows(ids).map((row) => Math.max(row.queued_at, row.answered_at ?? 0)));
    await until(() => lastRun().alive_at > lastRecorded, 5000, 'a heartbeat after the calls');
    const killedAt = Date.now();
    process.kill(first.pid, 'SIGKILL');
    await until(() => !isAlive(first.pid), 5000, 'the killed bridge to be gone');

    // what the kill left behind: three interactions open, a run never stopped
    const left = rows(ids);
    const deadRun = lastRun();
    expect(left.every((row) => row.ended_at === null)).toBe(true);
    expect(deadRun.stopped_at).toBeNull();
    const openBefore = read(
      (db) =>
        db.prepare('SELECT count(*) AS n FROM interactions WHERE ended_at IS NULL').get() as { n: number },
    ).n;

    const second = await start();
    const closed = rows(ids);
    const openAfter = read(
      (db) =>
        db.prepare('SELECT count(*) AS n FROM interactions WHERE ended_at IS NULL').get() as { n: number },
    ).n;
    expect(openAfter).toBe(0);
    const [talked, rang, waited] = closed;
    for (const row of closed) {
      expect(row).toMatchObject({ outcome: 'interrupted', interrupted: 1, ended_at: deadRun.alive_at });
    }
    expect(talked).toMatchObject({ agent_id: expect.any(Number) as number });
    expect(talked?.talk_ms).toBe(deadRun.alive_at - (talked?.answered_at ?? 0));
    expect(rang).toMatchObject({
      agent_id: null,
      talk_ms: null,
      wait_ms: deadRun.alive_at - (rang?.queued_at ?? 0),
    });
    expect(waited).toMatchObject({ agent_id: null, talk_ms: null });
    const audit = read(
      (db) =>
        db.prepare(`SELECT details FROM audit_log WHERE action = 'calls.interrupted'`).get() as {
          details: string;
        },
    );
    expect(JSON.parse(audit.details)).toMatchObject({
      queued: 1,
      ringing: 1,
      answered: 1,
      died: true,
      previousRun: deadRun.id,
      lastAliveAt: deadRun.alive_at,
    });

    // the agents come back as after any restart: logged in, not ready; the answered call is agent1's to wrap up
    const back = await connect(second, 'agent1');
    const state = await command(back, 'session:sync', {});
    expect(state.ok && state.data.state).toMatchObject({ status: 'not-ready', reason: 'login' });
    const wrapped = await command(back, 'interaction:wrap-up', {
      interactionId: answered.interactionId,
      idempotencyKey: `kill-test-${answered.interactionId}`,
      dispositionCode: 'resolved',
      notes: 'call cut when the bridge died',
    });
    expect(wrapped.ok).toBe(true);
    expect(rows([answered.interactionId])[0]).toMatchObject({ outcome: 'completed', interrupted: 1 });

    console.info(
      `kill -9 left behind: ${openBefore} open interactions (answered, ringing, queued) and a run never stopped; ` +
        `the next start closed ${closed.length} as interrupted, ${openAfter} open after it; ` +
        `end time = last heartbeat, ${killedAt - deadRun.alive_at} ms before the kill`,
    );
  }, 120_000);
});
