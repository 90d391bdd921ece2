import type { QueueUpdate } from '../../../protocol/queue.schema';

/** An agent's "my queues": the queues they serve and the calls waiting in them, nothing of the others. */
export function mineOf(update: QueueUpdate, queueIds: readonly number[]): QueueUpdate {
  const served = new Set(queueIds);
  return {
    at: update.at,
    queues: update.queues.filter((q) => served.has(q.queueId)),
    calls: update.calls.filter((c) => served.has(c.queueId)),
  };
}
