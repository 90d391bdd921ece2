import { createHash, randomBytes } from 'node:crypto';
import type { SipCredentials, UserView } from '../../protocol/http.schema';
import type { SipSubscribersRepository } from '../repositories/sip-subscribers.repository';

export interface SipEdge {
  wsUri: string;
  /** SIP domain and digest realm of the agents' addresses of record. */
  domain: string;
}

/**
 * Issues each agent a fresh SIP password at login and stores only its HA1 (RFC 2617: md5(user:realm:password))
 * where Kamailio authenticates REGISTER and INVITE. A newer login replaces the older password, so a console that
 * was logged out elsewhere can no longer place calls.
 */
export function createSipCredentials(deps: {
  edge: SipEdge;
  subscribers: SipSubscribersRepository;
  sipUsernameOf: (userId: number) => string | null;
}) {
  return {
    issue(user: UserView): SipCredentials | null {
      if (user.role === 'admin') return null;
      const username = deps.sipUsernameOf(user.id);
      if (!username) return null;
      const password = randomBytes(18).toString('base64url');
      const ha1 = createHash('md5').update(`${username}:${deps.edge.domain}:${password}`).digest('hex');
      deps.subscribers.setHa1(username, deps.edge.domain, ha1);
      return {
        wsUri: deps.edge.wsUri,
        aor: `sip:${username}@${deps.edge.domain}`,
        authorizationUsername: username,
        password,
        realm: deps.edge.domain,
        displayName: user.displayName,
      };
    },
  };
}

export type SipCredentialsService = ReturnType<typeof createSipCredentials>;
