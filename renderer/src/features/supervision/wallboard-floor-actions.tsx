import { setAgentActions } from '../wallboard/agent-actions';
import { AgentFloorActions } from './AgentFloorActions';

/**
 * Puts the floor controls (force not ready or out with a reason, end a stuck call, listen…) in every agent row of
 * the wallboard but the supervisor's own (their own state has its own buttons).
 */
export function mountFloorActions(selfId: number): void {
  setAgentActions((row) =>
    row.agentId === selfId ? null : <AgentFloorActions agentId={row.agentId} status={row.state.status} />,
  );
}
