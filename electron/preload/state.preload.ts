/** Preload fragment for the agent state shown in the tray. */
import { desktopChannels, type RingsideDesktopApi } from '../ipc-contract.js';
import type { Invoke } from './invoke.js';

export type StateApi = Pick<RingsideDesktopApi, 'setAgentState'>;

export function createStateApi(invoke: Invoke): StateApi {
  return {
    setAgentState: (state) => invoke(desktopChannels.agentStateChanged, state),
  };
}
