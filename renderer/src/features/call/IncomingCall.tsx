import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../services/format';
import { useNow } from '../../services/use-now';
import type { CallOffer } from '../../services/protocol';
import { answerCall, rejectCall } from './call-commands';
import { CallFacts } from './CallFacts';
import { useCommand } from './use-command';

/** The ringing card: answer or reject before the ring timeout moves the call on. */
export function IncomingCall({ offer }: { offer: CallOffer }) {
  const { t } = useTranslation();
  const now = useNow(250);
  const { busy, error, run } = useCommand();
  const deadline = offer.offeredAt + offer.ringTimeoutMs;
  const leftMs = Math.max(0, deadline - now);
  const share = offer.ringTimeoutMs > 0 ? Math.min(1, leftMs / offer.ringTimeoutMs) : 0;
  return (
    <section className="card call-card ringing" data-testid="incoming-call" aria-live="assertive">
      <header className="card-head">
        <h2>{t('call.incoming')}</h2>
        <span className="countdown" data-testid="ring-countdown">
          {t('call.ringsOut', { seconds: Math.ceil(leftMs / 1000) })}
        </span>
      </header>
      <div className="ring-bar" aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <CallFacts offer={offer} />
      <p className="muted small">
        {t('call.waited', { time: formatDuration(offer.offeredAt - offer.queuedAt) })}
      </p>
      <div className="actions">
        <button
          type="button"
          className="btn ok big"
          data-testid="btn-answer"
          disabled={busy}
          onClick={() => run(() => answerCall(offer.callId))}
        >
          {t('call.answer')}
        </button>
        <button
          type="button"
          className="btn danger big"
          data-testid="btn-reject"
          disabled={busy}
          onClick={() => run(() => rejectCall(offer.callId))}
        >
          {t('call.reject')}
        </button>
      </div>
      <ErrorMessage error={error} testId="call-error" />
    </section>
  );
}
