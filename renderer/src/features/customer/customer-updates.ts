import { createStore } from '../../services/store';

/**
 * How often each customer's record changed in this session (an interaction recorded, wrapped up or closed):
 * any card showing that customer reloads when its count moves.
 */
export const customerUpdates = createStore<Readonly<Record<number, number>>>({});

export function customerChanged(customerId: number): void {
  customerUpdates.update((s) => ({ ...s, [customerId]: (s[customerId] ?? 0) + 1 }));
}
