import { createStore } from '../../services/store';
import { agentStateSchema, type AgentState } from '../../services/protocol';

/** The bridge's authoritative agent state as last received; `null` until the first push after login. */
export const agentStateStore = createStore<AgentState | null>(null);

/** Version floor: pushes older than the state we hold are stale and dropped. `null` accepts anything. */
let floor: number | null = null;

/**
 * A new connection may face a restarted bridge whose versions start again, so the floor is lifted on every
 * connect; the first state received afterwards sets it again.
 */
export function resetAgentStateVersion(): void {
  floor = null;
}

/** Applies a state unless it is older than the one held. Returns whether it was applied. */
export function applyAgentState(state: AgentState): boolean {
  if (floor !== null && state.version < floor) return false;
  floor = state.version;
  agentStateStore.set(state);
  return true;
}

/** Applies a command ack's state after checking it against the contract. */
export function applyAckedState(data: unknown): void {
  const parsed = agentStateSchema.safeParse(data);
  if (parsed.success) applyAgentState(parsed.data);
}

export function clearAgentState(): void {
  floor = null;
  agentStateStore.set(null);
}
