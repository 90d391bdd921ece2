import type { WrapUpCommand } from '../../protocol/call.schema';
import { fail, ok, type Result } from '../../protocol/errors';
import type { WrapUpDone } from '../../protocol/events';
import type { InteractionsRepository, WrapUpConflict } from '../repositories/interactions.repository';
import type { ReferenceRepository } from '../repositories/reference.repository';
import type { CustomersRepository } from '../repositories/customers.repository';

export interface WrapUpDeps {
  now: () => number;
  interactions: InteractionsRepository;
  reference: ReferenceRepository;
  customers: CustomersRepository;
  /** Told after the disposition is stored (also for a replay), so the agent leaves wrap-up. */
  onStored: (agentId: number, interactionId: number, stored: StoredDisposition) => void;
}

/** What was stored, for the services that act on it (a campaign lead's recycling). */
export interface StoredDisposition {
  code: string;
  isFinal: boolean;
  addsToDnc: boolean;
  followUpId: number | null;
  callbackAt: number | null;
  callbackFor: 'me' | 'anyone';
  replayed: boolean;
}

/** Applies an agent's disposition to their own ended interaction, exactly once per idempotency key. */
export function createWrapUpService(deps: WrapUpDeps) {
  return {
    submit(agentId: number, command: WrapUpCommand): Result<WrapUpDone> {
      const interaction = deps.interactions.find(command.interactionId);
      if (!interaction || interaction.agentId !== agentId)
        return fail('NOT_FOUND', `interaction ${command.interactionId} is not one of your calls`);
      if (interaction.endedAt === null) return fail('INVALID_STATE', 'the call has not ended yet');
      if (interaction.wrapUpEnd === 'no-disposition')
        return fail('CONFLICT', 'the wrap-up time ran out: the call was closed without a disposition');
      const disposition = deps.reference.dispositionByCode(command.dispositionCode);
      if (!disposition)
        return fail('VALIDATION_FAILED', `dispositionCode: unknown code "${command.dispositionCode}"`);
      if (disposition.schedulesCallback && command.callbackAt === undefined)
        return fail('VALIDATION_FAILED', 'callbackAt: required for a callback disposition');
      if (command.customerId !== undefined && !deps.customers.exists(command.customerId))
        return fail('NOT_FOUND', `customer ${command.customerId} does not exist`);
      const outcome = deps.interactions.wrapUp({
        interactionId: interaction.id,
        agentId,
        key: command.idempotencyKey,
        disposition,
        notes: command.notes,
        callbackAt: command.callbackAt ?? null,
        customerId: command.customerId ?? null,
        at: deps.now(),
      });
      if (outcome.kind === 'conflict') return fail('CONFLICT', conflictMessages[outcome.reason]);
      deps.onStored(agentId, interaction.id, {
        code: disposition.code,
        isFinal: disposition.isFinal,
        addsToDnc: disposition.addsToDnc,
        followUpId: outcome.followUpId,
        callbackAt: command.callbackAt ?? null,
        callbackFor: command.callbackFor ?? 'me',
        replayed: outcome.kind === 'replayed',
      });
      return ok({
        interactionId: interaction.id,
        followUpId: outcome.followUpId,
        addedToDnc: outcome.addedToDnc,
      });
    },
  };
}

const conflictMessages: Record<WrapUpConflict, string> = {
  'not-found': 'the interaction no longer exists',
  'another-submission': 'this interaction was already wrapped up with another submission',
  'already-dispositioned': 'this call already has a disposition; a supervisor can correct it',
  'key-used-elsewhere': 'idempotencyKey: this key was already used for another interaction',
};

export type WrapUpService = ReturnType<typeof createWrapUpService>;
