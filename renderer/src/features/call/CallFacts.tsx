import { useTranslation } from 'react-i18next';
import type { CallOffer } from '../../services/protocol';

/** Who is calling, which number they dialled and which queue sent it here. */
export function CallFacts({ offer }: { offer: CallOffer }) {
  const { t } = useTranslation();
  const caller = offer.callerRaw.trim() || null;
  return (
    <dl className="facts">
      <div>
        <dt>{t('call.caller')}</dt>
        <dd className="caller-number" data-testid="call-caller">
          {caller ?? t('call.withheld')}
        </dd>
      </div>
      <div>
        <dt>{t('call.businessType')}</dt>
        <dd>{offer.businessType.name}</dd>
      </div>
      <div>
        <dt>{t('call.serviceNumber')}</dt>
        <dd>{offer.serviceNumber}</dd>
      </div>
      <div>
        <dt>{t('call.queue')}</dt>
        <dd>{offer.queue.name}</dd>
      </div>
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
