import type { Config } from '../config';
import type { PbxAdapter } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import { supervisorCommands } from '../server/supervisor.handlers';
import { agentRoom, socketChannel, userRoom, type RingsideServer } from '../server/socket-server';
import type { AgentFloor } from '../services/agent-floor';
import type { CallCenter } from '../services/call-center';
import type { Faults } from '../services/faults';
import type { OutboundDialing } from '../services/outbound/outbound-dialing';
import { createFloorControl } from '../services/supervision/floor-control';
import { byPbxCallId } from '../services/supervision/media-call-ids';
import { createMonitoring } from '../services/supervision/monitoring';
import type { AccessWiring } from './access.wiring';

export interface FloorControlWiringDeps {
  now: () => number;
  config: Pick<Config, 'monitorNotice'>;
  pbx: PbxAdapter;
  floor: AgentFloor;
  callCenter: CallCenter;
  dialing: Pick<OutboundDialing, 'calls'>;
  access: Pick<AccessWiring, 'users' | 'auth' | 'displayName'>;
  audit: AuditRepository;
  io: RingsideServer;
  faults: Faults;
}

/**
 * The supervisors' hands on the floor: forcing agents' states, ending calls, and listening / whispering / barging
 * (through the PBX's media fork where it has one), with their socket commands.
 */
export function createFloorControlWiring(deps: FloorControlWiringDeps) {
  const { now, floor, audit, io, access, dialing, pbx } = deps;
  const channel = socketChannel(io);
  const floorControl = createFloorControl({
    now,
    floor,
    callCenter: deps.callCenter,
    audit,
    channel,
    roleOf: (userId) => access.users.findById(userId)?.role ?? null,
    displayName: access.displayName,
    consolesOf: (agentId) => io.sockets.adapter.rooms.get(agentRoom(agentId))?.size ?? 0,
    endSessions: (agentId, reason) => access.auth.endSessionsOf(agentId, reason),
    endOutboundCall: (agentId, callId) =>
      dialing.calls.get(callId)?.agentId === agentId && dialing.calls.ended(callId, now(), 'agent'),
  });
  let monitorIds = 0;
  const monitoring = createMonitoring({
    now,
    newId: () => `m${now().toString(36)}-${(monitorIds += 1)}`,
    floor,
    media: pbx.capabilities().forkMedia && pbx.mediaFork ? byPbxCallId(pbx.mediaFork, dialing.calls) : null,
    audit,
    channel,
    toUser: (userId, fact) => io.to(userRoom(userId)).emit('monitor:ended', fact),
    displayName: access.displayName,
    notice: deps.config.monitorNotice,
    report: (where, error) => deps.faults.record(where, error),
  });
  return { floorControl, monitoring, commands: supervisorCommands({ floorControl, monitoring }) };
}
