import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { createStore } from './store';
import type { ClientToServerEvents, CommandName, Result, ServerToClientEvents } from './protocol';
import { isErrorCode, uiError, type UiResult } from './ui-error';

export type CtiSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `idle` before login; `disconnected` covers both a lost link and a refused (re)connect. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'disconnected';
export const connectionStore = createStore<ConnectionStatus>('idle');

export type CommandPayload<K extends CommandName> = Parameters<ClientToServerEvents[K]>[0];
export type CommandData<K extends CommandName> = Parameters<ClientToServerEvents[K]>[1] extends (
  result: Result<infer T>,
) => void
  ? T
  : never;

let socket: CtiSocket | null = null;

/** Opens the one socket of this console (closing any previous one). Auto-reconnect is on. */
export function openCtiSocket(token: string): CtiSocket {
  closeCtiSocket();
  const s: CtiSocket = io({ path: '/socket.io', auth: { token }, reconnectionDelayMax: 5000 });
  s.on('connect', () => connectionStore.set('connected'));
  s.on('disconnect', () => connectionStore.set('disconnected'));
  s.on('connect_error', () => connectionStore.set('disconnected'));
  socket = s;
  connectionStore.set('connecting');
  return s;
}

export function closeCtiSocket(): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  socket = null;
  connectionStore.set('idle');
}

const ackSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/** socket.io's typed emit cannot follow a generic event name; this is the untyped view used inside `sendCommand`. */
interface LooseTimedEmitter {
  emit(event: string, payload: unknown, ack: (err: Error | null, result: unknown) => void): void;
}

/**
 * Sends one command and resolves with its acknowledged `Result`. Never buffers: when the socket is down the
 * command fails at once with `NETWORK`, so a stale "answer" is not replayed on reconnect. Callers that must
 * survive a disconnect (wrap-up) keep their own outbox.
 */
export function sendCommand<K extends CommandName>(
  name: K,
  payload: CommandPayload<K>,
  timeoutMs = 8000,
): Promise<UiResult<CommandData<K>>> {
  const s = socket;
  if (!s?.connected) return Promise.resolve({ ok: false, error: uiError('NETWORK', 'not connected') });
  return new Promise((resolve) => {
    const emitter = s.timeout(timeoutMs) as unknown as LooseTimedEmitter;
    emitter.emit(name, payload, (err, result) => {
      if (err) return resolve({ ok: false, error: uiError('TIMEOUT', err.message) });
      const ack = ackSchema.safeParse(result);
      if (!ack.success) return resolve({ ok: false, error: uiError('BAD_RESPONSE', `bad ack for ${name}`) });
      if (ack.data.ok) {
        // The envelope is checked; the data is the server's typed ack for this command.
        return resolve({ ok: true, data: ack.data.data as CommandData<K> });
      }
      const { code, message } = ack.data.error;
      resolve({ ok: false, error: uiError(isErrorCode(code) ? code : 'INTERNAL', message) });
    });
  });
}
