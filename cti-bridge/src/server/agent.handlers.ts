import { ok } from '../../protocol/errors';
import type { OutboundSession } from '../../protocol/outbound.schema';
import type { CallCenter } from '../services/call-center';
import type { CustomersService } from '../services/customers.service';
import type { WrapUpService } from '../services/wrap-up';
import type { OutboundCommand } from './outbound.handlers';
import type { QueueCommand } from './queue.handlers';
import type { SupervisorCommand } from './supervisor.handlers';
import type { CommandTable } from './socket-server';
import type { WallboardCommand } from './wallboard.handlers';

/** Who may work calls: supervisors often take calls too; admins administer and do not sit on the floor. */
export const floorRoles = ['agent', 'supervisor'] as const;

export function agentCommands(deps: {
  callCenter: CallCenter;
  wrapUp: WrapUpService;
  customers: CustomersService;
  /** The agent's outbound work (campaign joined, card and call), restored with the session. */
  outboundSession?: (agentId: number) => OutboundSession;
}): Omit<CommandTable, OutboundCommand | WallboardCommand | SupervisorCommand | QueueCommand> {
  const { callCenter } = deps;
  return {
    'session:sync': {
      roles: floorRoles,
      handle: (user) => {
        const outbound = deps.outboundSession?.(user.id);
        return ok({ ...callCenter.snapshot(user.id), ...(outbound ? { outbound } : {}) });
      },
    },
    'agent:set-state': {
      roles: floorRoles,
      handle: (user, command) => callCenter.setState(user.id, command),
    },
    'call:answer': { roles: floorRoles, handle: (user, { callId }) => callCenter.answer(user.id, callId) },
    'call:reject': { roles: floorRoles, handle: (user, { callId }) => callCenter.reject(user.id, callId) },
    'call:hold': {
      roles: floorRoles,
      handle: (user, { callId, hold }) => callCenter.hold(user.id, callId, hold),
    },
    'call:hangup': { roles: floorRoles, handle: (user, { callId }) => callCenter.hangup(user.id, callId) },
    'interaction:wrap-up': {
      roles: floorRoles,
      handle: (user, command) => deps.wrapUp.submit(user.id, command),
    },
    'interaction:link-customer': {
      roles: floorRoles,
      handle: (user, { interactionId, customerId }) =>
        deps.customers.linkToInteraction(user.id, interactionId, customerId),
    },
  };
}
