import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useStore } from '../../services/store';
import type { AgentState } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';
import { callStore } from '../call/call-store';
import { isNotReadyReason, notReadyReasons, setAgentState, type NotReadyReason } from './agent-commands';

interface Props {
  state: AgentState | null;
  /** Logs the agent out of the ACD and ends the session; owned by the app shell. */
  onLogout: () => Promise<UiResult<null>>;
}

/** What each button does in the agent's current state; null when it does not apply (the button is disabled). */
function choices(state: AgentState | null, dispositionRequired: boolean) {
  const status = state?.status ?? null;
  const pending = state?.pendingNotReady ?? null;
  const holdsCall = status === 'on-call' || status === 'wrap-up';
  const ready =
    status === 'not-ready' ||
    (holdsCall && pending !== null) ||
    (status === 'wrap-up' && !dispositionRequired)
      ? ('ready' as const)
      : null;
  const notReady =
    status === 'ready' || status === 'not-ready' ? ('now' as const) : holdsCall ? ('after' as const) : null;
  return { ready, notReady, pending };
}

/**
 * Ready / Not ready (with reason) / Log out. The pressed button shows the current availability; a button that
 * does not apply is disabled. On a call or in wrap-up, Not ready becomes "Not ready after this call" and Ready
 * takes that back. The bridge decides; a refusal shows as text until the state next changes.
 */
export function StateControls({ state, onLogout }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<NotReadyReason>('break');
  const [busy, setBusy] = useState(false);
  // a refusal is about the state it was refused in: once the state changes it is stale and not shown
  const [refusal, setRefusal] = useState<{ error: UiError; version: number | null } | null>(null);
  const { call } = useStore(callStore);
  const version = state?.version ?? null;
  const error = refusal?.version === version ? refusal.error : null;

  const run = async (action: () => Promise<UiResult<null>>) => {
    setBusy(true);
    setRefusal(null);
    const res = await action();
    setBusy(false);
    if (!res.ok) setRefusal({ error: res.error, version });
  };

  const wrapping = state?.status === 'wrap-up' && call?.offer.interactionId === state.interactionId;
  const dispositionRequired = wrapping && call?.offer.queue.wrapUpMode === 'disposition-required';
  const { ready, notReady, pending } = choices(state, dispositionRequired);
  const onCall = state?.status === 'ringing' || state?.status === 'on-call';
  const isReady = state?.status === 'ready';
  const isNotReady = state?.status === 'not-ready' || pending !== null;
  return (
    <div className="state-controls">
      <button
        type="button"
        className="btn ok"
        data-testid="btn-ready"
        aria-pressed={isReady}
        disabled={busy || ready === null}
        title={dispositionRequired && pending === null ? t('header.readyNeedsDisposition') : undefined}
        onClick={() => void run(() => setAgentState({ status: 'ready' }))}
      >
        {isReady && '✓ '}
        {t('header.ready')}
      </button>
      <span className="btn-group">
        <select
          aria-label={t('header.reason')}
          data-testid="not-ready-reason"
          value={reason}
          disabled={notReady === null}
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
          data-mode={notReady ?? 'none'}
          aria-pressed={isNotReady}
          disabled={busy || notReady === null}
          onClick={() => void run(() => setAgentState({ status: 'not-ready', reason }))}
        >
          {isNotReady && '✓ '}
          {notReady === 'after' ? t('header.notReadyAfter') : t('header.notReady')}
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
