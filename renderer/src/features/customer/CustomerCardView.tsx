import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { enumLabel } from '../../services/i18n';
import type { CustomerCard, Phone } from '../../services/protocol';
import { phone as softphone } from '../../services/softphone/softphone';
import { softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';
import { dialNumber } from '../campaigns/outbound-actions';
import { FollowUpsList } from './FollowUpsList';
import { InteractionsSection } from './InteractionsSection';
import { OrdersList } from './OrdersList';
import type { CardTestIds } from './test-ids';

function PhoneList({ phones, testId, customerId }: { phones: Phone[]; testId: string; customerId: number }) {
  const { t } = useTranslation();
  const { kind, registration } = useStore(softphoneStore);
  const canDial = kind === 'webrtc' && softphone().capabilities().dial;
  // without a softphone (simulated PBX) the bridge places the call, through the same compliance gate
  const bridgeDial = kind === 'cti';
  return (
    <div className="phones" data-testid={testId} aria-label={t('customer.phones')}>
      {phones.map((p) => (
        <span key={`${p.e164}-${p.raw}`} className="phone" title={p.e164}>
          {p.label && <span className="phone-label">{enumLabel('phoneLabel', p.label)}</span>}
          {p.raw || p.e164}
          {canDial && (
            <button
              type="button"
              className="btn link small"
              data-testid="btn-dial-phone"
              data-number={p.e164}
              disabled={registration !== 'registered'}
              title={t('softphone.dialNumber', { number: p.raw || p.e164 })}
              onClick={() => void softphone().dial(p.e164)}
            >
              {t('softphone.dial')}
            </button>
          )}
          {bridgeDial && (
            <button
              type="button"
              className="btn link small"
              data-testid="btn-dial-phone"
              data-number={p.e164}
              title={t('softphone.dialNumber', { number: p.raw || p.e164 })}
              onClick={() => void dialNumber(p.e164, customerId)}
            >
              {t('softphone.dial')}
            </button>
          )}
        </span>
      ))}
    </div>
  );
}

interface Props {
  card: CustomerCard;
  ids: CardTestIds;
  /** The interaction in progress, left out of the history lists. */
  currentInteractionId?: number | null;
  /** Extra controls or notices shown under the header (e.g. link status). */
  children?: ReactNode;
}

/** The customer 360 view: identity, value, what they bought, what is open, what happened last time. */
export function CustomerCardView({ card, ids, currentInteractionId = null, children }: Props) {
  const { t } = useTranslation();
  return (
    <article className="card customer-card" data-testid={ids.card} data-customer-id={card.id}>
      <header className="customer-head">
        <div>
          <h2 data-testid={ids.name}>{card.name}</h2>
          <div className="muted" data-testid={ids.company}>
            {card.company ?? t('common.none')}
          </div>
        </div>
        <span
          className={`tier tier-${card.tier}`}
          data-testid={ids.tier}
          title={t('customer.tier', { tier: card.tier })}
        >
          {card.tier}
        </span>
      </header>
      {card.tags.length > 0 && (
        <div className="tags" aria-label={t('customer.tags')}>
          {card.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </div>
      )}
      <PhoneList phones={card.phones} testId={ids.phones} customerId={card.id} />
      {(card.birthday || card.notes) && (
        <dl className="facts">
          {card.birthday && (
            <div>
              <dt>{t('customer.birthday')}</dt>
              <dd>{card.birthday}</dd>
            </div>
          )}
          {card.notes && (
            <div className="wide">
              <dt>{t('customer.notes')}</dt>
              <dd>{card.notes}</dd>
            </div>
          )}
        </dl>
      )}
      {children}
      <OrdersList orders={card.orders} testId={ids.orders} />
      <FollowUpsList followUps={card.openFollowUps} testId={ids.followUps} />
      <InteractionsSection key={card.id} card={card} ids={ids} currentInteractionId={currentInteractionId} />
    </article>
  );
}
