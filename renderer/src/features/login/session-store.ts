import { setApiToken } from '../../services/api-client';
import { desktopBridge } from '../../services/desktop-bridge';
import { readString, removeKey, writeString } from '../../services/storage';
import { createStore } from '../../services/store';
import {
  sipCredentialsSchema,
  type SessionEndReason,
  type SipCredentials,
  type UserView,
} from '../../services/protocol';

/**
 * Why the last session ended when the console did not end it itself: the bridge said why (`session:ended`), or
 * `refused` (an API call answered 401, reason unknown). Null after a sign-out of the user's own.
 */
export type SignOutNotice = SessionEndReason | 'refused' | null;

/**
 * Who is signed in. `restoring` while a saved token is checked against `/api/me` after a reload. In a browser
 * the token lives in sessionStorage (it survives a reload of this tab, not the tab itself); the desktop shell
 * also keeps it encrypted in the OS keychain, so the app reopens signed in.
 */
export type SessionState =
  | { kind: 'restoring' }
  | { kind: 'anonymous'; notice: SignOutNotice }
  | { kind: 'authenticated'; token: string; user: UserView; sip: SipCredentials | null };

const tokenKey = 'ringside:token';
/**
 * The softphone's SIP credentials (fresh for every login) sit next to the token in sessionStorage, never in
 * localStorage or the keychain: a reload of this tab must re-register the phone (no endpoint hands them out
 * again), and they are no more exposed than the bearer token already kept there. They die with the tab or at
 * sign-out.
 */
const sipKey = 'ringside:sip';

export const sessionStore = createStore<SessionState>(
  readString('session', tokenKey) || desktopBridge.isDesktop
    ? { kind: 'restoring' }
    : { kind: 'anonymous', notice: null },
);

export function savedToken(): string | null {
  return readString('session', tokenKey);
}

/** The SIP credentials kept for this tab, if they are still well-formed. */
export function savedSipCredentials(): SipCredentials | null {
  const raw = readString('session', sipKey);
  if (!raw) return null;
  try {
    const parsed = sipCredentialsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function signedIn(token: string, user: UserView, sip: SipCredentials | null): void {
  writeString('session', tokenKey, token);
  if (sip) writeString('session', sipKey, JSON.stringify(sip));
  else removeKey('session', sipKey);
  setApiToken(token);
  sessionStore.set({ kind: 'authenticated', token, user, sip });
}

export function signedOut(notice: SignOutNotice): void {
  removeKey('session', tokenKey);
  removeKey('session', sipKey);
  setApiToken(null);
  sessionStore.set({ kind: 'anonymous', notice });
}
