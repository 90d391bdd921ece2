import { useEffect } from 'react';
import { ringsideApi } from '../../services/ringside-api';
import { createStore, useStore } from '../../services/store';
import type { DispositionOption } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';

export type DispositionsState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; items: DispositionOption[] }
  | { kind: 'failed'; error: UiError };

const dispositionsStore = createStore<DispositionsState>({ kind: 'idle' });

export async function loadDispositions(): Promise<void> {
  if (dispositionsStore.get().kind === 'loading') return;
  dispositionsStore.set({ kind: 'loading' });
  const res = await ringsideApi.dispositions();
  dispositionsStore.set(
    res.ok ? { kind: 'loaded', items: res.data.dispositions } : { kind: 'failed', error: res.error },
  );
}

/** Forget the list (after logout: another user may see other dispositions). */
export function resetDispositions(): void {
  dispositionsStore.set({ kind: 'idle' });
}

/** The disposition catalog, fetched once per session. */
export function useDispositions(): DispositionsState {
  const state = useStore(dispositionsStore);
  useEffect(() => {
    if (state.kind === 'idle') void loadDispositions();
  }, [state.kind]);
  return state;
}

export function dispositionLabel(d: DispositionOption, lang: string): string {
  return lang.toLowerCase().startsWith('zh') ? d.labelZh : d.labelEn;
}
