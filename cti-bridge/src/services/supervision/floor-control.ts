import type { AgentState } from '../../../protocol/agent-state.schema';
import { fail, ok, type Result } from '../../../protocol/errors';
import type { SessionEndReason } from '../../../protocol/events';
import type {
  EndCallCommand,
  ForceStateCommand,
  SupervisorAction,
} from '../../../protocol/supervision.schema';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import type { CallCenter } from '../call-center';

export interface FloorControlDeps {
  now: () => number;
  floor: AgentFloor;
  callCenter: CallCenter;
  audit: AuditRepository;
  channel: AgentChannel;
  /** The account behind an agent id: only floor roles can be acted on. */
  roleOf: (userId: number) => 'agent' | 'supervisor' | 'admin' | null;
  displayName: (userId: number) => string;
  /** How many consoles the agent has connected right now. */
  consolesOf: (agentId: number) => number;
  /** Ends every session of the agent and signs their consoles out, told why. */
  endSessions: (agentId: number, reason: SessionEndReason) => void;
  /** Ends an outbound call at the agent (the dialer's); false when the call is not the dialer's. */
  endOutboundCall: (agentId: number, callId: string) => boolean;
}

/**
 * Supervisors act on the floor: force an agent not ready or signed out, end a (stuck) call. Each action is audited
 * with who and why and told to the agent's consoles with the reason (`agent:supervised`) before it takes effect.
 */
export function createFloorControl(deps: FloorControlDeps) {
  const { floor, callCenter } = deps;

  const tell = (
    actorId: number,
    agentId: number,
    action: SupervisorAction,
    reason: string,
    pending: boolean,
  ) => {
    const at = deps.now();
    deps.channel.emit(agentId, 'agent:supervised', {
      action,
      reason,
      by: deps.displayName(actorId),
      at,
      pending,
    });
  };
  const record = (actorId: number, agentId: number, action: string, reason: string, details: object) =>
    deps.audit.record({
      at: deps.now(),
      actorUserId: actorId,
      action: `supervisor.${action}`,
      subject: `user:${agentId}`,
      decision: 'done',
      reason,
      details: { ...details },
    });
  const onFloor = (agentId: number) => {
    const role = deps.roleOf(agentId);
    return role === 'agent' || role === 'supervisor';
  };

  return {
    forceState(actorId: number, command: ForceStateCommand): Result<AgentState> {
      const { agentId, reason } = command;
      if (!onFloor(agentId)) return fail('NOT_FOUND', `no agent ${agentId}`);
      if (agentId === actorId) return fail('CONFLICT', 'use your own state buttons');
      const before = floor.get(agentId);
      if (command.status === 'not-ready') {
        if (before.status === 'logged-out') return fail('INVALID_STATE', 'the agent is logged out');
        const pending = before.status === 'on-call' || before.status === 'wrap-up';
        tell(actorId, agentId, 'force-not-ready', reason, pending);
        const result = callCenter.forceNotReady(agentId, reason);
        if (result.ok) record(actorId, agentId, 'force-not-ready', reason, { from: before.status, pending });
        return result;
      }
      if (before.status === 'logged-out' && deps.consolesOf(agentId) === 0)
        return fail('INVALID_STATE', 'the agent is logged out');
      const pending = before.status === 'on-call' || before.status === 'wrap-up';
      tell(actorId, agentId, 'force-logout', reason, pending);
      // with no console left the agent leaves the ACD now (or after the call); with consoles, as they go
      if (deps.consolesOf(agentId) === 0) callCenter.agentSignedOut(agentId, 'forced');
      deps.endSessions(agentId, 'forced');
      record(actorId, agentId, 'force-logout', reason, { from: before.status, pending });
      return ok(floor.get(agentId));
    },

    endCall(actorId: number, command: EndCallCommand): Result<null> {
      const { agentId, reason } = command;
      if (!onFloor(agentId)) return fail('NOT_FOUND', `no agent ${agentId}`);
      const state = floor.get(agentId);
      const callId = state.callId;
      if (callId === null || (state.status !== 'on-call' && state.status !== 'ringing'))
        return fail('INVALID_STATE', `the agent has no call (${state.status})`);
      if (state.status === 'ringing') return fail('INVALID_STATE', 'the call is still ringing');
      tell(actorId, agentId, 'end-call', reason, false);
      const result = deps.endOutboundCall(agentId, callId) ? ok(null) : callCenter.endCallOf(agentId);
      if (result.ok) record(actorId, agentId, 'end-call', reason, { callId });
      return result;
    },
  };
}

export type FloorControl = ReturnType<typeof createFloorControl>;
