import type { FloorControl } from '../services/supervision/floor-control';
import type { Monitoring } from '../services/supervision/monitoring';
import type { CommandTable } from './socket-server';

export const supervisorCommandNames = [
  'supervisor:force-state',
  'supervisor:end-call',
  'monitor:start',
  'monitor:answer',
  'monitor:mode',
  'monitor:stop',
  'monitor:talk',
  'monitor:talk-answer',
] as const;
export type SupervisorCommand = (typeof supervisorCommandNames)[number];

/** Who may act on other agents: supervisors and admins; an agent's socket is refused (FORBIDDEN). */
export const supervisorRoles = ['supervisor', 'admin'] as const;

/** The supervisors' namespace: control of the floor and listening in. */
export function supervisorCommands(deps: {
  floorControl: FloorControl;
  monitoring: Monitoring;
}): Pick<CommandTable, SupervisorCommand> {
  const { floorControl, monitoring } = deps;
  return {
    'supervisor:force-state': {
      roles: supervisorRoles,
      handle: (user, command) => floorControl.forceState(user.id, command),
    },
    'supervisor:end-call': {
      roles: supervisorRoles,
      handle: (user, command) => floorControl.endCall(user.id, command),
    },
    'monitor:start': {
      roles: supervisorRoles,
      handle: (user, { agentId, mode, reason }) => monitoring.start(user.id, agentId, mode, reason),
    },
    'monitor:answer': {
      roles: supervisorRoles,
      handle: (user, { monitorId, sdp }) => monitoring.answer(user.id, monitorId, sdp),
    },
    'monitor:mode': {
      roles: supervisorRoles,
      handle: (user, { monitorId, mode }) => monitoring.setMode(user.id, monitorId, mode),
    },
    'monitor:stop': {
      roles: supervisorRoles,
      handle: (user, { monitorId }) => monitoring.stop(user.id, monitorId, 'stopped'),
    },
    'monitor:talk': {
      roles: supervisorRoles,
      handle: (user, { monitorId, sdp }) => monitoring.talk(user.id, monitorId, sdp),
    },
    // the agent whose call it is answers (a supervisor taking calls is on the floor too)
    'monitor:talk-answer': {
      roles: ['agent', 'supervisor', 'admin'],
      handle: (user, { monitorId, sdp }) => monitoring.talkAnswer(user.id, monitorId, sdp),
    },
  };
}
