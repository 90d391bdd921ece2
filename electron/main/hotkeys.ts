/**
 * Global answer / hang-up shortcuts: they work while the agent types in another application. The shell only
 * forwards the press; the renderer decides whether there is a call to answer.
 */
import { app, globalShortcut } from 'electron';
import { hotkeyActions, type HotkeyAction, type HotkeyEvent } from '../ipc-contract.js';
import type { HotkeyBindings } from './config.js';

/** The installed shortcuts; `registered` lists the actions the OS accepted (another app may own a key). */
export interface InstalledHotkeys {
  readonly registered: readonly HotkeyAction[];
  dispose(): void;
}

function register(accelerator: string, onPress: () => void): boolean {
  try {
    return globalShortcut.register(accelerator, onPress);
  } catch {
    // Electron throws on an accelerator it cannot parse; a bad setting must not stop the shell.
    return false;
  }
}

/** Registers every binding and unregisters them when the app quits (global shortcuts outlive windows). */
export function installHotkeys(
  bindings: HotkeyBindings,
  send: (event: HotkeyEvent) => void,
): InstalledHotkeys {
  const registered: HotkeyAction[] = [];
  for (const action of hotkeyActions) {
    const accelerator = bindings[action];
    if (register(accelerator, () => send({ action }))) registered.push(action);
    else
      console.warn(`Hotkey for "${action}" (${accelerator}) is unavailable; another application may own it.`);
  }
  const dispose = (): void => {
    for (const action of registered) globalShortcut.unregister(bindings[action]);
    registered.length = 0;
  };
  app.once('will-quit', dispose);
  return { registered, dispose };
}
