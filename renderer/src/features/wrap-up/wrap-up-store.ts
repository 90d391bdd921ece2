import { createStore } from '../../services/store';
import type { UiError } from '../../services/ui-error';
import { deleteDraft, loadDrafts, newIdempotencyKey, saveDraft, type WrapUpDraft } from './draft-storage';

/** A draft plus what is true only in this page: whether it is in flight and how the last attempt ended. */
export interface DraftEntry {
  draft: WrapUpDraft;
  sending: boolean;
  error: UiError | null;
}

export interface WrapUpState {
  agentId: number | null;
  entries: Record<number, DraftEntry>;
  selectedId: number | null;
  /**
   * The last wrap-up that ended, for a short confirmation: saved by the agent, or closed by the queue's
   * auto-close with no disposition. Cleared after a few seconds and when the next call rings.
   */
  done: { interactionId: number; at: number; kind: 'saved' | 'auto-closed' } | null;
}

export const wrapUpStore = createStore<WrapUpState>({
  agentId: null,
  entries: {},
  selectedId: null,
  done: null,
});

export function loadAgentDrafts(agentId: number): void {
  const entries: Record<number, DraftEntry> = {};
  for (const draft of loadDrafts(agentId))
    entries[draft.interactionId] = { draft, sending: false, error: null };
  const ids = Object.keys(entries).map(Number);
  wrapUpStore.set({ agentId, entries, selectedId: ids.length > 0 ? Math.max(...ids) : null, done: null });
}

export function resetWrapUps(): void {
  wrapUpStore.set({ agentId: null, entries: {}, selectedId: null, done: null });
}

export function entryOf(interactionId: number): DraftEntry | null {
  return wrapUpStore.get().entries[interactionId] ?? null;
}

/** Creates the draft for an interaction if there is none yet, and selects it. */
export function ensureDraft(interactionId: number, caller: string, customerId: number | null): void {
  const state = wrapUpStore.get();
  if (state.agentId === null) return;
  if (state.entries[interactionId]) {
    if (customerId !== null) setDraftCustomer(interactionId, customerId);
    return;
  }
  const draft: WrapUpDraft = {
    interactionId,
    agentId: state.agentId,
    idempotencyKey: newIdempotencyKey(),
    dispositionCode: '',
    notes: '',
    callbackInput: '',
    callbackAt: null,
    customerId,
    caller,
    createdAt: Date.now(),
    submittedAt: null,
  };
  saveDraft(draft);
  wrapUpStore.set({
    ...state,
    entries: { ...state.entries, [interactionId]: { draft, sending: false, error: null } },
    selectedId: interactionId,
  });
}

/** Replaces one entry (persisting its draft) if it still exists. */
export function patchEntry(interactionId: number, patch: Partial<DraftEntry>): void {
  wrapUpStore.update((s) => {
    const entry = s.entries[interactionId];
    if (!entry) return s;
    const next = { ...entry, ...patch };
    if (patch.draft) saveDraft(next.draft);
    return { ...s, entries: { ...s.entries, [interactionId]: next } };
  });
}

export function editDraft(interactionId: number, patch: Partial<WrapUpDraft>): void {
  const entry = entryOf(interactionId);
  if (entry) patchEntry(interactionId, { draft: { ...entry.draft, ...patch } });
}

export function setDraftCustomer(interactionId: number, customerId: number): void {
  if (entryOf(interactionId)?.draft.customerId !== customerId) editDraft(interactionId, { customerId });
}

/** Removes a draft for good: after the bridge acknowledged it, or when the agent discards it. */
export function removeDraft(interactionId: number, acknowledged: boolean): void {
  deleteDraft(interactionId);
  wrapUpStore.update((s) => {
    const entries = Object.fromEntries(
      Object.entries(s.entries).filter(([key]) => Number(key) !== interactionId),
    );
    const ids = Object.keys(entries).map(Number);
    const selectedId =
      s.selectedId === interactionId ? (ids.length > 0 ? Math.max(...ids) : null) : s.selectedId;
    const done = acknowledged ? { interactionId, at: Date.now(), kind: 'saved' as const } : s.done;
    return { ...s, entries, selectedId, done };
  });
}

export function selectDraft(interactionId: number): void {
  wrapUpStore.update((s) => ({ ...s, selectedId: interactionId }));
}

export function clearDone(at?: number): void {
  wrapUpStore.update((s) => (s.done && (at === undefined || s.done.at === at) ? { ...s, done: null } : s));
}

/** The bridge closed this wrap-up with no disposition (the queue's auto-close): the form goes, a note stays. */
export function autoClosed(interactionId: number): void {
  deleteDraft(interactionId);
  wrapUpStore.update((s) => {
    const entries = Object.fromEntries(
      Object.entries(s.entries).filter(([key]) => Number(key) !== interactionId),
    );
    const ids = Object.keys(entries).map(Number);
    const selectedId =
      s.selectedId === interactionId ? (ids.length > 0 ? Math.max(...ids) : null) : s.selectedId;
    return { ...s, entries, selectedId, done: { interactionId, at: Date.now(), kind: 'auto-closed' } };
  });
}
