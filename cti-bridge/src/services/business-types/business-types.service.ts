import { fail, ok, type Result } from '../../../protocol/errors';
import {
  blockingUses,
  type BusinessType,
  type CreateBusinessType,
  type UpdateBusinessType,
} from '../../../protocol/business-types.schema';
import type { AuditRepository } from '../../repositories/audit.repository';
import type {
  BusinessTypesRepository,
  StoredBusinessType,
} from '../../repositories/business-types.repository';

export interface BusinessTypesDeps {
  now: () => number;
  repo: BusinessTypesRepository;
  audit: Pick<AuditRepository, 'record'>;
  /** Calls waiting for an agent now, of the business type (the live router's count). */
  waitingCalls: (businessTypeId: number) => number;
  /** The types changed: whatever routing caches of them (the default rule set, names) is read again. */
  changed: () => void;
}

/**
 * Admins add business types, rename them (English and Chinese), retire them (kept for history, offered for
 * nothing new) and delete them. A type that can still get calls cannot be retired, and one that anything uses
 * (queues, skills, history included) cannot be deleted: `IN_USE` names what (`blockingUses`). Every change is audited with who and why, and
 * routing reads the types again at once.
 */
export function createBusinessTypesService(deps: BusinessTypesDeps) {
  const { repo } = deps;
  const view = (type: StoredBusinessType): BusinessType => ({
    ...type,
    usage: { ...repo.usage(type.id, type.code), waitingCalls: deps.waitingCalls(type.id) },
  });
  const find = (id: number) => repo.list().find((type) => type.id === id);
  const get = (id: number): Result<BusinessType> => {
    const type = find(id);
    return type ? ok(view(type)) : fail('NOT_FOUND', `no business type ${id}`);
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
      subject: `business-type:${code}`,
      decision: 'done',
      reason,
      details,
    });
  const refused = (userId: number, action: string, type: BusinessType, reason: string, uses: string[]) => {
    deps.audit.record({
      at: deps.now(),
      actorUserId: userId,
      action,
      subject: `business-type:${type.code}`,
      decision: 'blocked',
      reason,
      details: { inUse: uses },
    });
    return fail('IN_USE', `business type ${type.code} is still used by ${uses.join('; ')}`);
  };

  return {
    list(): BusinessType[] {
      return repo.list().map(view);
    },

    get,

    create(userId: number, input: CreateBusinessType): Result<BusinessType> {
      const { code, name, nameZh } = input.businessType;
      if (repo.list().some((type) => type.code === code))
        return fail('CONFLICT', `business type ${code} exists`);
      const id = repo.create({ code, name, nameZh });
      record(userId, 'business-type.created', code, input.reason, { name, nameZh });
      deps.changed();
      return get(id);
    },

    rename(userId: number, id: number, input: UpdateBusinessType): Result<BusinessType> {
      const before = find(id);
      if (!before) return fail('NOT_FOUND', `no business type ${id}`);
      const after = {
        name: input.changes.name ?? before.name,
        nameZh: input.changes.nameZh ?? before.nameZh,
      };
      const changes: Record<string, { from: string; to: string }> = {};
      if (after.name !== before.name) changes.name = { from: before.name, to: after.name };
      if (after.nameZh !== before.nameZh) changes.nameZh = { from: before.nameZh, to: after.nameZh };
      if (Object.keys(changes).length === 0) return get(id);
      repo.rename(id, after);
      record(userId, 'business-type.renamed', before.code, input.reason, { changes });
      deps.changed();
      return get(id);
    },

    /** Out of service: refused while a service number, rule, campaign or waiting call can still bring it calls. */
    retire(userId: number, id: number, reason: string): Result<BusinessType> {
      const type = find(id);
      if (!type) return fail('NOT_FOUND', `no business type ${id}`);
      if (type.retiredAt !== null) return get(id);
      const current = view(type);
      const uses = blockingUses(current.usage, 'retire');
      if (uses.length > 0) return refused(userId, 'business-type.retire-refused', current, reason, uses);
      repo.setRetired(id, deps.now());
      record(userId, 'business-type.retired', type.code, reason, {
        recordedCalls: current.usage.recordedCalls,
      });
      deps.changed();
      return get(id);
    },

    restore(userId: number, id: number, reason: string): Result<BusinessType> {
      const type = find(id);
      if (!type) return fail('NOT_FOUND', `no business type ${id}`);
      if (type.retiredAt === null) return get(id);
      repo.setRetired(id, null);
      record(userId, 'business-type.restored', type.code, reason, {});
      deps.changed();
      return get(id);
    },

    /** Gone for good: only a type nothing names, not even a recorded call (retire that one instead). */
    remove(userId: number, id: number, reason: string): Result<{ id: number; code: string }> {
      const type = find(id);
      if (!type) return fail('NOT_FOUND', `no business type ${id}`);
      const current = view(type);
      const uses = blockingUses(current.usage, 'delete');
      if (uses.length > 0) return refused(userId, 'business-type.delete-refused', current, reason, uses);
      repo.remove(id);
      record(userId, 'business-type.deleted', type.code, reason, { name: type.name, nameZh: type.nameZh });
      deps.changed();
      return ok({ id, code: type.code });
    },
  };
}

export type BusinessTypesService = ReturnType<typeof createBusinessTypesService>;
