import { fail, ok, type Result } from '../../../protocol/errors';
import type { QueueThresholdsInput, QueueThresholdsView } from '../../../protocol/queue-thresholds.schema';
import type { QueueThresholds } from '../../../protocol/wallboard.schema';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { QueueInfo } from '../../repositories/metrics.repository';
import type { QueueThresholdsRepository } from '../../repositories/queue-thresholds.repository';
import { defaultThresholds } from './wallboard-figures';

export interface QueueThresholdsDeps {
  now: () => number;
  queues: () => QueueInfo[];
  repository: QueueThresholdsRepository;
  audit: Pick<AuditRepository, 'record'>;
  /** Told after each change, so the wallboard recolours at once. */
  changed: () => void;
}

/**
 * Supervisors' and admins' per-queue wallboard thresholds: listed with the defaults where a queue has none of
 * its own, set (validated by the protocol's schema before this is called) or cleared back to the defaults, each
 * change audited with the values before and after.
 */
export function createQueueThresholds(deps: QueueThresholdsDeps) {
  const { repository } = deps;
  let cache: Map<number, QueueThresholds> | null = null;

  const view = (queue: QueueInfo): QueueThresholdsView => {
    const own = repository.all().get(queue.id);
    return {
      queueId: queue.id,
      code: queue.code,
      name: queue.name,
      nameZh: queue.nameZh,
      slaTargetSec: queue.slaTargetSec,
      slaTargetPercent: queue.slaTargetPercent,
      thresholds: own?.thresholds ?? defaultThresholds(queue),
      custom: own !== undefined,
      updatedAt: own?.updatedAt ?? null,
      updatedBy: own?.updatedBy ?? null,
    };
  };
  const queueOf = (queueId: number) => deps.queues().find((q) => q.id === queueId);
  const audited = (actorId: number, queue: QueueInfo, action: string, before: object, after: object) => {
    cache = null;
    deps.audit.record({
      at: deps.now(),
      actorUserId: actorId,
      action: `wallboard.thresholds-${action}`,
      subject: `queue:${queue.id}`,
      decision: 'done',
      details: { queue: queue.code, before, after },
    });
    deps.changed();
  };

  return {
    list: (): QueueThresholdsView[] => deps.queues().map(view),
    /** What the wallboard colours with: each queue's own thresholds (read once until the next change). */
    own(): ReadonlyMap<number, QueueThresholds> {
      cache ??= new Map([...repository.all()].map(([id, stored]) => [id, stored.thresholds]));
      return cache;
    },
    set(actorId: number, queueId: number, input: QueueThresholdsInput): Result<QueueThresholdsView> {
      const queue = queueOf(queueId);
      if (!queue) return fail('NOT_FOUND', `no queue ${queueId}`);
      const before = view(queue).thresholds;
      repository.set(queueId, input, deps.now(), actorId);
      audited(actorId, queue, 'set', before, input);
      return ok(view(queue));
    },
    reset(actorId: number, queueId: number): Result<QueueThresholdsView> {
      const queue = queueOf(queueId);
      if (!queue) return fail('NOT_FOUND', `no queue ${queueId}`);
      const before = view(queue).thresholds;
      if (repository.clear(queueId)) audited(actorId, queue, 'reset', before, defaultThresholds(queue));
      return ok(view(queue));
    },
  };
}

export type QueueThresholdsService = ReturnType<typeof createQueueThresholds>;
