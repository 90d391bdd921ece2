import { idParamSchema } from '../../../protocol/http.schema';
import { z } from 'zod';
import {
  changeReasonSchema,
  createQueueSchema,
  queueConfigListSchema,
  queueConfigSchema,
  updateQueueSchema,
} from '../../../protocol/queue-admin.schema';
import type { QueueAdminService } from '../../services/queueing/queue-admin.service';
import type { AuthenticatedUser } from '../auth.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

const admins = ['admin'] as const;
const managers = ['supervisor', 'admin'] as const;

const actor = (user: AuthenticatedUser | null): number => {
  if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
  return user.id;
};

/** Queue configuration: supervisors read it; admins create and change queues (audited with who and why). */
export function queueAdminRoutes(deps: { queues: QueueAdminService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/queues',
      summary:
        'Every queue with its settings (service level, wait limits, overflow, hours, holidays, wrap-up)',
      tag: 'queues',
      roles: managers,
      response: queueConfigListSchema,
      handle: () => ({ queues: deps.queues.list() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/queues/:id',
      summary: 'One queue with its settings and whether it is open now',
      tag: 'queues',
      roles: managers,
      params: idParamSchema,
      response: queueConfigSchema,
      handle: ({ params }) => unwrap(deps.queues.get(params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/queues',
      summary: 'Create a queue (audited with the reason); routing may name it at once',
      tag: 'queues',
      roles: admins,
      body: createQueueSchema,
      response: queueConfigSchema,
      status: 201,
      handle: ({ body, user }) => unwrap(deps.queues.create(actor(user), body)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/queues/:id',
      summary: 'Change a queue (audited with what changed and why); calls waiting get the new policy at once',
      tag: 'queues',
      roles: admins,
      params: idParamSchema,
      body: updateQueueSchema,
      response: queueConfigSchema,
      handle: ({ params, body, user }) => unwrap(deps.queues.update(actor(user), params.id, body)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/queues/:id',
      summary:
        'Delete a queue nothing refers to (audited with the reason); 409 IN_USE lists what still does (rules, calls, numbers, queues)',
      tag: 'queues',
      roles: admins,
      params: idParamSchema,
      query: z.object({ reason: changeReasonSchema }).strict(),
      response: z.object({ id: z.number().int(), code: z.string() }),
      handle: ({ params, query, user }) => unwrap(deps.queues.remove(actor(user), params.id, query.reason)),
    }),
  ];
}
