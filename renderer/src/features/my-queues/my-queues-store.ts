import { guarded } from '../../services/guarded-handler';
import { sendCommand, type CtiSocket } from '../../services/cti-client';
import { createStore } from '../../services/store';
import {
  queueCallbackOfferSchema,
  queueCallbackWithdrawnSchema,
  queueUpdateSchema,
  type QueueCallbackOffer,
  type QueueUpdate,
} from '../../services/protocol';

/** The agent's queues as the bridge pushes them (only the queues they serve), and a callback offered to them. */
export interface MyQueuesState {
  update: QueueUpdate | null;
  offer: QueueCallbackOffer | null;
  /** The gate's reasons for a callback it refused, or that the last callback was dialled. */
  result: { refused: string[] } | { dialled: string } | null;
}

export const myQueuesStore = createStore<MyQueuesState>({ update: null, offer: null, result: null });

const patch = (p: Partial<MyQueuesState>) => myQueuesStore.update((s) => ({ ...s, ...p }));

export function wireMyQueues(socket: CtiSocket): void {
  socket.on(
    'queue:updated',
    guarded('queue:updated', queueUpdateSchema, (update) => patch({ update })),
  );
  socket.on(
    'queue-callback:offered',
    guarded('queue-callback:offered', queueCallbackOfferSchema, (offer) => patch({ offer, result: null })),
  );
  socket.on(
    'queue-callback:withdrawn',
    guarded('queue-callback:withdrawn', queueCallbackWithdrawnSchema, (fact) =>
      myQueuesStore.update((s) => (s.offer?.callbackId === fact.callbackId ? { ...s, offer: null } : s)),
    ),
  );
  socket.on('connect', () => void loadMyQueues());
}

export async function loadMyQueues(): Promise<void> {
  const res = await sendCommand('queues:mine', {});
  if (res.ok) patch({ update: res.data });
}

export async function acceptCallback(callbackId: number) {
  const res = await sendCommand('queue-callback:accept', { callbackId });
  if (res.ok)
    patch({
      offer: null,
      result: res.data.placed
        ? { dialled: res.data.callId }
        : { refused: res.data.reasons.map((r) => r.code) },
    });
  return res;
}

export async function declineCallback(callbackId: number) {
  const res = await sendCommand('queue-callback:decline', { callbackId });
  if (res.ok) patch({ offer: null });
  return res;
}
