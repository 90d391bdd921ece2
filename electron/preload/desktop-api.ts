/** Combines the per-area preload fragments into the single object exposed as `window.ringsideDesktop`. */
import type { IpcRenderer } from 'electron';
import { DESKTOP_API_VERSION, type RingsideDesktopApi } from '../ipc-contract.js';
import { createCallsApi } from './calls.preload.js';
import { createCredentialsApi } from './credentials.preload.js';
import { createInvoke } from './invoke.js';
import { createStateApi } from './state.preload.js';

export function createDesktopApi(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): RingsideDesktopApi {
  const invoke = createInvoke(ipc);
  return Object.freeze({
    apiVersion: DESKTOP_API_VERSION,
    ...createCallsApi(invoke, ipc),
    ...createStateApi(invoke),
    ...createCredentialsApi(invoke),
  });
}
