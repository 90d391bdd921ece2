import { setApiToken, setUnauthorizedHandler } from '../../services/api-client';
import { ringsideApi } from '../../services/ringside-api';
import type { UiResult } from '../../services/ui-error';
import { savedToken, sessionStore, signedIn, signedOut } from './session-store';

/** Any 401 on an authenticated request ends the session and returns to the login screen. */
setUnauthorizedHandler(() => {
  if (sessionStore.get().kind === 'authenticated') signedOut(true);
});

export async function login(username: string, password: string): Promise<UiResult<null>> {
  const res = await ringsideApi.login(username, password);
  if (!res.ok) return res;
  signedIn(res.data.token, res.data.user);
  return { ok: true, data: null };
}

/** After a reload: re-validate the saved token and fetch the user it belongs to. */
export async function restoreSession(): Promise<void> {
  const token = savedToken();
  if (!token) {
    signedOut(false);
    return;
  }
  setApiToken(token);
  const me = await ringsideApi.me();
  if (me.ok) signedIn(token, me.data);
  else signedOut(me.error.code === 'UNAUTHENTICATED');
}

/** Ends the HTTP session; the caller has already logged the agent out of the ACD. */
export async function logout(): Promise<void> {
  await ringsideApi.logout();
  signedOut(false);
}
