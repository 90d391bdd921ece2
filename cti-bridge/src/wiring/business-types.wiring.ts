import type { AuditRepository } from '../repositories/audit.repository';
import { createBusinessTypesRepository } from '../repositories/business-types.repository';
import type { RingsideDb } from '../repositories/database';
import { businessTypeRoutes } from '../server/http/business-types.routes';
import { createBusinessTypesService } from '../services/business-types/business-types.service';
import type { QueueRouter } from '../services/queueing/queue-router';

/**
 * Business types as admins manage them: the service (usage from the database and the live router's waiting
 * calls) and its admin API. A change makes routing read the types again (`changed`) and the router reload.
 */
export function createBusinessTypesWiring(deps: {
  db: RingsideDb;
  now: () => number;
  audit: AuditRepository;
  router: Pick<QueueRouter, 'update' | 'reload'>;
  changed: () => void;
}) {
  const service = createBusinessTypesService({
    now: deps.now,
    repo: createBusinessTypesRepository(deps.db),
    audit: deps.audit,
    waitingCalls: (businessTypeId) => {
      const update = deps.router.update();
      const ofType = new Set(
        update.queues
          .filter((queue) => queue.businessTypeId === businessTypeId)
          .map((queue) => queue.queueId),
      );
      return update.calls.filter((call) => ofType.has(call.queueId)).length;
    },
    changed: () => {
      deps.changed();
      deps.router.reload();
    },
  });
  return { service, routes: businessTypeRoutes({ types: service }) };
}
