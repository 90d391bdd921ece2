import { createHash, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../protocol/errors';
import type { Role, UserView } from '../../protocol/http.schema';
import type { UsersRepository } from '../repositories/users.repository';
import { hashPassword, verifyPassword } from './password-hash';

export interface AuthenticatedUser {
  id: number;
  username: string;
  role: Role;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
// Verifying against a real hash even for unknown users keeps the response time from revealing which names exist.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

export function createAuthService(deps: { users: UsersRepository; now: () => number; sessionHours: number }) {
  return {
    login(username: string, password: string): Result<{ token: string; user: UserView }> {
      const user = deps.users.findByUsername(username);
      const valid = verifyPassword(password, user?.passwordHash ?? decoyHash);
      if (!user || !valid || user.disabled) return fail('UNAUTHENTICATED', 'wrong username or password');
      const token = randomBytes(32).toString('base64url');
      deps.users.createSession(tokenHash(token), user.id, deps.now() + deps.sessionHours * 3_600_000);
      return ok({ token, user: deps.users.toView(user) });
    },
    authenticate(token: string | undefined): AuthenticatedUser | null {
      if (!token) return null;
      const user = deps.users.findSessionUser(tokenHash(token), deps.now());
      return user ? { id: user.id, username: user.username, role: user.role } : null;
    },
    logout(token: string): void {
      deps.users.deleteSession(tokenHash(token));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
