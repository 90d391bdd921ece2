import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../services/format';
import { phone } from '../../services/softphone/softphone';
import type { LineView } from '../../services/softphone/softphone-store';
import { useNow } from '../../services/use-now';
import { useCommand } from '../call/use-command';
import { CallControls } from './CallControls';

// a plain signature: the full i18next key type of every locale is too deep to instantiate here
type PlainT = (key: string, options: Record<string, string>) => string;

function title(t: PlainT, line: LineView): string {
  if (line.consultFor !== null) return t('softphone.consultLine', { remote: line.remote });
  if (line.state === 'live') return t('softphone.talking', { remote: line.remote });
  return line.direction === 'inbound'
    ? t('softphone.inbound', { remote: line.remote })
    : t('softphone.outbound', { remote: line.remote });
}

/** A SIP call the bridge did not offer: an outbound or consult call, or a direct call from another agent. */
export function LineCard({ line }: { line: LineView }) {
  const { t } = useTranslation();
  const now = useNow();
  const { busy, error, run } = useCommand();
  const ringingIn = line.direction === 'inbound' && line.state === 'ringing';
  return (
    <section
      className={`card line-card line-${line.state}${line.held ? ' held' : ''}`}
      data-testid="sip-line"
      data-line-id={line.id}
      data-state={line.state}
    >
      <header className="card-head">
        <h3>
          {line.held
            ? `${title(t as unknown as PlainT, line)} · ${t('softphone.onHold')}`
            : title(t as unknown as PlainT, line)}
        </h3>
        {line.autoAnswered && (
          <span className="line-auto-answered" data-testid="line-auto-answered">
            {t('softphone.autoAnswered')}
          </span>
        )}
        {line.answeredAt !== null && (
          <span className="call-timer" data-testid="line-timer">
            {formatDuration(now - line.answeredAt)}
          </span>
        )}
      </header>
      <div className="actions">
        {ringingIn && (
          <>
            <button
              type="button"
              className="btn ok"
              data-testid="line-answer"
              disabled={busy}
              onClick={() => run(() => phone().answer(line.id))}
            >
              {t('softphone.answer')}
            </button>
            <button
              type="button"
              className="btn danger"
              data-testid="line-reject"
              disabled={busy}
              onClick={() => run(() => phone().reject(line.id))}
            >
              {t('softphone.reject')}
            </button>
          </>
        )}
        {line.state === 'live' && line.consultFor === null && (
          <button
            type="button"
            className="btn"
            data-testid="line-hold"
            aria-pressed={line.held}
            disabled={busy}
            onClick={() => run(() => phone().hold(line.id, !line.held))}
          >
            {line.held ? t('softphone.resume') : t('softphone.hold')}
          </button>
        )}
        {!ringingIn && (
          <button
            type="button"
            className="btn danger"
            data-testid="line-hangup"
            disabled={busy}
            onClick={() => run(() => phone().hangup(line.id))}
          >
            {t('softphone.hangup')}
          </button>
        )}
      </div>
      <CallControls lineId={line.id} />
      <ErrorMessage error={error} testId="line-error" />
    </section>
  );
}
