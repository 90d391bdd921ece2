/**
 * Child process of the supervisor fan-out bench, on the data directory in argv[2]:
 * - `ringside` (argv[3]): a real Ringside (sim PBX) with N agents and M supervisors added (argv[4], argv[5]), each
 *   with a session minted straight into the store (1,050 scrypt logins would take minutes and measure nothing
 *   here); the tokens are written to `tokens.json` in the data directory before `ready`.
 * - `ws`: the baseline, a raw `ws` server that broadcasts each agent's state change to every supervisor socket.
 * Speaks the bench bridge protocol (bench-bridge-ipc.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { businessTypes, sessions, userSkills, users } from '../../db/schema';
import { createLogger } from '../../cti-bridge/src/logger';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { startRingside } from '../../cti-bridge/src/ringside';
import { benchBridgeConfig, runChild, sendToParent, serveParent } from './bench-bridge-ipc';

export interface FanoutTokens {
  agents: { id: number; token: string }[];
  supervisors: string[];
}

async function startBridge(dataDir: string, agents: number, supervisors: number) {
  const config = benchBridgeConfig(dataDir, { RINGSIDE_DEMO: '0' });
  const sim = new SimPbx();
  const ringside = await startRingside({ config, pbx: sim, simulator: sim, log: createLogger('silent') });
  const { db } = ringside;
  const types = db.select({ id: businessTypes.id }).from(businessTypes).all();
  const expiresAt = Date.now() + 24 * 3_600_000;
  const tokens: FanoutTokens = { agents: [], supervisors: [] };
  const add = (username: string, role: 'agent' | 'supervisor') => {
    const id = db
      .insert(users)
      .values({
        username,
        displayName: username,
        role,
        passwordHash: 'bench:no-login',
        sipUsername: username,
      })
      .returning({ id: users.id })
      .get().id;
    const token = randomBytes(24).toString('base64url');
    db.insert(sessions)
      .values({ tokenHash: createHash('sha256').update(token).digest('hex'), userId: id, expiresAt })
      .run();
    return { id, token };
  };
  db.transaction(() => {
    for (let i = 0; i < agents; i++) {
      const agent = add(`bench-agent-${i}`, 'agent');
      const type = types[i % Math.max(1, types.length)];
      if (type) db.insert(userSkills).values({ userId: agent.id, businessTypeId: type.id, level: 5 }).run();
      tokens.agents.push(agent);
    }
    for (let i = 0; i < supervisors; i++)
      tokens.supervisors.push(add(`bench-supervisor-${i}`, 'supervisor').token);
  });
  writeFileSync(join(dataDir, 'tokens.json'), JSON.stringify(tokens));
  return ringside;
}

/** The baseline: the same events, parsed and broadcast as JSON to every supervisor with nothing in between. */
async function startRawWs() {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const supervisors = new Set<WebSocket>();
  const versions = new Map<number, number>();
  wss.on('connection', (socket, request) => {
    const role = new URL(request.url ?? '/', 'http://x').searchParams.get('role');
    if (role === 'supervisor') {
      supervisors.add(socket);
      socket.on('close', () => supervisors.delete(socket));
      return;
    }
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { agentId: number; status: string };
      const version = (versions.get(event.agentId) ?? 0) + 1;
      versions.set(event.agentId, version);
      const state = { agentId: event.agentId, status: event.status, version, since: Date.now() };
      socket.send(JSON.stringify({ event: 'agent:state-changed', state }));
      const rows = JSON.stringify({
        event: 'wallboard:agents-changed',
        rows: [
          { agentId: event.agentId, name: `bench-agent`, state, call: null, handledToday: 0, ahtMs: null },
        ],
      });
      for (const supervisor of supervisors) supervisor.send(rows);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

async function main(): Promise<void> {
  const [dataDir, mode, agents, supervisors] = process.argv.slice(2);
  if (!dataDir || (mode !== 'ringside' && mode !== 'ws') || !process.send)
    throw new Error('usage: forked by the bench with the data directory, ringside|ws, agents, supervisors');
  const server =
    mode === 'ringside'
      ? await startBridge(dataDir, Number(agents), Number(supervisors))
      : await startRawWs();
  serveParent(server);
  sendToParent({ type: 'ready', url: server.url });
}

runChild(main);
