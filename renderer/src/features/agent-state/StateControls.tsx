import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { AgentState } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';
import { isNotReadyReason, notReadyReasons, setAgentState, type NotReadyReason } from './agent-commands';

interface Props {
  state: AgentState | null;
  /** Logs the agent out of the ACD and ends the session; owned by the app shell. */
  onLogout: () => Promise<UiResult<null>>;
}

/** Ready / Not ready (with reason) / Log out. The bridge decides what is allowed; refusals show as text. */
export function StateControls({ state, onLogout }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<NotReadyReason>('break');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const run = async (action: () => Promise<UiResult<null>>) => {
    setBusy(true);
    setError(null);
    const res = await action();
    setBusy(false);
    if (!res.ok) setError(res.error);
  };

  const onCall = state?.status === 'ringing' || state?.status === 'on-call';
  return (
    <div className="state-controls">
      <button
        type="button"
        className="btn ok"
        data-testid="btn-ready"
        disabled={busy}
        onClick={() => void run(() => setAgentState({ status: 'ready' }))}
      >
        {t('header.ready')}
      </button>
      <span className="btn-group">
        <select
          aria-label={t('header.reason')}
          data-testid="not-ready-reason"
          value={reason}
          onChange={(e) => {
            if (isNotReadyReason(e.target.value)) setReason(e.target.value);
          }}
        >
          {notReadyReasons.map((r) => (
            <option key={r} value={r}>
              {t(`reasons.${r}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn warn"
          data-testid="btn-not-ready"
          disabled={busy}
          onClick={() => void run(() => setAgentState({ status: 'not-ready', reason }))}
        >
          {t('header.notReady')}
        </button>
      </span>
      <button
        type="button"
        className="btn"
        data-testid="btn-logout"
        disabled={busy || onCall}
        title={onCall ? t('header.logoutBusy') : undefined}
        onClick={() => void run(onLogout)}
      >
        {t('header.logout')}
      </button>
      <ErrorMessage error={error} testId="state-error" />
    </div>
  );
}
