import type { DispositionCorrected, DispositionCorrection } from '../../protocol/call.schema';
import { fail, ok, type Result } from '../../protocol/errors';
import type { DispositionCorrectionsRepository } from '../repositories/disposition-corrections.repository';
import type { ReferenceRepository } from '../repositories/reference.repository';

/**
 * A supervisor corrects a call's disposition: the one way to change a disposition once recorded (an agent's
 * wrap-up cannot overwrite it). Audited with who and why.
 */
export function createDispositionCorrection(deps: {
  corrections: DispositionCorrectionsRepository;
  reference: ReferenceRepository;
  now: () => number;
}) {
  return {
    correct(by: number, interactionId: number, input: DispositionCorrection): Result<DispositionCorrected> {
      const disposition = deps.reference.dispositionByCode(input.dispositionCode);
      if (!disposition)
        return fail('VALIDATION_FAILED', `dispositionCode: unknown code "${input.dispositionCode}"`);
      if (disposition.schedulesCallback && input.callbackAt === undefined)
        return fail('VALIDATION_FAILED', 'callbackAt: required for a callback disposition');
      const outcome = deps.corrections.correct({
        interactionId,
        by,
        disposition,
        notes: input.notes ?? null,
        reason: input.reason,
        callbackAt: input.callbackAt ?? null,
        at: deps.now(),
      });
      if (outcome.kind === 'not-found')
        return fail('NOT_FOUND', `interaction ${interactionId} does not exist`);
      if (outcome.kind === 'not-ended') return fail('INVALID_STATE', 'the call has not ended yet');
      return ok({
        interactionId,
        from: outcome.from,
        to: disposition.code,
        followUpId: outcome.followUpId,
        addedToDnc: outcome.addedToDnc,
      });
    },
  };
}

export type DispositionCorrectionService = ReturnType<typeof createDispositionCorrection>;
