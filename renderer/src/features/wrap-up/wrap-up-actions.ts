import { sendCommand } from '../../services/cti-client';
import type { WrapUpCommand } from '../../services/protocol';
import { isTransient } from '../../services/ui-error';
import type { WrapUpDraft } from './draft-storage';
import { extrasOf } from './draft-extras';
import { clearDone, editDraft, entryOf, patchEntry, removeDraft, wrapUpStore } from './wrap-up-store';

const doneListeners = new Set<(interactionId: number, customerId: number | null) => void>();
const retryTimers = new Map<number, number>();
const doneShownMs = 6000;
const retryAfterMs = 5000;

/** Called once for every wrap-up the bridge acknowledged, with the customer it was about. */
export function onWrapUpDone(
  listener: (interactionId: number, customerId: number | null) => void,
): () => void {
  doneListeners.add(listener);
  return () => {
    doneListeners.delete(listener);
  };
}

function toCommand(d: WrapUpDraft): WrapUpCommand {
  return {
    interactionId: d.interactionId,
    idempotencyKey: d.idempotencyKey,
    dispositionCode: d.dispositionCode,
    notes: d.notes,
    ...(d.callbackAt !== null ? { callbackAt: d.callbackAt } : {}),
    ...(d.callbackAt !== null && extrasOf(d.interactionId)?.callbackFor === 'anyone'
      ? { callbackFor: 'anyone' as const }
      : {}),
    ...(d.customerId !== null ? { customerId: d.customerId } : {}),
  };
}

function scheduleRetry(interactionId: number): void {
  if (retryTimers.has(interactionId)) return;
  const timer = window.setTimeout(() => {
    retryTimers.delete(interactionId);
    void send(interactionId);
  }, retryAfterMs);
  retryTimers.set(interactionId, timer);
}

function acknowledged(interactionId: number): void {
  const customerId = entryOf(interactionId)?.draft.customerId ?? null;
  removeDraft(interactionId, true);
  expireDone();
  for (const listener of [...doneListeners]) listener(interactionId, customerId);
}

/** The "saved" / "closed" note is news only for a moment. */
export function expireDone(): void {
  const done = wrapUpStore.get().done;
  if (done) window.setTimeout(() => clearDone(done.at), doneShownMs);
}

/** Sends a submitted draft once. Transient failures keep it queued; a refusal hands it back to the agent. */
async function send(interactionId: number): Promise<void> {
  const entry = entryOf(interactionId);
  if (!entry || entry.sending || entry.draft.submittedAt === null) return;
  patchEntry(interactionId, { sending: true, error: null });
  const res = await sendCommand('interaction:wrap-up', toCommand(entry.draft), 10_000);
  if (res.ok) {
    acknowledged(interactionId);
    return;
  }
  patchEntry(interactionId, { sending: false, error: res.error });
  if (isTransient(res.error)) {
    // NETWORK waits for the reconnect (see resendPending); the others retry on a timer as well.
    if (res.error.code !== 'NETWORK') scheduleRetry(interactionId);
    return;
  }
  editDraft(interactionId, { submittedAt: null });
}

/** The agent pressed "save": freeze the callback time, mark the draft submitted and send it. */
export function submitDraft(interactionId: number, callbackAt: number | null): void {
  editDraft(interactionId, { callbackAt, submittedAt: Date.now() });
  void send(interactionId);
}

/** After every (re)connect: send again whatever was submitted but never acknowledged. */
export function resendPending(): void {
  for (const entry of Object.values(wrapUpStore.get().entries)) {
    if (entry.draft.submittedAt !== null && !entry.sending) void send(entry.draft.interactionId);
  }
}

export function cancelRetries(): void {
  for (const timer of retryTimers.values()) window.clearTimeout(timer);
  retryTimers.clear();
}
