import type { AuditRepository } from '../repositories/audit.repository';
import type { RingsideDb } from '../repositories/database';
import { createRoutingRulesRepository } from '../repositories/routing-rules.repository';
import { routingRulesRoutes } from '../server/http/routing-rules.routes';
import { createRoutingRulesService } from '../services/routing-rules/routing-rules.service';

/** Routing rules as data: the service routing asks per call, and the admin API that edits and publishes them. */
export function createRoutingRulesWiring({
  db,
  now,
  audit,
  headersChanged,
}: {
  db: RingsideDb;
  now: () => number;
  audit: AuditRepository;
  /** The PBX edge passes only the headers the rules in force read: told now and on each publish. */
  headersChanged?: (headers: string[]) => void;
}) {
  const repo = createRoutingRulesRepository(db);
  const service = createRoutingRulesService({
    now,
    repo,
    audit,
    ...(headersChanged ? { headersChanged } : {}),
  });
  headersChanged?.(service.headers());
  const references = () => {
    const types = repo.businessTypes();
    const codeOf = new Map(types.map((type) => [type.id, type.code]));
    return {
      // retired types are offered for no new queue or rule
      businessTypes: types
        .filter((type) => type.retiredAt === null)
        .map((type) => ({ code: type.code, name: type.nameEn, nameZh: type.nameZh })),
      queues: repo.queues().map((queue) => ({
        code: queue.code,
        name: queue.name,
        nameZh: queue.nameZh,
        businessType: codeOf.get(queue.businessTypeId) ?? '',
      })),
      serviceNumbers: repo
        .serviceNumbers()
        .map((number) => ({ e164: number.e164, label: number.label, labelZh: number.labelZh })),
    };
  };
  return { service, routes: routingRulesRoutes({ rules: service, references }) };
}
