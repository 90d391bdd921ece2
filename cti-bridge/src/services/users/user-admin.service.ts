import { fail, ok, type Result } from '../../../protocol/errors';
import {
  passwordProblems,
  type CreateUser,
  type UpdateUser,
  type UserAdminView,
} from '../../../protocol/users.schema';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { UserAdminRepository } from '../../repositories/user-admin.repository';
import type { SessionEndReason } from '../../../protocol/events';

export interface UserAdminDeps {
  now: () => number;
  accounts: UserAdminRepository;
  audit: AuditRepository;
  /** Disables the account and signs its consoles out (the auth service's `disableUser`). */
  disable: (userId: number) => boolean;
  /** Ends the user's sessions and signs their consoles out with the reason. */
  endSessions: (userId: number, reason: SessionEndReason) => void;
  enable: (userId: number) => boolean;
  /** scrypt off the event loop; the password itself goes nowhere else (never logged, never audited). */
  hashPassword: (password: string) => Promise<string>;
}

const weak = (password: string, username: string) => {
  const problems = passwordProblems(password, username);
  return problems.length === 0
    ? null
    : fail('WEAK_PASSWORD', `the password is too weak: ${problems.join(', ')}`);
};

/**
 * Admins manage accounts: create (with a SIP identity for floor roles), rename, change role, disable, enable and
 * reset passwords. Every change is audited with who did it; the last enabled admin is never disabled or demoted.
 */
export function createUserAdminService(deps: UserAdminDeps) {
  const { accounts } = deps;
  const audit = (actorId: number, action: string, userId: number, details?: Record<string, unknown>) =>
    deps.audit.record({
      at: deps.now(),
      actorUserId: actorId,
      action,
      subject: `user:${userId}`,
      decision: 'done',
      ...(details ? { details } : {}),
    });
  const lastAdmin = (user: UserAdminView) =>
    user.role === 'admin' && !user.disabled && accounts.otherEnabledAdmins(user.id) === 0;

  return {
    list: (): UserAdminView[] => accounts.list(),

    async create(actorId: number, input: CreateUser): Promise<Result<UserAdminView>> {
      const refused = weak(input.password, input.username);
      if (refused) return refused;
      if (accounts.nameTaken(input.username))
        return fail('CONFLICT', `the username "${input.username}" is taken`);
      const passwordHash = await deps.hashPassword(input.password);
      // the hash took a while off the loop: another request may have taken the name meanwhile
      if (accounts.nameTaken(input.username))
        return fail('CONFLICT', `the username "${input.username}" is taken`);
      // the softphone registers as sip:<username>@domain; its password is issued fresh at every login
      const id = accounts.create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        sipUsername: input.username,
      });
      audit(actorId, 'user.created', id, { username: input.username, role: input.role });
      return ok(accounts.get(id) as UserAdminView);
    },

    update(actorId: number, userId: number, patch: UpdateUser): Result<UserAdminView> {
      const user = accounts.get(userId);
      if (!user) return fail('NOT_FOUND', 'no such user');
      if (patch.role !== undefined && patch.role !== user.role && lastAdmin(user))
        return fail('LAST_ADMIN', 'this is the last enabled admin: make another admin first');
      accounts.update(userId, patch);
      if (patch.role !== undefined && patch.role !== user.role)
        audit(actorId, 'user.role-changed', userId, { from: user.role, to: patch.role });
      if (patch.displayName !== undefined && patch.displayName !== user.displayName)
        audit(actorId, 'user.renamed', userId, { from: user.displayName, to: patch.displayName });
      return ok(accounts.get(userId) as UserAdminView);
    },

    disable(actorId: number, userId: number): Result<UserAdminView> {
      if (actorId === userId) return fail('CONFLICT', 'an admin cannot disable their own account');
      const user = accounts.get(userId);
      if (!user) return fail('NOT_FOUND', 'no such user');
      if (lastAdmin(user))
        return fail('LAST_ADMIN', 'this is the last enabled admin: make another admin first');
      deps.disable(userId);
      audit(actorId, 'user.disabled', userId);
      return ok(accounts.get(userId) as UserAdminView);
    },

    enable(actorId: number, userId: number): Result<UserAdminView> {
      if (!deps.enable(userId)) return fail('NOT_FOUND', 'no such user');
      audit(actorId, 'user.enabled', userId);
      return ok(accounts.get(userId) as UserAdminView);
    },

    /** A new password; the account's open sessions end (a reset is often for a leaked password). */
    async resetPassword(actorId: number, userId: number, password: string): Promise<Result<UserAdminView>> {
      const user = accounts.get(userId);
      if (!user) return fail('NOT_FOUND', 'no such user');
      const refused = weak(password, user.username);
      if (refused) return refused;
      accounts.setPasswordHash(userId, await deps.hashPassword(password));
      if (actorId !== userId) deps.endSessions(userId, 'password-reset');
      audit(actorId, 'user.password-reset', userId);
      return ok(user);
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
