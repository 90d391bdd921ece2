import { setApiToken } from '../../services/api-client';
import { desktopBridge } from '../../services/desktop-bridge';
import { readString, removeKey, writeString } from '../../services/storage';
import { createStore } from '../../services/store';
import type { UserView } from '../../services/protocol';

/**
 * Who is signed in. `restoring` while a saved token is checked against `/api/me` after a reload. In a browser
 * the token lives in sessionStorage (it survives a reload of this tab, not the tab itself); the desktop shell
 * also keeps it encrypted in the OS keychain, so the app reopens signed in.
 */
export type SessionState =
  | { kind: 'restoring' }
  | { kind: 'anonymous'; expired: boolean }
  | { kind: 'authenticated'; token: string; user: UserView };

const tokenKey = 'ringside:token';

export const sessionStore = createStore<SessionState>(
  readString('session', tokenKey) || desktopBridge.isDesktop
    ? { kind: 'restoring' }
    : { kind: 'anonymous', expired: false },
);

export function savedToken(): string | null {
  return readString('session', tokenKey);
}

export function signedIn(token: string, user: UserView): void {
  writeString('session', tokenKey, token);
  setApiToken(token);
  sessionStore.set({ kind: 'authenticated', token, user });
}

export function signedOut(expired: boolean): void {
  removeKey('session', tokenKey);
  setApiToken(null);
  sessionStore.set({ kind: 'anonymous', expired });
}
