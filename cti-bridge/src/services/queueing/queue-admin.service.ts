import { fail, ok, type Result } from '../../../protocol/errors';
import {
  checkQueueSettings,
  type CreateQueue,
  type QueueConfig,
  type QueueSettings,
  type UpdateQueue,
} from '../../../protocol/queue-admin.schema';
import type { AuditRepository } from '../../repositories/audit.repository';
import type {
  QueueAdminRepository,
  QueueReferences,
  QueueWrite,
  StoredQueue,
} from '../../repositories/queue-admin.repository';

export interface QueueAdminDeps {
  now: () => number;
  repo: QueueAdminRepository;
  audit: AuditRepository;
  /** Is the queue open at the instant (the live router's view of its hours)? */
  isOpen: (queueId: number, at: number) => boolean;
  /** The queues changed: the live router reads them again (waiting calls get the new policy at once). */
  reload: () => void;
}

const problemsText = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((issue) => `${issue.path.map(String).join('.') || 'queue'}: ${issue.message}`).join('; ');

/** What changed, field by field (for the audit trail). */
function changedFields(before: QueueSettings, after: QueueSettings): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof QueueSettings)[])
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  return changes;
}

/** What still names the queue, in words for the refusal; empty when nothing does. */
function referencesText(refs: QueueReferences): string {
  const parts = [
    ...refs.rules.map((r) => `routing rules ${r.ruleSet} (${r.ruleIds.join(', ')})`),
    ...(refs.calls > 0 ? [`${refs.calls} recorded call(s)`] : []),
    ...(refs.callbacks > 0 ? [`${refs.callbacks} callback request(s)`] : []),
    ...(refs.serviceNumbers.length > 0 ? [`service numbers ${refs.serviceNumbers.join(', ')}`] : []),
    ...(refs.queues.length > 0 ? [`overflow or max wait of queues ${refs.queues.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

/**
 * Admins create and edit queues; supervisors read them. A change is checked as a whole (fields, the codes it
 * names, no overflow loop onto itself), written, audited with who and why, and the live router reloads at once.
 */
export function createQueueAdminService(deps: QueueAdminDeps) {
  const { repo } = deps;
  const view = (queue: StoredQueue, at: number): QueueConfig => ({
    id: queue.id,
    ...queue.settings,
    openNow: deps.isOpen(queue.id, at),
  });

  /** Resolves the codes a queue names; every unknown one is a field problem. */
  const resolve = (
    settings: QueueSettings,
    stored: readonly StoredQueue[],
    before?: QueueSettings,
  ): Result<QueueWrite> => {
    const queueIds = new Map(stored.map((queue) => [queue.settings.code, queue.id]));
    // a retired business type is offered for no new queue; a queue that has it keeps it
    const businessTypeId = repo.businessTypeIds(before?.businessType).get(settings.businessType);
    const problems: string[] = [];
    if (businessTypeId === undefined)
      problems.push(`businessType: no business type ${settings.businessType}`);
    const target = (field: 'maxWaitQueue' | 'overflowQueue') => {
      const code = settings[field];
      if (code === null) return null;
      const id = queueIds.get(code);
      if (id === undefined) problems.push(`${field}: no queue ${code}`);
      return id ?? null;
    };
    const maxWaitQueueId = target('maxWaitQueue');
    const overflowQueueId = target('overflowQueue');
    if (problems.length > 0 || businessTypeId === undefined)
      return fail('VALIDATION_FAILED', problems.join('; '));
    return ok({ settings, businessTypeId, maxWaitQueueId, overflowQueueId });
  };

  const record = (
    userId: number,
    action: string,
    code: string,
    reason: string,
    details: Record<string, unknown>,
  ) =>
    deps.audit.record({
      at: deps.now(),
      actorUserId: userId,
      action,
      subject: `queue:${code}`,
      decision: 'done',
      reason,
      details,
    });

  const get = (id: number): Result<QueueConfig> => {
    const queue = repo.list().find((row) => row.id === id);
    return queue ? ok(view(queue, deps.now())) : fail('NOT_FOUND', `no queue ${id}`);
  };

  return {
    list(): QueueConfig[] {
      const at = deps.now();
      return repo.list().map((queue) => view(queue, at));
    },

    get,

    create(userId: number, input: CreateQueue): Result<QueueConfig> {
      const stored = repo.list();
      if (stored.some((queue) => queue.settings.code === input.queue.code))
        return fail('CONFLICT', `queue ${input.queue.code} exists`);
      const write = resolve(input.queue, stored);
      if (!write.ok) return write;
      const id = repo.create(write.data);
      record(userId, 'queue.created', input.queue.code, input.reason, { queue: input.queue });
      deps.reload();
      return get(id);
    },

    update(userId: number, id: number, input: UpdateQueue): Result<QueueConfig> {
      const stored = repo.list();
      const before = stored.find((queue) => queue.id === id);
      if (!before) return fail('NOT_FOUND', `no queue ${id}`);
      const parsed = checkQueueSettings({ ...before.settings, ...input.changes });
      if (!parsed.success) return fail('VALIDATION_FAILED', problemsText(parsed.error.issues));
      const write = resolve(parsed.data, stored, before.settings);
      if (!write.ok) return write;
      const changes = changedFields(before.settings, parsed.data);
      if (Object.keys(changes).length === 0) return get(id);
      repo.update(id, write.data);
      record(userId, 'queue.updated', before.settings.code, input.reason, { changes });
      deps.reload();
      return get(id);
    },

    /** Deletes a queue nothing names (rules in force or drafted, calls, callbacks, numbers, other queues). */
    remove(userId: number, id: number, reason: string): Result<{ id: number; code: string }> {
      const queue = repo.list().find((row) => row.id === id);
      if (!queue) return fail('NOT_FOUND', `no queue ${id}`);
      const { code } = queue.settings;
      const inUse = referencesText(repo.references(id, code));
      if (inUse !== '') return fail('IN_USE', `queue ${code} is still referenced by ${inUse}`);
      repo.remove(id);
      record(userId, 'queue.deleted', code, reason, { queue: queue.settings });
      deps.reload();
      return ok({ id, code });
    },
  };
}

export type QueueAdminService = ReturnType<typeof createQueueAdminService>;
