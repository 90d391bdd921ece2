import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration, formatTime } from '../../services/format';
import { enumLabel } from '../../services/i18n';
import { localized } from '../../services/localized';
import type { InteractionView } from '../../services/protocol';

/** One past contact: when, who, which line, how it ended and what was noted. */
interface Props {
  item: InteractionView;
  testId: string;
  /** The disposition as shown in the console's language. */
  disposition: string | null;
}

export function InteractionRow({ item, testId, disposition }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <li className="interaction" data-testid={testId} data-interaction-id={item.id}>
      <div className="row-head">
        <span className="when">{formatDateTime(item.at, i18n.language)}</span>
        <span className={`tag dir-${item.direction}`}>{enumLabel('direction', item.direction)}</span>
        {item.businessTypeName && (
          <span className="muted" data-testid={`${testId}-business-type`}>
            {localized(i18n.language, item.businessTypeName.en, item.businessTypeName.zh)}
          </span>
        )}
        <span className="who">{item.agent ? t('customer.by', { agent: item.agent }) : t('common.none')}</span>
        <strong className="disposition">{disposition ?? t('customer.noDisposition')}</strong>
        {item.disposition === null && <span className="muted">{enumLabel('outcome', item.outcome)}</span>}
        {item.talkMs !== null && item.talkMs > 0 && (
          <span className="muted">{t('customer.talk', { time: formatDuration(item.talkMs) })}</span>
        )}
        {item.answeredAt !== null && item.endedAt !== null && (
          <span className="muted" data-testid={`${testId}-span`}>
            {t('customer.span', {
              from: formatTime(item.answeredAt, i18n.language),
              to: formatTime(item.endedAt, i18n.language),
            })}
          </span>
        )}
      </div>
      {item.transfer && (
        <p className="muted small" data-testid={`${testId}-transfer`}>
          {t('customer.transferredFrom', {
            agent: item.transfer.fromAgent ?? t('call.colleague'),
            kind: t(`call.transferKind.${item.transfer.kind}`),
          })}
        </p>
      )}
      {item.notes && <p className="notes">{item.notes}</p>}
    </li>
  );
}
