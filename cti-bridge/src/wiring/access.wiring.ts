import type { Config } from '../config';
import type { AgentDirectory } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import type { RingsideDb } from '../repositories/database';
import { createSipSubscribersRepository } from '../repositories/sip-subscribers.repository';
import { createUserAdminRepository } from '../repositories/user-admin.repository';
import { createUsersRepository } from '../repositories/users.repository';
import { createAuthService } from '../server/auth.service';
import { createLoginGate } from '../server/login-gate';
import { hashPassword } from '../server/password-hash';
import { createSessionSockets } from '../server/session-sockets';
import type { RingsideServer } from '../server/socket-server';
import type { Faults } from '../services/faults';
import { createSipCredentials } from '../services/sip-credentials';

export interface AccessWiringDeps {
  db: RingsideDb;
  config: Readonly<Config>;
  now: () => number;
  audit: Pick<AuditRepository, 'record'>;
  /** Softphone credentials exist only where a real PBX checks them. */
  pbxKind: 'sim' | 'kamailio';
  /** SIP users of the PBX adapter itself (the dialer's user agent), stored for Kamailio by their HA1 only. */
  pbxUsers: readonly { username: string; ha1: string }[];
}

export interface SessionsWiringDeps {
  io: RingsideServer;
  faults: Faults;
  sweepMs: number;
}

/**
 * Who may sign in and with what: the user accounts (the configured admin password applied), sessions, the login
 * throttle (a refused or failed login is audited), the softphones' SIP credentials and, once the sockets exist,
 * the consoles cut off when their session ends (audited).
 */
export function createAccessWiring({ db, config, now, audit, pbxKind, pbxUsers }: AccessWiringDeps) {
  const users = createUsersRepository(db);
  const accounts = createUserAdminRepository(db);
  if (config.adminPassword)
    users.upsertUser({
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      passwordHash: hashPassword(config.adminPassword),
    });
  const auth = createAuthService({ users, now, sessionHours: config.sessionHours });
  auth.deleteExpiredSessions();
  const loginRefusal = (action: string, username: string) => ({
    at: now(),
    actorUserId: null,
    action,
    subject: `username:${username.slice(0, 100)}`,
    decision: 'blocked' as const,
  });
  const loginGate = createLoginGate({
    ...config.loginThrottle,
    onRefused: ({ username, address, retryAfterSec }) =>
      audit.record({
        ...loginRefusal('auth.login-throttled', username),
        reason: 'too many failed logins',
        details: { address, retryAfterSec },
      }),
    onFailed: ({ username, address }) =>
      audit.record({ ...loginRefusal('auth.login-failed', username), details: { address } }),
  });
  const subscribers = pbxKind === 'kamailio' ? createSipSubscribersRepository(config.kamailioAuthDb) : null;
  for (const user of pbxUsers) subscribers?.setHa1(user.username, config.sipDomain, user.ha1);
  const sipCredentials = subscribers
    ? createSipCredentials({
        edge: { wsUri: config.sipWsUri, domain: config.sipDomain },
        subscribers,
        sipUsernameOf: (userId) => users.findById(userId)?.sipUsername ?? null,
      })
    : null;

  return {
    users,
    accounts,
    auth,
    loginGate,
    subscribers,
    sipCredentials,
    displayName: (userId: number) => users.findById(userId)?.displayName ?? `#${userId}`,
    /** The PBX's identities (SIP usernames) of the agents. */
    directory: {
      agentIdOf: (sipUsername) => users.findBySipUsername(sipUsername)?.id ?? null,
      sipUsernameOf: (agentId) => users.findById(agentId)?.sipUsername ?? null,
    } satisfies AgentDirectory,
    /** The business types an agent is skilled for. */
    skillsOf: (agentId: number) =>
      new Set(
        users
          .allSkills()
          .filter((skill) => skill.userId === agentId)
          .map((skill) => skill.businessTypeId),
      ),
    /** Consoles tracked by session: cut off (and the end audited) when their session ends. */
    startSessions: ({ io, faults, sweepMs }: SessionsWiringDeps) =>
      createSessionSockets({
        io,
        auth,
        now,
        sweepMs,
        guarded: (where, work) => faults.guarded(where, work),
        onEnded: ({ userId, reason, sockets }) =>
          audit.record({
            at: now(),
            actorUserId: userId,
            action: 'session.ended',
            subject: `user:${userId}`,
            decision: 'done',
            reason,
            details: { consolesSignedOut: sockets },
          }),
      }),
  };
}

export type AccessWiring = ReturnType<typeof createAccessWiring>;
