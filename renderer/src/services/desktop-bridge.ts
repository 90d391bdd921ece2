/**
 * The console's view of the Electron shell. Inside Ringside Desktop it forwards to `window.ringsideDesktop`;
 * in a plain browser (supervisors, admins) every call is a harmless no-op and `isDesktop` is false, so
 * features never branch on `window` themselves.
 */
import {
  DESKTOP_API_GLOBAL,
  DESKTOP_API_VERSION,
  desktopFail,
  desktopOk,
  type AgentStateNotice,
  type CallOfferedNotice,
  type Credentials,
  type DesktopResult,
  type HotkeyEvent,
  type RingsideDesktopApi,
} from '../../../electron/ipc-contract';

/**
 * Desktop integration for the console. Requests always resolve with a `DesktopResult`, never reject.
 * In a browser: notifications and tray updates succeed doing nothing, `loadCredentials` finds nothing,
 * `saveCredentials` fails with NOT_AVAILABLE (so "remember me" can say why), hotkeys never fire.
 */
export interface DesktopBridge {
  /** True only inside the Ringside shell with a compatible preload (same `DESKTOP_API_VERSION`). */
  readonly isDesktop: boolean;
  notifyCallOffered(offer: CallOfferedNotice): Promise<DesktopResult<null>>;
  setAgentState(state: AgentStateNotice): Promise<DesktopResult<null>>;
  saveCredentials(credentials: Credentials): Promise<DesktopResult<null>>;
  loadCredentials(): Promise<DesktopResult<Credentials | null>>;
  clearCredentials(): Promise<DesktopResult<null>>;
  /** Subscribes to global hotkey presses; returns the unsubscribe function. */
  onHotkey(listener: (event: HotkeyEvent) => void): () => void;
}

const resolvedNull = (): Promise<DesktopResult<null>> => Promise.resolve(desktopOk(null));

export const browserDesktopBridge: DesktopBridge = Object.freeze({
  isDesktop: false,
  notifyCallOffered: resolvedNull,
  setAgentState: resolvedNull,
  saveCredentials: () =>
    Promise.resolve(desktopFail('NOT_AVAILABLE', 'Remembering the login needs Ringside Desktop.')),
  loadCredentials: (): Promise<DesktopResult<Credentials | null>> => Promise.resolve(desktopOk(null)),
  clearCredentials: resolvedNull,
  onHotkey: () => () => undefined,
});

const apiMethods = [
  'notifyCallOffered',
  'setAgentState',
  'saveCredentials',
  'loadCredentials',
  'clearCredentials',
  'onHotkey',
] as const;

function isCompatibleApi(candidate: unknown): candidate is RingsideDesktopApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const api = candidate as Record<string, unknown>;
  return (
    api['apiVersion'] === DESKTOP_API_VERSION && apiMethods.every((name) => typeof api[name] === 'function')
  );
}

/** Turns a rejected call (a shell bug, a closing window) into a result, keeping the "never rejects" promise. */
async function settle<T>(call: () => Promise<DesktopResult<T>>): Promise<DesktopResult<T>> {
  try {
    return await call();
  } catch {
    return desktopFail('INTERNAL', 'The desktop shell did not answer.');
  }
}

function wrap(api: RingsideDesktopApi): DesktopBridge {
  return Object.freeze({
    isDesktop: true,
    notifyCallOffered: (offer: CallOfferedNotice) => settle(() => api.notifyCallOffered(offer)),
    setAgentState: (state: AgentStateNotice) => settle(() => api.setAgentState(state)),
    saveCredentials: (credentials: Credentials) => settle(() => api.saveCredentials(credentials)),
    loadCredentials: () => settle(() => api.loadCredentials()),
    clearCredentials: () => settle(() => api.clearCredentials()),
    onHotkey: (listener: (event: HotkeyEvent) => void) => api.onHotkey(listener),
  });
}

/** Builds the bridge from `host` (the window by default); an absent or incompatible API gives the fallback. */
export function createDesktopBridge(host: object = globalThis): DesktopBridge {
  const candidate: unknown = (host as Record<string, unknown>)[DESKTOP_API_GLOBAL];
  if (candidate === undefined) return browserDesktopBridge;
  if (isCompatibleApi(candidate)) return wrap(candidate);
  console.warn('Ringside Desktop API version mismatch: desktop features are off until the shell is updated.');
  return browserDesktopBridge;
}

/** The bridge for this page, resolved once: the preload runs before any page script. */
export const desktopBridge: DesktopBridge = createDesktopBridge();
