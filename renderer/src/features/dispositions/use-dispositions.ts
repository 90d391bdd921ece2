import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
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

/**
 * Labels past dispositions in the console's language from the catalog; the server's own label (one language)
 * is the fallback for codes the catalog does not list.
 */
export function useDispositionLabeler(): (code: string | null, fallback: string | null) => string | null {
  const state = useDispositions();
  const { i18n } = useTranslation();
  const items = state.kind === 'loaded' ? state.items : [];
  return (code, fallback) => {
    const found = code === null ? undefined : items.find((d) => d.code === code);
    return found ? dispositionLabel(found, i18n.language) : (fallback ?? code);
  };
}
