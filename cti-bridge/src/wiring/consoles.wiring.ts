import type { Logger } from '../logger';
import { floorRoles } from '../server/agent.handlers';
import type { SessionSockets } from '../server/session-sockets';
import {
  agentRoom,
  bindCommands,
  userRoom,
  type CommandTable,
  type RingsideServer,
} from '../server/socket-server';
import type { CallCenter } from '../services/call-center';
import type { Faults } from '../services/faults';
import type { OutboundDialing } from '../services/outbound/outbound-dialing';
import type { Monitoring } from '../services/supervision/monitoring';
import { SUPERVISORS } from './outbound.wiring';

export interface ConsolesWiringDeps {
  io: RingsideServer;
  commands: CommandTable;
  log: Logger;
  faults: Faults;
  sessions: Pick<SessionSockets, 'track' | 'allows'>;
  monitoring: Pick<Monitoring, 'supervisorLeft'>;
  callCenter: Pick<CallCenter, 'agentConnected' | 'agentSignedOut' | 'agentDisconnected'>;
  dialing: Pick<OutboundDialing, 'consoleBack' | 'consoleLost'>;
}

/**
 * Each console that connects: its session tracked, every command bound, its rooms joined (its user; supervisors;
 * a floor role's agent room) and, for an agent, the ACD told it is back. When a supervisor's last console leaves,
 * their listening ends; when an agent's last console leaves, they are logged out (session ended) or disconnected.
 */
export function connectConsoles(deps: ConsolesWiringDeps): void {
  const { io, faults, callCenter, dialing } = deps;
  io.on(
    'connection',
    faults.guarded('console connected', (socket) => {
      const user = socket.data.user;
      deps.sessions.track(socket);
      bindCommands(socket, deps.commands, deps.log, deps.sessions.allows);
      void socket.join(userRoom(user.id));
      if (user.role !== 'agent') {
        void socket.join(SUPERVISORS);
        socket.on('disconnect', () => {
          if ((io.sockets.adapter.rooms.get(userRoom(user.id))?.size ?? 0) === 0)
            faults.guard('supervisor left', () => deps.monitoring.supervisorLeft(user.id));
        });
      }
      if (!(floorRoles as readonly string[]).includes(user.role)) return;
      void socket.join(agentRoom(user.id));
      dialing.consoleBack(user.id);
      socket.emit('agent:state-changed', callCenter.agentConnected(user.id));
      socket.on('disconnect', () => {
        void io
          .in(agentRoom(user.id))
          .fetchSockets()
          .then(
            faults.guarded('console disconnected', (remaining) => {
              if (remaining.length > 0) return;
              // A console cut off because its session ended logs the agent out; a lost connection does not.
              const ended = socket.data.ended;
              if (ended) callCenter.agentSignedOut(user.id, `session-${ended}`);
              else if (!dialing.consoleLost(user.id, () => callCenter.agentDisconnected(user.id)))
                callCenter.agentDisconnected(user.id);
            }),
            (error: unknown) => faults.record('console disconnected', error),
          );
      });
    }),
  );
}
