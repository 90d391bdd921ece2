import { sendCommand } from '../../services/cti-client';
import { ringsideApi } from '../../services/ringside-api';
import type { CreateCustomerInput, CustomerCard } from '../../services/protocol';
import type { UiResult } from '../../services/ui-error';
import { patchPop, popStore } from './pop-store';

async function link(interactionId: number, customerId: number): Promise<void> {
  const res = await sendCommand('interaction:link-customer', { interactionId, customerId });
  patchPop(interactionId, { linkError: res.ok ? null : res.error });
}

/** Loads a customer's card into the pop; with `linkIt` also tells the bridge this call is about them. */
export async function showCustomer(
  interactionId: number,
  customerId: number,
  linkIt: boolean,
): Promise<void> {
  patchPop(interactionId, { loading: true, error: null });
  const res = await ringsideApi.getCustomer(customerId);
  if (!res.ok) {
    patchPop(interactionId, { loading: false, error: res.error });
    return;
  }
  patchPop(interactionId, { loading: false, card: res.data, creating: false });
  if (linkIt) await link(interactionId, customerId);
}

/** Creates the caller as a new customer and links them to the interaction. */
export async function createAndLink(
  interactionId: number,
  input: CreateCustomerInput,
): Promise<UiResult<null>> {
  const res = await ringsideApi.createCustomer(input);
  if (!res.ok) return res;
  patchPop(interactionId, { card: res.data, creating: false, error: null });
  await link(interactionId, res.data.id);
  return { ok: true, data: null };
}

/** Links a card the agent found through search to the current interaction. */
export async function linkFoundCustomer(interactionId: number, card: CustomerCard): Promise<void> {
  patchPop(interactionId, { card, creating: false, error: null });
  await link(interactionId, card.id);
}

export function setCreating(interactionId: number, creating: boolean): void {
  patchPop(interactionId, { creating });
}

/** A unique match whose card did not come with the ring (or a restore) is fetched here. */
export function ensureCard(interactionId: number, linkedCustomerId: number | null): void {
  const pop = popStore.get();
  if (!pop || pop.interactionId !== interactionId || pop.card || pop.loading) return;
  if (linkedCustomerId !== null) {
    void showCustomer(interactionId, linkedCustomerId, false);
    return;
  }
  const only = pop.lookup.customers[0];
  if (pop.lookup.match === 'unique' && only) void showCustomer(interactionId, only.id, false);
}
