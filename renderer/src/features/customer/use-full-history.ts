import { useEffect, useState } from 'react';
import { ringsideApi } from '../../services/ringside-api';
import type { InteractionView } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { customerUpdates } from './customer-updates';

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
  const open = state.kind === 'shown';
  useEffect(() => {
    if (!open) return undefined;
    // an open history follows the customer's record: a call recorded meanwhile appears
    let seen = customerUpdates.get()[customerId] ?? 0;
    return customerUpdates.subscribe(() => {
      const changes = customerUpdates.get()[customerId] ?? 0;
      if (changes === seen) return;
      seen = changes;
      void load();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load is stable in what it does
  }, [open, customerId]);
  const toggle = () => {
    if (state.kind === 'shown' || state.kind === 'loading') setState({ kind: 'hidden' });
    else void load();
  };
  return { state, toggle };
}
