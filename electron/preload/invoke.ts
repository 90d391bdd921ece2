/**
 * The one place the preload calls `ipcRenderer.invoke`. Fragments get a typed `Invoke` bound to contract
 * channels; the function itself is never exposed to the page, so the page cannot name a channel.
 */
import type { IpcRenderer } from 'electron';
import {
  desktopFail,
  invokeChannels,
  type DesktopResult,
  type InvokeChannel,
  type InvokePayload,
  type InvokeResults,
} from '../ipc-contract.js';

/** Sends a request on a contract channel; resolves with main's answer and never rejects. */
export type Invoke = <C extends InvokeChannel>(
  channel: C,
  payload: InvokePayload<C>,
) => Promise<DesktopResult<InvokeResults[C]>>;

export function createInvoke(ipc: Pick<IpcRenderer, 'invoke'>): Invoke {
  return async <C extends InvokeChannel>(channel: C, payload: InvokePayload<C>) => {
    // Types already forbid other channels; this guards against a future untyped caller.
    if (!invokeChannels.includes(channel)) return desktopFail('NOT_FOUND', 'Unknown desktop channel.');
    try {
      return (await ipc.invoke(channel, payload)) as DesktopResult<InvokeResults[C]>;
    } catch {
      // invoke rejects when main has no handler (an older shell) or the window is closing.
      return desktopFail('INTERNAL', `The desktop shell did not answer ${channel}.`);
    }
  };
}
