import { setApiToken, setUnauthorizedHandler } from '../../services/api-client';
import { desktopBridge } from '../../services/desktop-bridge';
import { ringsideApi } from '../../services/ringside-api';
import { isTransient, type UiResult } from '../../services/ui-error';
import {
  savedSipCredentials,
  savedToken,
  sessionStore,
  signedIn,
  signedOut,
  type SignOutNotice,
} from './session-store';

/** Any 401 on an authenticated request ends the session and returns to the login screen. */
setUnauthorizedHandler(() => {
  if (sessionStore.get().kind !== 'authenticated') return;
  void desktopBridge.clearCredentials();
  signedOut('refused');
});

/** True while this console signs itself out: the bridge's `session:ended` for it is then no news. */
let signingOut = false;

/** The bridge ended this session (logout elsewhere, expiry, disabled account): sign in again, told why. */
export function sessionEnded(notice: Exclude<SignOutNotice, null>): void {
  if (signingOut || sessionStore.get().kind !== 'authenticated') return;
  void desktopBridge.clearCredentials();
  signedOut(notice);
}

export async function login(username: string, password: string): Promise<UiResult<null>> {
  const res = await ringsideApi.login(username, password);
  if (!res.ok) return res;
  signedIn(res.data.token, res.data.user, res.data.sip);
  // Remembered by the desktop shell only; in a browser this resolves NOT_AVAILABLE and nothing is kept.
  void desktopBridge.saveCredentials({ username: res.data.user.username, token: res.data.token });
  return { ok: true, data: null };
}

async function rememberedToken(): Promise<string | null> {
  const saved = savedToken();
  if (saved) return saved;
  const remembered = await desktopBridge.loadCredentials();
  return remembered.ok ? (remembered.data?.token ?? null) : null;
}

const restoreRetryMs = 3000;

/** After a reload (or a desktop restart): re-validate the saved token and fetch the user it belongs to. */
export async function restoreSession(): Promise<void> {
  const token = await rememberedToken();
  if (!token) {
    signedOut(null);
    return;
  }
  setApiToken(token);
  const me = await ringsideApi.me();
  if (me.ok) {
    // Only a token of this tab has SIP credentials beside it; the keychain never holds them.
    signedIn(token, me.data, token === savedToken() ? savedSipCredentials() : null);
    return;
  }
  if (isTransient(me.error)) {
    // The bridge is restarting or unreachable: keep the session and try again rather than sign out.
    window.setTimeout(() => void restoreSession(), restoreRetryMs);
    return;
  }
  if (me.error.code === 'UNAUTHENTICATED') void desktopBridge.clearCredentials();
  signedOut(me.error.code === 'UNAUTHENTICATED' ? 'refused' : null);
}

/** Ends the HTTP session; the caller has already logged the agent out of the ACD. */
export async function logout(): Promise<void> {
  signingOut = true;
  try {
    await ringsideApi.logout();
    await desktopBridge.clearCredentials();
    signedOut(null);
  } finally {
    signingOut = false;
  }
}
