import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { CustomerCard } from '../../services/protocol';
import { InteractionRow } from './InteractionRow';
import type { CardTestIds } from './test-ids';
import { useFullHistory } from './use-full-history';

/** Last interactions from the card, plus the on-demand full history. */
export function InteractionsSection({ card, ids }: { card: CustomerCard; ids: CardTestIds }) {
  const { t } = useTranslation();
  const { state, toggle } = useFullHistory(card.id);
  const open = state.kind === 'shown' || state.kind === 'loading';
  return (
    <section className="card-section" data-testid={ids.interactions}>
      <div className="section-head">
        <h3>{t('customer.interactions', { count: card.interactionCount })}</h3>
        <button type="button" className="btn small" data-testid={ids.fullHistoryButton} onClick={toggle}>
          {open ? t('customer.hideHistory') : t('customer.fullHistory')}
        </button>
      </div>
      {card.recentInteractions.length === 0 ? (
        <p className="muted">{t('customer.noInteractions')}</p>
      ) : (
        <ul className="rows">
          {card.recentInteractions.map((item) => (
            <InteractionRow key={item.id} item={item} testId={ids.interactionRow} />
          ))}
        </ul>
      )}
      {state.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.kind === 'failed' && <ErrorMessage error={state.error} />}
      {state.kind === 'shown' && (
        <div className="full-history" data-testid={ids.fullHistory}>
          <h4>{t('customer.historyTitle')}</h4>
          {state.items.length === 0 ? (
            <p className="muted">{t('customer.noInteractions')}</p>
          ) : (
            <ul className="rows">
              {state.items.map((item) => (
                <InteractionRow key={item.id} item={item} testId={ids.historyRow} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
