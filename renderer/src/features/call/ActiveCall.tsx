import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../services/format';
import { useNow } from '../../services/use-now';
import { CallControls } from '../softphone/CallControls';
import { holdCall, hangupCall } from './call-commands';
import { CallFacts } from './CallFacts';
import type { CallView } from './call-store';
import { useCommand } from './use-command';

/** The live call: talk timer, hold/resume, hang up. */
export function ActiveCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const now = useNow();
  const { busy, error, run } = useCommand();
  const { callId } = call.offer;
  const talkMs = call.answeredAt === null ? 0 : now - call.answeredAt;
  return (
    <section className={`card call-card live${call.held ? ' held' : ''}`} data-testid="active-call">
      <header className="card-head">
        <h2>{call.held ? t('call.onHold') : t('call.live')}</h2>
        <span className="call-timer" data-testid="call-timer">
          {formatDuration(talkMs)}
        </span>
      </header>
      <CallFacts offer={call.offer} />
      <div className="actions">
        <button
          type="button"
          className="btn"
          data-testid="btn-hold"
          aria-pressed={call.held}
          disabled={busy}
          onClick={() => run(() => holdCall(callId, !call.held))}
        >
          {call.held ? t('call.resume') : t('call.hold')}
        </button>
        <button
          type="button"
          className="btn danger"
          data-testid="btn-hangup"
          disabled={busy}
          onClick={() => run(() => hangupCall(callId))}
        >
          {t('call.hangup')}
        </button>
      </div>
      <CallControls lineId={callId} />
      <ErrorMessage error={error} testId="call-error" />
    </section>
  );
}

/** After hang-up: what happened, until the wrap-up is saved or the next call rings. */
export function EndedCall({ call }: { call: CallView }) {
  const { t } = useTranslation();
  const endedBy =
    call.endedBy === 'agent'
      ? t('call.endedByAgent')
      : call.endedBy === 'caller'
        ? t('call.endedByCaller')
        : null;
  return (
    <section className="card call-card ended" data-testid="ended-call">
      <header className="card-head">
        <h2>{t('call.ended')}</h2>
        {call.talkMs !== null && (
          <span className="muted">{t('call.talkTime', { time: formatDuration(call.talkMs) })}</span>
        )}
      </header>
      <CallFacts offer={call.offer} />
      {endedBy && <p className="muted small">{endedBy}</p>}
    </section>
  );
}
