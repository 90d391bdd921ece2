import { createHash, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../protocol/errors';
import type { SessionEndReason } from '../../protocol/events';
import type { Role, UserView } from '../../protocol/http.schema';
import type { UsersRepository } from '../repositories/users.repository';
import { hashPassword, verifyPassword } from './password-hash';

export interface AuthenticatedUser {
  id: number;
  username: string;
  role: Role;
  /** The stored key of the session (the token's sha-256, never the token): what revocation is keyed on. */
  sessionId: string;
  expiresAt: number;
}

/** A session is live, or the reason it no longer is (a session no longer stored was logged out). */
export type SessionStatus = 'live' | SessionEndReason;

/** Sessions the bridge itself ended: one (`sessionId`) or every session of a user (`userId`). */
export type SessionsEnded =
  | { sessionId: string; userId: number; reason: SessionEndReason }
  | { userId: number; reason: SessionEndReason };

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
// Verifying against a real hash even for unknown users keeps the response time from revealing which names exist.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

export function createAuthService(deps: { users: UsersRepository; now: () => number; sessionHours: number }) {
  const listeners = new Set<(ended: SessionsEnded) => void>();
  const notify = (ended: SessionsEnded) => listeners.forEach((listener) => listener(ended));
  const statusOf = (stored: ReturnType<UsersRepository['findSession']>): SessionStatus => {
    if (!stored) return 'logged-out';
    if (stored.user.disabled) return 'disabled';
    return stored.expiresAt > deps.now() ? 'live' : 'expired';
  };

  return {
    /** Unknown user, wrong password and disabled account take the same path and time, and the same answer. */
    async login(username: string, password: string): Promise<Result<{ token: string; user: UserView }>> {
      const user = deps.users.findByUsername(username);
      const valid = await verifyPassword(password, user?.passwordHash ?? decoyHash);
      if (!user || !valid || user.disabled) return fail('UNAUTHENTICATED', 'wrong username or password');
      const token = randomBytes(32).toString('base64url');
      deps.users.createSession(tokenHash(token), user.id, deps.now() + deps.sessionHours * 3_600_000);
      return ok({ token, user: deps.users.toView(user) });
    },
    authenticate(token: string | undefined): AuthenticatedUser | null {
      if (!token) return null;
      const sessionId = tokenHash(token);
      const stored = deps.users.findSession(sessionId);
      if (!stored || statusOf(stored) !== 'live') return null;
      const { user, expiresAt } = stored;
      return { id: user.id, username: user.username, role: user.role, sessionId, expiresAt };
    },
    /** Whether a session authenticated earlier still holds, read from the store (another bridge may have ended it). */
    sessionStatus(sessionId: string): SessionStatus {
      return statusOf(deps.users.findSession(sessionId));
    },
    logout(token: string): void {
      const sessionId = tokenHash(token);
      const stored = deps.users.findSession(sessionId);
      deps.users.deleteSession(sessionId);
      if (stored) notify({ sessionId, userId: stored.user.id, reason: 'logged-out' });
    },
    /** Disables the account and ends every session of it; false for an unknown user. */
    disableUser(userId: number): boolean {
      if (!deps.users.setDisabled(userId, true)) return false;
      notify({ userId, reason: 'disabled' });
      return true;
    },
    /**
     * Ends every session of the user for `reason` (a supervisor signed them out, an admin reset the password):
     * their consoles are told why and cut off at once.
     */
    endSessionsOf(userId: number, reason: SessionEndReason): void {
      deps.users.deleteSessionsOf(userId);
      notify({ userId, reason });
    },
    /** Deletes sessions past their expiry from the store; returns how many. */
    deleteExpiredSessions(): number {
      return deps.users.deleteExpiredSessions(deps.now());
    },
    /** Called whenever the bridge ends sessions itself (logout, a disabled account); returns the unsubscribe. */
    onSessionsEnded(listener: (ended: SessionsEnded) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
