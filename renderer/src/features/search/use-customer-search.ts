import { useEffect, useRef, useState } from 'react';
import { ringsideApi } from '../../services/ringside-api';
import type { CustomerCard, CustomerSummary } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { customerUpdates } from '../customer/customer-updates';

export type ResultsState =
  | { kind: 'empty' }
  | { kind: 'searching' }
  | { kind: 'done'; customers: CustomerSummary[] }
  | { kind: 'failed'; error: UiError };

const debounceMs = 250;

/** Search-as-you-type with a short debounce; answers to older queries are dropped. */
export function useCustomerSearch() {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ResultsState>({ kind: 'empty' });
  const [card, setCard] = useState<CustomerCard | null>(null);
  const [cardError, setCardError] = useState<UiError | null>(null);
  const seq = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  const run = async (q: string, ticket: number) => {
    const res = await ringsideApi.searchCustomers(q, 20);
    if (ticket !== seq.current) return;
    setResults(
      res.ok ? { kind: 'done', customers: res.data.customers } : { kind: 'failed', error: res.error },
    );
  };

  const change = (value: string) => {
    setQuery(value);
    window.clearTimeout(timer.current);
    const ticket = ++seq.current;
    const q = value.trim();
    if (!q) {
      setResults({ kind: 'empty' });
      return;
    }
    setResults({ kind: 'searching' });
    timer.current = window.setTimeout(() => void run(q, ticket), debounceMs);
  };

  const searchNow = () => {
    window.clearTimeout(timer.current);
    const q = query.trim();
    if (q) void run(q, ++seq.current);
  };

  const open = async (id: number) => {
    setCardError(null);
    const res = await ringsideApi.getCustomer(id);
    if (res.ok) setCard(res.data);
    else setCardError(res.error);
  };

  // the open card follows the customer's record (a call with them recorded, wrapped up or closed)
  const cardId = card?.id ?? null;
  useEffect(() => {
    if (cardId === null) return undefined;
    let seen = customerUpdates.get()[cardId] ?? 0;
    return customerUpdates.subscribe(() => {
      const changes = customerUpdates.get()[cardId] ?? 0;
      if (changes === seen) return;
      seen = changes;
      void open(cardId);
    });
  }, [cardId]);

  return { query, change, searchNow, results, card, cardError, open, close: () => setCard(null) };
}
