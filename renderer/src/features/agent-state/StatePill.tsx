import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../services/format';
import { reasonLabel } from '../../services/i18n';
import { connectionStore } from '../../services/cti-client';
import { useStore } from '../../services/store';
import { useNow } from '../../services/use-now';
import type { AgentState } from '../../services/protocol';
import { callStore } from '../call/call-store';
import { outboundStore } from '../campaigns/outbound-store';

/**
 * Status pill: translated label, reason, time in state; on hold, the hold and its own time; in wrap-up, the time
 * left or, past it, the overrun; a pending "not ready after this call"; a note while the phone is on a call
 * outside the queues. Its width is fixed so the header does not move. `agent-status` carries the raw status.
 */
export function StatePill({ state }: { state: AgentState | null }) {
  const { t } = useTranslation();
  const now = useNow();
  const { call } = useStore(callStore);
  const outboundHold = useStore(outboundStore).held;
  // While the socket is down the state shown is the last one known, not necessarily the current one.
  const stale = useStore(connectionStore) !== 'connected';
  if (!state) {
    return <span className="pill pill-unknown">{t('common.loading')}</span>;
  }
  const reason = state.status === 'not-ready' && state.reason ? reasonLabel(state.reason) : null;
  const inboundHeld = state.status === 'on-call' && call?.offer.callId === state.callId && call.held;
  // a campaign call the bridge placed: its hold comes from the bridge (the outbound card's call)
  const outboundHeldSince =
    state.status === 'on-call' && outboundHold?.callId === state.callId ? outboundHold.since : null;
  const held = inboundHeld || outboundHeldSince !== null;
  const heldSince = inboundHeld ? (call?.heldSince ?? null) : outboundHeldSince;
  const wrapEnds = state.status === 'wrap-up' ? state.wrapUpEndsAt : null;
  const overrun = wrapEnds !== null && now > wrapEnds;
  const title = [t(`status.${state.status}`), reason].filter(Boolean).join(' · ');
  return (
    <span
      className={`pill pill-${state.status}${held ? ' pill-held' : ''}${stale ? ' stale' : ''}`}
      title={title}
      data-testid="state-pill"
    >
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
      {heldSince !== null && (
        <span className="pill-extra" data-testid="pill-hold">
          {t('header.onHold', { time: formatDuration(now - heldSince) })}
        </span>
      )}
      {wrapEnds !== null && (
        <span
          className={`pill-extra${overrun ? ' pill-overrun' : ''}`}
          data-testid="pill-wrap-up"
          data-overrun={overrun}
        >
          {overrun
            ? t('header.wrapUpOverrun', { time: formatDuration(now - wrapEnds) })
            : t('header.wrapUpLeft', { time: formatDuration(wrapEnds - now) })}
        </span>
      )}
      {state.pendingNotReady !== null && (
        <span className="pill-extra" data-testid="pill-pending-not-ready">
          {t('header.pendingNotReady', { reason: reasonLabel(state.pendingNotReady) })}
        </span>
      )}
      {state.phoneBusy && (
        <span className="pill-extra" data-testid="agent-phone-busy">
          {t('header.phoneBusy')}
        </span>
      )}
    </span>
  );
}
