/**
 * Preload entry, bundled to one CommonJS file (dist-electron/preload/preload.cjs) because a sandboxed
 * preload can require only `electron` and a few built-ins, not its sibling files. It exports nothing.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL } from '../ipc-contract.js';
import { createDesktopApi } from './desktop-api.js';

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, createDesktopApi(ipcRenderer));
