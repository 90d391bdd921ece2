/**
 * Child process of the supervisor fan-out bench: the 1,000 agent and 50 supervisor clients (real socket.io
 * clients, or raw `ws` ones for the baseline), apart from the bridge so their work is not the bridge's. At a
 * given rate, agents change state (ready ⇄ not ready); each supervisor's latency is from the agent's send to the
 * wallboard row with that agent's new state arriving, on this process's clock.
 * IPC: `connect` → `connected`; `phase {rate, seconds}` → `phase-done {summary}`; `stop` → exits.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, ServerToClientEvents } from '../../cti-bridge/protocol/events';
import type { AgentBoard } from '../../cti-bridge/protocol/wallboard.schema';
import { latency } from './bench-stats';
import type { FanoutTokens } from './fanout-bench-bridge';

type Status = 'ready' | 'not-ready';
type Io = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ClientsRequest =
  | { type: 'connect'; url: string; mode: 'ringside' | 'ws'; tokens: FanoutTokens }
  | { type: 'phase'; rate: number; seconds: number }
  | { type: 'stop' };
export interface PhaseSummary {
  events: number;
  expected: number;
  received: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export type ClientsReply =
  | { type: 'connected'; ms: number }
  | { type: 'phase-done'; summary: PhaseSummary }
  | { type: 'failed'; message: string };

const reply = (message: ClientsReply) => process.send?.(message);

interface Agent {
  id: number;
  status: Status;
  send: (status: Status) => void;
}

/** Pending events by agent and target state: when they were sent and which supervisors have seen them. */
const pending = new Map<string, { at: number; seen: Set<number> }>();
let samples: number[] = [];
let supervisorCount = 0;

function seen(supervisor: number, rows: readonly { agentId: number; state: { status: string } }[]) {
  const now = performance.now();
  for (const row of rows) {
    const key = `${row.agentId}:${row.state.status}`;
    const event = pending.get(key);
    if (!event || event.seen.has(supervisor)) continue;
    event.seen.add(supervisor);
    samples.push(now - event.at);
    if (event.seen.size === supervisorCount) pending.delete(key);
  }
}

const agents: Agent[] = [];
const closers: (() => void)[] = [];

async function connectIo(url: string, tokens: FanoutTokens): Promise<void> {
  const open = (token: string) =>
    new Promise<Io>((done, failed) => {
      const socket: Io = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
      closers.push(() => socket.disconnect());
      socket.once('connect', () => done(socket));
      socket.once('connect_error', failed);
    });
  // in batches: a thousand handshakes at once would measure the accept queue, not the steady state
  for (let i = 0; i < tokens.agents.length; i += 50) {
    const batch = tokens.agents.slice(i, i + 50);
    const sockets = await Promise.all(batch.map((a) => open(a.token)));
    sockets.forEach((socket, k) => {
      const agent: Agent = {
        id: batch[k]?.id ?? 0,
        status: 'not-ready',
        send: (status) =>
          socket.emit(
            'agent:set-state',
            status === 'ready' ? { status } : { status, reason: 'break' },
            () => undefined,
          ),
      };
      agents.push(agent);
    });
  }
  const supervisors = await Promise.all(tokens.supervisors.map(open));
  supervisorCount = supervisors.length;
  supervisors.forEach((socket, index) =>
    socket.on('wallboard:agents-changed', (rows: AgentBoard[]) => seen(index, rows)),
  );
}

async function connectWs(url: string, tokens: FanoutTokens): Promise<void> {
  const wsUrl = url.replace(/^http/, 'ws');
  const open = (role: string) =>
    new Promise<WebSocket>((done, failed) => {
      const socket = new WebSocket(`${wsUrl}/?role=${role}`);
      closers.push(() => socket.terminate());
      socket.once('open', () => done(socket));
      socket.once('error', failed);
    });
  for (let i = 0; i < tokens.agents.length; i += 50) {
    const batch = tokens.agents.slice(i, i + 50);
    const sockets = await Promise.all(batch.map(() => open('agent')));
    sockets.forEach((socket, k) => {
      const id = batch[k]?.id ?? 0;
      socket.on('message', () => undefined);
      agents.push({
        id,
        status: 'not-ready',
        send: (status) => socket.send(JSON.stringify({ agentId: id, status })),
      });
    });
  }
  const supervisors = await Promise.all(tokens.supervisors.map(() => open('supervisor')));
  supervisorCount = supervisors.length;
  supervisors.forEach((socket, index) =>
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { rows: AgentBoard[] };
      seen(index, message.rows);
    }),
  );
}

/** Sends `rate` events a second for `seconds`, round-robin over the agents, then waits for stragglers. */
async function phase(rate: number, seconds: number): Promise<PhaseSummary> {
  samples = [];
  pending.clear();
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  let next = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) {
      const agent = agents[next % agents.length] as Agent;
      next++;
      agent.status = agent.status === 'ready' ? 'not-ready' : 'ready';
      pending.set(`${agent.id}:${agent.status}`, { at: performance.now(), seen: new Set() });
      agent.send(agent.status);
    }
    await new Promise((wait) => setTimeout(wait, 5));
  }
  const drainUntil = performance.now() + 3000;
  while (pending.size > 0 && performance.now() < drainUntil)
    await new Promise((wait) => setTimeout(wait, 20));
  const l = latency(samples.length > 0 ? samples : [NaN]);
  return {
    events: total,
    expected: total * supervisorCount,
    received: samples.length,
    p50: l.p50,
    p95: l.p95,
    p99: l.p99,
    max: samples.reduce((a, b) => Math.max(a, b), 0),
  };
}

process.on('message', (request: ClientsRequest) => {
  const run = async () => {
    if (request.type === 'stop') {
      closers.forEach((close) => close());
      process.exit(0);
    }
    if (request.type === 'connect') {
      const started = performance.now();
      await (request.mode === 'ringside' ? connectIo : connectWs)(request.url, request.tokens);
      reply({ type: 'connected', ms: performance.now() - started });
    } else reply({ type: 'phase-done', summary: await phase(request.rate, request.seconds) });
  };
  run().catch((error: unknown) =>
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
