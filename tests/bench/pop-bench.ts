/**
 * Screen-pop latency end to end: a simulated inbound call posted over HTTP until `call:offered` (with the
 * customer card) reaches a ready agent's socket.io client. Each iteration also times the bare transport —
 * an HTTP round trip and a socket.io ack round trip — interleaved with the pops, so machine noise hits both.
 */
import { io } from 'socket.io-client';
import { command, next, type AgentSocket } from '../support/test-ringside';
import { latency, latencyRow, mb, ms, timed, valueRow, type BenchRow } from './bench-stats';
import type { BridgeProcess } from './bridge-process';
import type { CallerSample } from './caller-samples';

export const POPS = 300;
export const POP_WARM_UP = 20;
const SUPPORT_LINE = '+18005550101';
const PASSWORD = 'ringside';

export async function popBench(bridge: BridgeProcess, callers: readonly CallerSample[]): Promise<BenchRow[]> {
  const http = httpClient(bridge.url);
  const sockets: AgentSocket[] = [];
  try {
    const started = await bridge.memory({ gc: false });
    const admin = await http.login('admin');
    const agent = await connect(bridge.url, await http.login('agent1'), sockets);
    const ready = await command(agent, 'agent:set-state', { status: 'ready' });
    if (!ready.ok) throw new Error(`agent1 could not go ready: ${ready.error.message}`);

    const pop: number[] = [];
    const health: number[] = [];
    const sync: number[] = [];
    let cards = 0;
    let offerBytes = 0;
    for (let i = 0; i < POP_WARM_UP + POPS; i++) {
      const caller = callers[i % callers.length];
      if (!caller) throw new Error('no callers to pop');
      const h = await timed(() => http.get('/api/health'));
      const s = await timed(() => command(agent, 'session:sync', {}));
      const p = await popOnce(http, admin, agent, caller.callerId);
      await finishCall(agent, p.offer.callId, p.offer.interactionId);
      if (i < POP_WARM_UP) continue;
      health.push(h.ms);
      sync.push(s.ms);
      pop.push(p.ms);
      if (p.offer.lookup.match === 'unique' && p.offer.card?.id === caller.customerId) cards++;
      offerBytes += JSON.stringify(p.offer).length;
    }
    const after = await bridge.memory({ gc: false });
    const collected = await bridge.memory({ gc: true });

    const transport = health.map((h, i) => h + (sync[i] ?? 0));
    const extra = latency(pop).p50 - latency(transport).p50;
    return [
      latencyRow(
        'screen pop: `POST /api/sim/calls` → `call:offered` with card',
        pop,
        `card for the right customer ${cards}/${pop.length}; offer ≈ ${(offerBytes / pop.length / 1024).toFixed(1)} KB; ` +
          `p50 ${ms(extra)} over bare transport; then answer → hang up → wrap-up`,
      ),
      latencyRow('  baseline: `GET /api/health` HTTP round trip', health, 'public route, no auth, no DB'),
      latencyRow('  baseline: socket.io ack round trip (`session:sync`)', sync, 'same agent socket'),
      latencyRow(
        '  baseline: bare transport (health + sync)',
        transport,
        'sum per iteration; what a pop cannot avoid',
      ),
      valueRow('bridge RSS after start', mb(started.rss), 'separate process, before any call'),
      valueRow(
        `bridge RSS after ${POP_WARM_UP + POPS} pops`,
        mb(after.rss),
        `heap used ${mb(after.heapUsed)} of ${mb(after.heapTotal)}, external ${mb(after.external)}`,
      ),
      valueRow('bridge heap used after pops, after GC', mb(collected.heapUsed), 'live heap (`--expose-gc`)'),
    ];
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

async function popOnce(http: HttpClient, admin: string, agent: AgentSocket, from: string) {
  const offered = next(agent, 'call:offered', undefined, 10_000);
  const t0 = performance.now();
  const [pop] = await Promise.all([
    offered.then((offer) => ({ offer, ms: performance.now() - t0 })),
    http.post('/api/sim/calls', admin, { from, to: SUPPORT_LINE }, 201),
  ]);
  return pop;
}

async function finishCall(agent: AgentSocket, callId: string, interactionId: number): Promise<void> {
  const steps = [
    () => command(agent, 'call:answer', { callId }),
    () => command(agent, 'call:hangup', { callId }),
    () =>
      command(agent, 'interaction:wrap-up', {
        interactionId,
        idempotencyKey: `bench-${interactionId}`,
        dispositionCode: 'resolved',
        notes: '',
      }),
  ];
  for (const step of steps) {
    const result = await step();
    if (!result.ok) throw new Error(`call ${callId}: ${result.error.code} ${result.error.message}`);
  }
}

type HttpClient = ReturnType<typeof httpClient>;

function httpClient(url: string) {
  const request = async (
    method: string,
    path: string,
    token: string | null,
    body: unknown,
    status: number,
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (response.status !== status) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new Error(
        `${method} ${path}: HTTP ${response.status} ${error?.code ?? ''} ${error?.message ?? ''}`,
      );
    }
    return json;
  };
  return {
    get: (path: string) => request('GET', path, null, undefined, 200),
    post: (path: string, token: string, body: unknown, status: number) =>
      request('POST', path, token, body, status),
    async login(username: string): Promise<string> {
      const body = (await request(
        'POST',
        '/api/auth/login',
        null,
        { username, password: PASSWORD },
        200,
      )) as {
        token: string;
      };
      return body.token;
    },
  };
}

async function connect(url: string, token: string, sockets: AgentSocket[]): Promise<AgentSocket> {
  const socket: AgentSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((done, failed) => {
    socket.once('connect', () => done());
    socket.once('connect_error', (error) => failed(error));
  });
  return socket;
}
