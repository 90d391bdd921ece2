import type { SessionEndReason } from '../../protocol/events';
import type { AuthService } from './auth.service';
import type { RingsideServer, RingsideSocket } from './socket-server';

export interface SessionEndedEntry {
  userId: number;
  reason: SessionEndReason;
  /** How many connected consoles were cut off. */
  sockets: number;
}

export interface SessionSocketsDeps {
  io: RingsideServer;
  auth: AuthService;
  now: () => number;
  /**
   * How often every connected session is read again from the store, to catch what no event here announces: an
   * account disabled or a session ended by another bridge or by hand, expiry under an injected clock. Each sweep
   * also deletes expired sessions from the store.
   */
  sweepMs: number;
  /** Every session ended (logout, expiry, disabled account), once, with the consoles it cut off. */
  onEnded: (entry: SessionEndedEntry) => void;
  /** Wraps the sweep and the expiry timers so a failure in them (a refused write) is contained, not thrown. */
  guarded?: (where: string, work: () => void) => () => void;
}

/** setTimeout takes at most a signed 32-bit delay; a later expiry is left to the sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface TrackedSession {
  userId: number;
  sockets: Set<RingsideSocket>;
  timer: NodeJS.Timeout | null;
}

/**
 * Keeps every connected console tied to the session it authenticated with, so a session that ends loses its
 * sockets at once: logout and a disabled account end them when it happens, expiry by a timer per session, and a
 * periodic sweep re-checks the store. A console that is cut off is told why (`session:ended`) just before.
 */
export function createSessionSockets(deps: SessionSocketsDeps) {
  const sessions = new Map<string, TrackedSession>();

  const cutOff = (socket: RingsideSocket, reason: SessionEndReason) => {
    if (socket.data.ended) return false;
    socket.data.ended = reason;
    socket.emit('session:ended', { reason });
    socket.disconnect(true);
    return true;
  };

  const endSession = (sessionId: string, userId: number, reason: SessionEndReason) => {
    const tracked = sessions.get(sessionId);
    let cut = 0;
    for (const socket of tracked?.sockets ?? []) if (cutOff(socket, reason)) cut += 1;
    forget(sessionId);
    deps.onEnded({ userId, reason, sockets: cut });
  };

  const forget = (sessionId: string) => {
    const tracked = sessions.get(sessionId);
    if (tracked?.timer) clearTimeout(tracked.timer);
    sessions.delete(sessionId);
  };

  /**
   * Ends the session (after the current turn with `later`, so an ack already being written goes out first) if
   * the store no longer holds it as live; true while it does.
   */
  const recheck = (sessionId: string, userId: number, later = false): boolean => {
    const status = deps.auth.sessionStatus(sessionId);
    if (status === 'live') return true;
    const end = () => sessions.has(sessionId) && endSession(sessionId, userId, status);
    if (later) setImmediate(guarded('session end', end));
    else end();
    return false;
  };

  const unsubscribe = deps.auth.onSessionsEnded((ended) => {
    if ('sessionId' in ended) {
      endSession(ended.sessionId, ended.userId, ended.reason);
      return;
    }
    const ids = [...sessions].filter(([, tracked]) => tracked.userId === ended.userId).map(([id]) => id);
    if (ids.length === 0) deps.onEnded({ userId: ended.userId, reason: ended.reason, sockets: 0 });
    for (const id of ids) endSession(id, ended.userId, ended.reason);
  });

  const sweep = () => {
    for (const [sessionId, tracked] of [...sessions]) recheck(sessionId, tracked.userId);
    deps.auth.deleteExpiredSessions();
  };
  const guarded = deps.guarded ?? ((_where: string, work: () => void) => work);
  const sweeper = setInterval(guarded('session sweep', sweep), deps.sweepMs);
  sweeper.unref();

  return {
    /** Ties a socket that just authenticated to its session; it is cut off when the session ends. */
    track(socket: RingsideSocket): void {
      const { sessionId, id: userId, expiresAt } = socket.data.user;
      let tracked = sessions.get(sessionId);
      if (!tracked) {
        const delay = expiresAt - deps.now();
        const timer =
          delay <= MAX_TIMER_MS
            ? setTimeout(
                guarded('session expiry', () => recheck(sessionId, userId)),
                Math.max(0, delay),
              )
            : null;
        timer?.unref();
        tracked = { userId, sockets: new Set(), timer };
        sessions.set(sessionId, tracked);
      }
      tracked.sockets.add(socket);
      socket.on('disconnect', () => {
        const current = sessions.get(sessionId);
        current?.sockets.delete(socket);
        if (current?.sockets.size === 0) forget(sessionId);
      });
    },
    /**
     * Whether a command from this socket may run: its session must still be live in the store right now (a
     * command in flight when the session ended is refused, and the socket cut off).
     */
    allows(socket: RingsideSocket): boolean {
      if (socket.data.ended) return false;
      return recheck(socket.data.user.sessionId, socket.data.user.id, true);
    },
    sweep,
    stop(): void {
      clearInterval(sweeper);
      unsubscribe();
      for (const sessionId of [...sessions.keys()]) forget(sessionId);
    },
  };
}

export type SessionSockets = ReturnType<typeof createSessionSockets>;
