/**
 * The Kamailio bench's SIP side, all in this process so every timestamp is on one clock (performance.now()):
 * agents that log in over HTTP, register a headless sip.js phone with the credentials the bridge issued and go
 * ready on socket.io; and one caller UA whose INVITEs are timestamped as they are handed to its WebSocket.
 */
import { performance } from 'node:perf_hooks';
import { Inviter, SessionState, UserAgent, type Session } from 'sip.js';
import { io } from 'socket.io-client';
import type { SipCredentials } from '../../cti-bridge/protocol/http.schema';
import { createTestPhone, type TestPhone } from '../support/kamailio-phone';
import { command, type AgentSocket } from '../support/test-ringside';

const PASSWORD = 'ringside';
const WAIT_MS = 10_000;

/** Values that arrive by event, waited for by key; a value that came first is kept until it is taken. */
export class Signals<T> {
  private readonly values = new Map<string, T>();
  private readonly waiters = new Map<string, (value: T) => void>();

  put(key: string, value: T): void {
    const waiter = this.waiters.get(key);
    if (waiter) {
      this.waiters.delete(key);
      waiter(value);
    } else this.values.set(key, value);
  }

  take(key: string, what: string, timeoutMs = WAIT_MS): Promise<T> {
    const value = this.values.get(key);
    if (value !== undefined) {
      this.values.delete(key);
      return Promise.resolve(value);
    }
    return new Promise((done, failed) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        failed(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.set(key, (v) => {
        clearTimeout(timer);
        done(v);
      });
    });
  }
}

export interface FloorEvent {
  at: number;
  agent: BenchAgent;
  cardId: number | null;
}

export interface BenchAgent {
  username: string;
  socket: AgentSocket;
  phone: TestPhone;
}

