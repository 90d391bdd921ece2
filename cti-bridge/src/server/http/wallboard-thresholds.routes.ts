import {
  queueIdParamsSchema,
  queueThresholdsInputSchema,
  queueThresholdsListSchema,
  queueThresholdsViewSchema,
} from '../../../protocol/queue-thresholds.schema';
import type { QueueThresholdsService } from '../../services/wallboard/queue-thresholds.service';
import { unwrap } from '../http-errors';
import type { AuthenticatedUser } from '../auth.service';
import { defineRoute, type RouteSpec } from '../route-spec';

const managers = ['supervisor', 'admin'] as const;
const actor = (user: AuthenticatedUser | null) => user?.id ?? 0;

/** The wallboard's per-queue thresholds: read, set, and reset to the queue's defaults (supervisors and admins). */
export function wallboardThresholdRoutes(deps: { thresholds: QueueThresholdsService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/wallboard/thresholds',
      summary: "Each queue's wallboard thresholds (its own, or the defaults from its service-level target)",
      tag: 'wallboard',
      roles: managers,
      response: queueThresholdsListSchema,
      handle: () => ({ queues: deps.thresholds.list() }),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/wallboard/thresholds/:queueId',
      summary:
        "Set a queue's thresholds (service level and abandon rate as fractions, waits in seconds; green bound never worse than red); audited",
      tag: 'wallboard',
      roles: managers,
      params: queueIdParamsSchema,
      body: queueThresholdsInputSchema,
      response: queueThresholdsViewSchema,
      handle: ({ params, body, user }) => unwrap(deps.thresholds.set(actor(user), params.queueId, body)),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/wallboard/thresholds/:queueId',
      summary: "Back to the queue's default thresholds; audited",
      tag: 'wallboard',
      roles: managers,
      params: queueIdParamsSchema,
      response: queueThresholdsViewSchema,
      handle: ({ params, user }) => unwrap(deps.thresholds.reset(actor(user), params.queueId)),
    }),
  ];
}
