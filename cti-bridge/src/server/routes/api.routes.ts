import { z } from 'zod';
import { dispositionOptionSchema } from '../../../protocol/call.schema';
import {
  createCustomerSchema,
  customerCardSchema,
  customerSummarySchema,
  interactionViewSchema,
  lookupResultSchema,
} from '../../../protocol/customer.schema';
import {
  healthSchema,
  idParamSchema,
  loginRequestSchema,
  loginResponseSchema,
  lookupQuerySchema,
  searchQuerySchema,
  simCallRequestSchema,
  simCallResponseSchema,
  userViewSchema,
  type SipCredentials,
  type UserView,
} from '../../../protocol/http.schema';
import type { CallInjector } from '../../pbx/pbx-adapter';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { ReferenceRepository } from '../../repositories/reference.repository';
import type { UsersRepository } from '../../repositories/users.repository';
import type { CustomersService } from '../../services/customers.service';
import type { AuthService } from '../auth.service';
import { ApiError, bearerToken, unwrap } from '../http-errors';
import type { LoginGate } from '../login-gate';
import { defineRoute, type RouteSpec } from '../route-spec';

export interface ApiDeps {
  version: string;
  pbxKind: 'sim' | 'kamailio';
  startedAt: number;
  now: () => number;
  /** Failures the bridge contained since it started (see `Faults`). */
  faultCount: () => number;
  auth: AuthService;
  /** Failed-login throttling and the password-check slots every login goes through. */
  loginGate: LoginGate;
  audit: AuditRepository;
  users: UsersRepository;
  customers: CustomersService;
  reference: ReferenceRepository;
  /** Present only with the simulated PBX. */
  simulator: CallInjector | null;
  interactionIdOf: (pbxCallId: string) => number | null;
  /** Fresh softphone credentials at login (real PBX only); null when no softphone is needed. */
  issueSipCredentials: (user: UserView) => SipCredentials | null;
}

const everyone = ['agent', 'supervisor', 'admin'] as const;

export function apiRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/health',
      summary: 'Liveness and build information',
      tag: 'meta',
      roles: 'public',
      response: healthSchema,
      handle: () => ({
        status: 'ok' as const,
        version: deps.version,
        pbx: deps.pbxKind,
        uptimeSec: Math.round((deps.now() - deps.startedAt) / 1000),
        faults: deps.faultCount(),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/login',
      summary: 'Log in with username and password; returns a bearer token',
      tag: 'auth',
      roles: 'public',
      body: loginRequestSchema,
      response: loginResponseSchema,
      handle: async ({ body, request }) => {
        const login = () => deps.auth.login(body.username, body.password);
        const session = unwrap(await deps.loginGate.attempt(request, login));
        return { ...session, sip: deps.issueSipCredentials(session.user) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/auth/logout',
      summary: 'Revoke the bearer token',
      tag: 'auth',
      roles: everyone,
      response: z.object({ ok: z.literal(true) }),
      handle: ({ request }) => {
        const token = bearerToken(request);
        if (token) deps.auth.logout(token);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/me',
      summary: 'The logged-in user',
      tag: 'auth',
      roles: everyone,
      response: userViewSchema,
      handle: ({ user }) => {
        const row = user ? deps.users.findById(user.id) : undefined;
        if (!row) throw new ApiError('UNAUTHENTICATED', 'user no longer exists');
        return deps.users.toView(row);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/customers/lookup',
      summary: 'Match a raw caller id (any format, SIP/tel URI) to customers',
      tag: 'customers',
      roles: everyone,
      query: lookupQuerySchema,
      response: lookupResultSchema,
      handle: ({ query }) => deps.customers.lookup(query.number),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/customers/search',
      summary: 'Search customers by name, company or phone number in any format',
      tag: 'customers',
      roles: everyone,
      query: searchQuerySchema,
      response: z.object({ customers: z.array(customerSummarySchema) }),
      handle: ({ query }) => ({ customers: deps.customers.search(query.q, query.limit) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/customers',
      summary: 'Create a customer; phone numbers in any format are normalised to E.164',
      tag: 'customers',
      roles: everyone,
      body: createCustomerSchema,
      response: customerCardSchema,
      status: 201,
      handle: ({ body }) => unwrap(deps.customers.create(body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/customers/:id',
      summary: 'The customer 360 view (the screen pop)',
      tag: 'customers',
      roles: everyone,
      params: idParamSchema,
      response: customerCardSchema,
      handle: ({ params }) => unwrap(deps.customers.card(params.id)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/customers/:id/interactions',
      summary: 'Full interaction history of a customer, newest first',
      tag: 'customers',
      roles: everyone,
      params: idParamSchema,
      response: z.object({ interactions: z.array(interactionViewSchema) }),
      handle: ({ params }) => ({ interactions: unwrap(deps.customers.history(params.id)) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/dispositions',
      summary: 'Wrap-up dispositions',
      tag: 'reference',
      roles: everyone,
      response: z.object({ dispositions: z.array(dispositionOptionSchema) }),
      handle: () => ({ dispositions: deps.reference.dispositionOptions() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/sim/calls',
      summary: 'Simulated PBX only: offer one inbound call from a caller id to a service number',
      tag: 'simulator',
      roles: ['supervisor', 'admin'],
      body: simCallRequestSchema,
      response: simCallResponseSchema,
      status: 201,
      handle: ({ body }) => {
        if (!deps.simulator)
          throw new ApiError('NOT_AVAILABLE', 'the simulated PBX is not in use (RINGSIDE_PBX)');
        const { callId } = deps.simulator.injectCall(body);
        return { callId, interactionId: deps.interactionIdOf(callId) };
      },
    }),
  ];
}
