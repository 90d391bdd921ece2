import { z } from 'zod';
import {
  queueCallbackAcceptedSchema,
  queueCallbackRequestSchema,
  queueUpdateSchema,
} from '../../../protocol/queue.schema';
import type { QueueCallbacks } from '../../services/queueing/queue-callbacks.service';
import type { QueueRouter } from '../../services/queueing/queue-router';
import { ApiError } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

export interface QueueRoutesDeps {
  router: QueueRouter;
  callbacks: QueueCallbacks;
}

export function queueRoutes({ router, callbacks }: QueueRoutesDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/queue-callbacks',
      summary:
        'A website’s "call me back": joins the queue as if the caller had called (throttled per address and number)',
      tag: 'queues',
      roles: 'public',
      body: queueCallbackRequestSchema,
      response: queueCallbackAcceptedSchema,
      status: 201,
      handle: ({ body, request }) => {
        const result = callbacks.request(body, request.ip);
        if ('limited' in result)
          throw new ApiError('RATE_LIMITED', 'too many callback requests; try again later', {
            'Retry-After': String(result.limited.retryAfterSec),
          });
        if (!result.ok) throw new ApiError(result.error.code, result.error.message);
        return result.data;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/queues/live',
      summary:
        'Every queue now: waiting, longest wait, estimated wait, staffing, today’s service level; waiting calls’ positions',
      tag: 'queues',
      roles: ['agent', 'supervisor', 'admin'],
      query: z.object({}).strict(),
      response: queueUpdateSchema,
      handle: () => router.update(),
    }),
  ];
}
