import { useTranslation } from 'react-i18next';
import { ConnectionIndicator } from '../features/agent-state/ConnectionIndicator';
import { StateControls } from '../features/agent-state/StateControls';
import { StatePill } from '../features/agent-state/StatePill';
import { RegistrationStatus } from '../features/softphone/PhoneStatus';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import type { AgentState, UserView } from '../services/protocol';
import { signOutAgent } from './sign-out';

/** The state bar: who, in which state for how long, the state buttons, connection and language. */
export function Header({ user, state }: { user: UserView; state: AgentState | null }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <span className="brand">{t('app.name')}</span>
      <span className="agent">
        <strong data-testid="agent-name">{user.displayName}</strong>
        <span className="muted small">{t(`header.role.${user.role}`)}</span>
      </span>
      {/* admins do not sit on the floor: no agent state to show or change, only signing out */}
      {user.role === 'admin' ? (
        <button type="button" className="btn" data-testid="btn-logout" onClick={() => void signOutAgent()}>
          {t('header.logout')}
        </button>
      ) : (
        <>
          <StatePill state={state} />
          <StateControls state={state} onLogout={signOutAgent} />
        </>
      )}
      <span className="spacer" />
      <RegistrationStatus />
      <ConnectionIndicator />
      <LanguageSwitch />
    </header>
  );
}
