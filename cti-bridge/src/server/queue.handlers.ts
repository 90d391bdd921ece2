import { ok } from '../../protocol/errors';
import type { QueueUpdate } from '../../protocol/queue.schema';
import type { CallbackDispatch } from '../services/queueing/callback-dispatch';
import { floorRoles } from './agent.handlers';
import type { CommandTable } from './socket-server';

export const queueCommandNames = ['queues:mine', 'queue-callback:accept', 'queue-callback:decline'] as const;
export type QueueCommand = (typeof queueCommandNames)[number];

/** The agent's queues: "my queues" now (then `queue:updated`), and the queue callbacks offered to them. */
export function queueCommands(deps: {
  dispatch: CallbackDispatch;
  mine: (agentId: number) => QueueUpdate;
}): Pick<CommandTable, QueueCommand> {
  return {
    'queues:mine': { roles: floorRoles, handle: (user) => ok(deps.mine(user.id)) },
    'queue-callback:accept': {
      roles: floorRoles,
      handle: (user, { callbackId }) => deps.dispatch.accept(user.id, callbackId),
    },
    'queue-callback:decline': {
      roles: floorRoles,
      handle: (user, { callbackId }) => deps.dispatch.decline(user.id, callbackId),
    },
  };
}
