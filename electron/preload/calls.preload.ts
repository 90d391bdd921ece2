/** Preload fragment for calls: report an offered call, receive global hotkey presses. */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { desktopChannels, hotkeyEventSchema, type RingsideDesktopApi } from '../ipc-contract.js';
import type { Invoke } from './invoke.js';

export type CallsApi = Pick<RingsideDesktopApi, 'notifyCallOffered' | 'onHotkey'>;

export function createCallsApi(invoke: Invoke, ipc: Pick<IpcRenderer, 'on' | 'removeListener'>): CallsApi {
  return {
    notifyCallOffered: (offer) => invoke(desktopChannels.callOffered, offer),
    onHotkey(listener) {
      if (typeof listener !== 'function') throw new TypeError('onHotkey needs a listener function.');
      // Only the parsed payload reaches the page: the IPC event carries `sender`, i.e. ipcRenderer itself.
      const forward = (_event: IpcRendererEvent, payload: unknown): void => {
        const parsed = hotkeyEventSchema.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      };
      ipc.on(desktopChannels.hotkey, forward);
      return () => {
        ipc.removeListener(desktopChannels.hotkey, forward);
      };
    },
  };
}
