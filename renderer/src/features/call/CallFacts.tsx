import { useTranslation } from 'react-i18next';
import { callerDisplay } from '../../services/caller-display';
import { formatDuration } from '../../services/format';
import { localized } from '../../services/localized';
import type { CallOffer } from '../../services/protocol';

/** Who is calling, which line they dialled and which queue sent it here, named in the console's language. */
export function CallFacts({ offer }: { offer: CallOffer }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const caller = callerDisplay(offer.callerRaw, offer.callerE164);
  return (
    <dl className="facts">
      <div>
        <dt>{t('call.caller')}</dt>
        <dd className="caller-number" data-testid="call-caller" title={offer.callerRaw}>
          {caller ?? t('call.withheld')}
        </dd>
      </div>
      <div>
        <dt>{t('call.serviceNumber')}</dt>
        <dd data-testid="call-line" title={offer.serviceNumber}>
          {localized(lang, offer.line.label, offer.line.labelZh)}
        </dd>
      </div>
      <div>
        <dt>{t('call.businessType')}</dt>
        <dd data-testid="call-business-type">
          {localized(lang, offer.businessType.name, offer.businessType.nameZh)}
        </dd>
      </div>
      <div>
        <dt>{t('call.queue')}</dt>
        <dd data-testid="call-queue">{localized(lang, offer.queue.name, offer.queue.nameZh)}</dd>
      </div>
      {(offer.overflowedFrom ?? []).length > 0 && (
        <div>
          <dt>{t('myQueues.overflowedFrom')}</dt>
          <dd data-testid="call-overflowed-from">
            {(offer.overflowedFrom ?? []).map((q) => localized(lang, q.name, q.nameZh)).join(', ')}
          </dd>
        </div>
      )}
      <div>
        <dt>{t('myQueues.waited')}</dt>
        <dd data-testid="call-waited">{formatDuration(Math.max(0, offer.offeredAt - offer.queuedAt))}</dd>
      </div>
      {(offer.attached ?? []).map((item) => (
        <div key={item.key} data-testid={`call-attached-${item.key}`}>
          <dt>{localized(lang, item.label, item.labelZh)}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
      {offer.routingRule && (
        <div>
          <dt>{t('skills.routedBecause')}</dt>
          <dd data-testid="call-routing-rule">{offer.routingRule}</dd>
        </div>
      )}
      {offer.transferredFrom && (
        <div>
          <dt>{t('call.transferredFrom')}</dt>
          <dd data-testid="call-transferred-from">
            {offer.transferredFrom.agent ?? t('call.colleague')} (
            {t(`call.transferKind.${offer.transferredFrom.kind}`)})
          </dd>
        </div>
      )}
    </dl>
  );
}