/** Logs agents in `concurrency` at a time; every agent started is pushed to `into`, so cleanup finds it on failure. */
export async function bringUpAgents(options: {
  url: string;
  usernames: readonly string[];
  concurrency: number;
  events: Signals<FloorEvent>;
  into: BenchAgent[];
}): Promise<void> {
  const queue = [...options.usernames];
  const worker = async () => {
    for (let username = queue.shift(); username; username = queue.shift())
      await bringUpAgent(options.url, username, options.events, options.into);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

async function bringUpAgent(
  url: string,
  username: string,
  events: Signals<FloorEvent>,
  into: BenchAgent[],
): Promise<void> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: HTTP ${response.status}`);
  const login = (await response.json()) as { token: string; sip: SipCredentials | null };
  if (!login.sip) throw new Error(`login ${username}: no SIP credentials (is the bridge in kamailio mode?)`);
  const socket: AgentSocket = io(url, {
    auth: { token: login.token },
    transports: ['websocket'],
    reconnection: false,
  });
  const phone = createTestPhone({
    wsUri: login.sip.wsUri,
    aor: login.sip.aor,
    authorizationUsername: login.sip.authorizationUsername,
    password: login.sip.password,
  });
  const agent: BenchAgent = { username, socket, phone };
  into.push(agent);
  const arrivals = stampArrivals(socket, phone);
  socket.on('call:offered', (offer) => {
    const at = arrivals.get(`offer:${offer.callId}`) ?? performance.now();
    events.put(`offer:${offer.callId}`, { at, agent, cardId: offer.card?.id ?? null });
  });
  socket.on('call:ended', (fact) =>
    events.put(`ended:${fact.callId}`, { at: performance.now(), agent, cardId: null }),
  );
  const onInvite = phone.ua.delegate?.onInvite;
  phone.ua.delegate = {
    ...phone.ua.delegate,
    onInvite(invitation) {
      // createTestPhone timestamps and auto-answers; this only tells the bench which phone rang.
      onInvite?.(invitation);
      const callId = invitation.request.callId;
      const at = arrivals.get(`invite:${callId}`) ?? performance.now();
      events.put(`invite:${callId}`, { at, agent, cardId: null });
    },
  };
  await new Promise<void>((done, failed) => {
    socket.once('connect', () => done());
    socket.once('connect_error', (error) => failed(error));
  });
  await phone.register();
  const ready = await command(socket, 'agent:set-state', { status: 'ready' });
  if (!ready.ok) throw new Error(`${username} could not go ready: ${ready.error.message}`);
}

/**
 * When each pop frame and each INVITE reached this process: stamped by the first JavaScript that touches the frame
 * (engine.io's packet, sip.js's transport message), before socket.io or sip.js handle it, so handling one (sip.js
 * answering an INVITE takes milliseconds) never delays the other's stamp. Frames already waiting together are
 * still read in socket order.
 */
function stampArrivals(socket: AgentSocket, phone: TestPhone): Map<string, number> {
  const arrivals = new Map<string, number>();
  socket.io.on('open', () =>
    socket.io.engine.on('packet', (packet) => {
      const data = typeof packet.data === 'string' ? packet.data : '';
      if (!data.startsWith('2["call:offered"')) return;
      const callId = /"callId":"([^"]+)"/.exec(data)?.[1];
      if (callId) arrivals.set(`offer:${callId}`, performance.now());
    }),
  );
  const transport = phone.ua.transport as unknown as { onMessage?: (message: string) => void };
  const deliver = transport.onMessage;
  transport.onMessage = (message) => {
    if (message.startsWith('INVITE ')) {
      const callId = /\r\n(?:Call-ID|i)[ \t]*:[ \t]*(\S+)/i.exec(message)?.[1];
      if (callId) arrivals.set(`invite:${callId}`, performance.now());
    }
    deliver?.(message);
  };
  return arrivals;
}

export interface PlacedCall {
  callId: string;
  /** When the INVITE was handed to the caller's WebSocket. */
  sentAt: number;
  inviter: Inviter;
  established: Promise<void>;
  terminated: Promise<void>;
}

/** One caller UA (not in the agents' domain, so Kamailio treats it as a customer or a trunk). */
export function createCaller(wsUri: string) {
  const phone = createTestPhone({ wsUri, aor: 'sip:bench-caller@customers.example', displayName: 'Caller' });
  const sent = new Signals<number>();
  const transport = phone.ua.transport;
  const originalSend = transport.send.bind(transport);
  transport.send = (message: string) => {
    if (message.startsWith('INVITE ')) {
      const callId = /^Call-ID:\s*(\S+)/im.exec(message)?.[1];
      if (callId) sent.put(callId, performance.now());
    }
    return originalSend(message);
  };
  return {
    start: () => phone.ua.start(),
    stop: () => phone.stop(),
    async place(target: string, fromUser: string, extraHeaders: string[] = []): Promise<PlacedCall> {
      const uri = UserAgent.makeURI(target);
      const fromUri = UserAgent.makeURI(`sip:${fromUser}@customers.example`);
      if (!uri || !fromUri) throw new Error(`not a SIP URI: ${target} / ${fromUser}`);
      const inviter = new Inviter(phone.ua, uri, { params: { fromUri }, extraHeaders });
      const established = reached(inviter, SessionState.Established);
      const terminated = reached(inviter, SessionState.Terminated);
      // Handled here so a call abandoned by an earlier failure does not crash the run; awaiting still rejects.
      for (const step of [established, terminated]) step.catch(() => undefined);
      void inviter.invite().catch(() => undefined);
      const callId = inviter.request.callId;
      return {
        callId,
        sentAt: await sent.take(callId, 'the caller INVITE'),
        inviter,
        established,
        terminated,
      };
    },
  };
}

export type Caller = ReturnType<typeof createCaller>;

/** Resolves when the session reaches `state` (at once if it is there); rejects after the timeout. */
export function reached(session: Session, state: SessionState, timeoutMs = WAIT_MS): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((done, failed) => {
    const timer = setTimeout(
      () => failed(new Error(`session stayed ${session.state}, not ${state}, for ${timeoutMs} ms`)),
      timeoutMs,
    );
    const listener = (now: SessionState) => {
      if (now !== state) return;
      clearTimeout(timer);
      session.stateChange.removeListener(listener);
      done();
    };
    session.stateChange.addListener(listener);
  });
}
