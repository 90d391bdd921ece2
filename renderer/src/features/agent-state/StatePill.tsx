import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../services/format';
import { reasonLabel } from '../../services/i18n';
import { connectionStore } from '../../services/cti-client';
import { useStore } from '../../services/store';
import { useNow } from '../../services/use-now';
import type { AgentState } from '../../services/protocol';

/**
 * Status pill: translated label, reason, time in state, and a note while the phone is on a call outside the
 * queues; `agent-status` carries the raw status for tests.
 */
export function StatePill({ state }: { state: AgentState | null }) {
  const { t } = useTranslation();
  const now = useNow();
  // While the socket is down the state shown is the last one known, not necessarily the current one.
  const stale = useStore(connectionStore) !== 'connected';
  if (!state) {
    return <span className="pill pill-unknown">{t('common.loading')}</span>;
  }
  const reason = state.status === 'not-ready' && state.reason ? reasonLabel(state.reason) : null;
  const wrapLeft =
    state.status === 'wrap-up' && state.wrapUpEndsAt !== null
      ? formatDuration(state.wrapUpEndsAt - now)
      : null;
  return (
    <span className={`pill pill-${state.status}${stale ? ' stale' : ''}`}>
      <span className="sr-only" aria-hidden="true" data-testid="agent-status" data-version={state.version}>
        {state.status}
      </span>
      <span className="pill-label">
        {t(`status.${state.status}`)}
        {reason && ` · ${reason}`}
      </span>
      <span className="pill-time" title={t('header.inState')}>
        {formatDuration(now - state.since)}
      </span>
      {wrapLeft && <span className="pill-extra">{t('header.wrapUpLeft', { time: wrapLeft })}</span>}
      {state.phoneBusy && (
        <span className="pill-extra" data-testid="agent-phone-busy">
          {t('header.phoneBusy')}
        </span>
      )}
    </span>
  );
}
