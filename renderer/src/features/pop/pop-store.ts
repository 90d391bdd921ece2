import { createStore } from '../../services/store';
import type { CallOffer, CustomerCard, LookupResult } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';

/**
 * The screen pop for the current interaction. `card` is whatever customer the call is (now) about: the unique
 * match pushed with the ring, or the one the agent picked, created or linked from search.
 */
export interface PopState {
  interactionId: number;
  callerRaw: string;
  callerE164: string | null;
  lookup: LookupResult;
  card: CustomerCard | null;
  /** The agent chose "new customer" although candidates were offered. */
  creating: boolean;
  loading: boolean;
  error: UiError | null;
  linkError: UiError | null;
}

export const popStore = createStore<PopState | null>(null);

/** Starts the pop for an offer; a repeated offer for the same interaction (reconnect) keeps what was done. */
export function popStarted(offer: CallOffer): PopState {
  const current = popStore.get();
  if (current?.interactionId === offer.interactionId) {
    const card = current.card ?? offer.card;
    const next = { ...current, lookup: offer.lookup, card };
    popStore.set(next);
    return next;
  }
  const next: PopState = {
    interactionId: offer.interactionId,
    callerRaw: offer.callerRaw,
    callerE164: offer.callerE164,
    lookup: offer.lookup,
    card: offer.card,
    creating: false,
    loading: false,
    error: null,
    linkError: null,
  };
  popStore.set(next);
  return next;
}

/** Patches the pop only if it still belongs to `interactionId` (async results may arrive after the next ring). */
export function patchPop(interactionId: number, patch: Partial<PopState>): void {
  popStore.update((s) => (s?.interactionId === interactionId ? { ...s, ...patch } : s));
}

export function popCleared(interactionId: number): void {
  popStore.update((s) => (s?.interactionId === interactionId ? null : s));
}

export function clearPop(): void {
  popStore.set(null);
}
