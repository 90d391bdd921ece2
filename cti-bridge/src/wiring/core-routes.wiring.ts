import type { AgentState } from '../../protocol/agent-state.schema';
import type { CallInjector } from '../pbx/pbx-adapter';
import { createAuditLogRepository } from '../repositories/audit-log.repository';
import type { AuditRepository } from '../repositories/audit.repository';
import type { RingsideDb } from '../repositories/database';
import { createDispositionCorrectionsRepository } from '../repositories/disposition-corrections.repository';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { ReferenceRepository } from '../repositories/reference.repository';
import { auditRoutes } from '../server/http/audit.routes';
import { supervisionRoutes } from '../server/http/supervision.routes';
import { userRoutes } from '../server/http/users.routes';
import { hashPasswordAsync } from '../server/password-hash';
import type { RouteSpec } from '../server/route-spec';
import { apiRoutes } from '../server/routes/api.routes';
import { interactionRoutes } from '../server/routes/interactions.routes';
import type { CustomersService } from '../services/customers.service';
import { createAuditLogService } from '../services/audit/audit-log.service';
import { createDispositionCorrection } from '../services/disposition-correction';
import type { Faults } from '../services/faults';
import { createUserAdminService } from '../services/users/user-admin.service';
import type { AccessWiring } from './access.wiring';

export interface CoreRoutesDeps {
  db: RingsideDb;
  version: string;
  pbxKind: 'sim' | 'kamailio';
  now: () => number;
  faults: Faults;
  access: AccessWiring;
  audit: AuditRepository;
  customers: CustomersService;
  reference: ReferenceRepository;
  interactions: Pick<InteractionsRepository, 'idOfPbxCall'>;
  /** Present only with the simulated PBX. */
  simulator: CallInjector | null;
  /** An agent's live state on the floor (read when asked: the floor is created after the routes). */
  stateOf: (agentId: number) => AgentState;
}

/**
 * The HTTP API every capability shares: login and status, customers and reference data, the supervisors' list
 * of the floor, user administration, disposition corrections and the audit log's reader.
 */
export function coreRoutes(deps: CoreRoutesDeps): RouteSpec[] {
  const { now, access, audit, reference } = deps;
  const { auth, users, accounts } = access;
  return [
    ...apiRoutes({
      version: deps.version,
      pbxKind: deps.pbxKind,
      startedAt: now(),
      now,
      faultCount: () => deps.faults.snapshot().total,
      auth,
      loginGate: access.loginGate,
      audit,
      users,
      customers: deps.customers,
      reference,
      simulator: deps.simulator,
      interactionIdOf: (callId) => deps.interactions.idOfPbxCall(callId),
      issueSipCredentials: (user) => access.sipCredentials?.issue(user) ?? null,
    }),
    ...supervisionRoutes({
      floorAgents: () =>
        accounts
          .list()
          .filter((user) => user.role !== 'admin' && !user.disabled)
          .map((user) => {
            const { status, reason, callId } = deps.stateOf(user.id);
            const { username, displayName } = user;
            return { agentId: user.id, username, displayName, status, reason, callId };
          }),
    }),
    ...userRoutes({
      users: createUserAdminService({
        now,
        accounts,
        audit,
        disable: (userId) => auth.disableUser(userId),
        enable: (userId) => users.setDisabled(userId, false),
        endSessions: (userId, reason) => auth.endSessionsOf(userId, reason),
        hashPassword: hashPasswordAsync,
      }),
    }),
    ...interactionRoutes({
      corrections: createDispositionCorrection({
        corrections: createDispositionCorrectionsRepository(deps.db),
        reference,
        now,
      }),
    }),
    ...auditRoutes({ audit: createAuditLogService({ log: createAuditLogRepository(deps.db) }) }),
  ];
}
