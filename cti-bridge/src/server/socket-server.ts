import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { fail, type Result } from '../../protocol/errors';
import {
  commandSchemas,
  type ClientToServerEvents,
  type CommandName,
  type ServerToClientEvents,
  type SessionEndReason,
} from '../../protocol/events';
import type { Role } from '../../protocol/http.schema';
import type { Logger } from '../logger';
import type { AgentChannel } from '../services/agent-channel';
import type { AuthenticatedUser, AuthService } from './auth.service';
import { originAllowed } from './origin-check';

export interface SocketData {
  user: AuthenticatedUser;
  /** Set once the socket's session ended (it is being cut off): no further command runs. */
  ended?: SessionEndReason;
}
export type RingsideServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type RingsideSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/**
 * A command handler receives a payload already validated by the event's zod schema; one that waits on the PBX
 * (a media offer) answers with a promise.
 */
export type CommandHandler<N extends CommandName> = (
  user: AuthenticatedUser,
  payload: Parameters<ClientToServerEvents[N]>[0],
) => Result<unknown> | Promise<Result<unknown>>;

export interface CommandRegistration<N extends CommandName = CommandName> {
  roles: readonly Role[];
  handle: CommandHandler<N>;
}
export type CommandTable = { [N in CommandName]: CommandRegistration<N> };

export const agentRoom = (agentId: number) => `agent:${agentId}`;
/** Every console of a user, whatever their role (import progress goes to admins too). */
export const userRoom = (userId: number) => `user:${userId}`;

export function createSocketServer(
  http: HttpServer,
  deps: { auth: AuthService; log: Logger; allowedOrigins?: readonly string[] },
): RingsideServer {
  const io: RingsideServer = new Server(http, {
    serveClient: false,
    cors: { origin: false },
    allowRequest: (request, callback) => callback(null, originAllowed(request, deps.allowedOrigins ?? [])),
  });
  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth['token'];
    const user = deps.auth.authenticate(typeof token === 'string' ? token : undefined);
    if (!user) return next(new Error('UNAUTHENTICATED'));
    socket.data.user = user;
    return next();
  });
  return io;
}

/** The longest a ring waits for its pop to be written to a console (one that stopped reading, say). */
const WRITE_WAIT_MAX_MS = 100;

/** Emits to every console of an agent (several tabs or the desktop shell plus a browser). */
export function socketChannel(io: RingsideServer): AgentChannel {
  return {
    emit(agentId, event, ...args) {
      io.to(agentRoom(agentId)).emit(event, ...args);
    },
    emitWritten(agentId, event, ...args) {
      // engine.io emits `drain` right after it hands its write buffer to the transport: at once when the
      // connection is idle, later when this frame had to queue behind one still being written. Listening
      // before the emit catches both. Consoles on other bridges (a future Redis adapter) are not awaited.
      const connections = [...(io.sockets.adapter.rooms.get(agentRoom(agentId)) ?? [])].flatMap(
        (id) => io.sockets.sockets.get(id)?.conn ?? [],
      );
      const drained = connections.map(
        (conn) => new Promise<void>((done) => conn.once('drain', () => done())),
      );
      io.to(agentRoom(agentId)).emit(event, ...args);
      if (drained.length === 0) return Promise.resolve();
      let cap: NodeJS.Timeout | undefined;
      const capped = new Promise<void>((done) => (cap = setTimeout(done, WRITE_WAIT_MAX_MS)));
      return Promise.race([Promise.all(drained).then(() => undefined), capped]).finally(() =>
        clearTimeout(cap),
      );
    },
  };
}

/**
 * Wires every command on one socket through the same guard: unknown events, missing acks, invalid payloads,
 * wrong roles and handler exceptions all become error acks (or a log line) — never a crash. A command runs only
 * while `sessionAllows` says the socket's session still holds (revoked, expired, disabled: UNAUTHENTICATED).
 */
export function bindCommands(
  socket: RingsideSocket,
  table: CommandTable,
  log: Logger,
  sessionAllows: (socket: RingsideSocket) => boolean,
): void {
  const names = Object.keys(commandSchemas) as CommandName[];
  for (const name of names) {
    socket.on(name, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (result: Result<unknown>) => void) : null;
      if (!reply) {
        log.warn('command without an acknowledgement callback ignored', { event: name });
        return;
      }
      if (!sessionAllows(socket)) {
        reply(fail('UNAUTHENTICATED', 'your session has ended; sign in again'));
        return;
      }
      const result = runCommand(name, socket.data.user, payload, table, log);
      if (!(result instanceof Promise)) reply(result);
      else void result.then(reply, (error: unknown) => reply(failed(log, name, error)));
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    if (names.includes(event as CommandName)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') ack(fail('VALIDATION_FAILED', `unknown event "${event}"`));
  });
}

function runCommand(
  name: CommandName,
  user: AuthenticatedUser,
  payload: unknown,
  table: CommandTable,
  log: Logger,
): Result<unknown> | Promise<Result<unknown>> {
  const registration = table[name] as CommandRegistration;
  if (!registration.roles.includes(user.role))
    return fail('FORBIDDEN', `${name} requires role ${registration.roles.join(' or ')}`);
  const schema = commandSchemas[name];
  let input: unknown = payload ?? {};
  if (schema) {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`,
      );
      return fail('VALIDATION_FAILED', detail.join('; '));
    }
    input = parsed.data;
  }
  try {
    return (registration.handle as CommandHandler<CommandName>)(user, input as never);
  } catch (error) {
    return failed(log, name, error);
  }
}

function failed(log: Logger, name: CommandName, error: unknown): Result<unknown> {
  log.error('command failed', { event: name, error: error instanceof Error ? error.message : String(error) });
  return fail('INTERNAL', 'the command failed on the server');
}
