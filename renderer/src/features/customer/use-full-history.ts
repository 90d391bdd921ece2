import { useState } from 'react';
import { ringsideApi } from '../../services/ringside-api';
import type { InteractionView } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';

export type HistoryState =
  | { kind: 'hidden' }
  | { kind: 'loading' }
  | { kind: 'shown'; items: InteractionView[] }
  | { kind: 'failed'; error: UiError };

/** The customer's full interaction history, fetched when first opened and re-fetched on every open. */
export function useFullHistory(customerId: number) {
  const [state, setState] = useState<HistoryState>({ kind: 'hidden' });
  const load = async () => {
    setState({ kind: 'loading' });
    const res = await ringsideApi.customerInteractions(customerId);
    setState(res.ok ? { kind: 'shown', items: res.data.interactions } : { kind: 'failed', error: res.error });
  };
  const toggle = () => {
    if (state.kind === 'shown' || state.kind === 'loading') setState({ kind: 'hidden' });
    else void load();
  };
  return { state, toggle };
}
