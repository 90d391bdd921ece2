import type { AgentMonitored, AgentSupervised } from '../../services/protocol';
import { createStore } from '../../services/store';

/** The last thing a supervisor did to this agent (forced not ready or out, ended the call), until dismissed. */
export const supervisedStore = createStore<AgentSupervised | null>(null);
/** A supervisor on this agent's call, where policy says the agent is told; null when none. */
export const monitoredStore = createStore<AgentMonitored | null>(null);

export function resetSupervision(): void {
  supervisedStore.set(null);
  monitoredStore.set(null);
}
