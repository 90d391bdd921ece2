import { setAgentState } from '../features/agent-state/agent-commands';
import { logout } from '../features/login/session-actions';
import { resetDispositions } from '../features/dispositions/use-dispositions';
import { isTransient, type UiResult } from '../services/ui-error';

/**
 * "Log out": leave the ACD (agent state logged-out), then end the HTTP session. A bridge that cannot be reached
 * or an agent already logged out does not keep anyone signed in; any other refusal is shown and stops here.
 * Unsent wrap-up drafts stay on this computer and are sent at the next sign-in.
 */
export async function signOutAgent(): Promise<UiResult<null>> {
  const res = await setAgentState({ status: 'logged-out' });
  if (!res.ok && !isTransient(res.error) && res.error.code !== 'INVALID_STATE') return res;
  await logout();
  resetDispositions();
  return { ok: true, data: null };
}
