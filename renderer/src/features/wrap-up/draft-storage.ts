import { z } from 'zod';
import { keysWithPrefix, readJson, removeKey, writeJson } from '../../services/storage';

/**
 * A wrap-up as the agent drafts it, kept in localStorage under its interaction id so a reload, a crash or a
 * lost connection never loses a disposition or notes. `submittedAt` marks a draft the agent has sent: it is
 * re-sent with the same idempotency key until the bridge acknowledges it.
 */
export const wrapUpDraftSchema = z.object({
  interactionId: z.number().int(),
  agentId: z.number().int(),
  idempotencyKey: z.string().min(8),
  dispositionCode: z.string(),
  notes: z.string(),
  /** The datetime-local field as typed. */
  callbackInput: z.string(),
  /** Fixed at submit time, so a resend carries exactly what the agent saw. */
  callbackAt: z.number().int().nullable(),
  customerId: z.number().int().nullable(),
  caller: z.string(),
  createdAt: z.number().int(),
  submittedAt: z.number().int().nullable(),
});
export type WrapUpDraft = z.infer<typeof wrapUpDraftSchema>;

const prefix = 'ringside:wrapup:';

export function saveDraft(draft: WrapUpDraft): void {
  writeJson('local', `${prefix}${draft.interactionId}`, draft);
}

export function deleteDraft(interactionId: number): void {
  removeKey('local', `${prefix}${interactionId}`);
}

/** Every stored draft of this agent, oldest first. */
export function loadDrafts(agentId: number): WrapUpDraft[] {
  return keysWithPrefix('local', prefix)
    .map((key) => readJson('local', key, wrapUpDraftSchema))
    .filter((d): d is WrapUpDraft => d !== null && d.agentId === agentId)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
