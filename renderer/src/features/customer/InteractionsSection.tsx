import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { CustomerCard, InteractionView } from '../../services/protocol';
import { useDispositionLabeler } from '../dispositions/use-dispositions';
import { InteractionRow } from './InteractionRow';
import type { CardTestIds } from './test-ids';
import { useFullHistory } from './use-full-history';

/** Last interactions from the card, plus the on-demand full history. */
interface Props {
  card: CustomerCard;
  ids: CardTestIds;
  /** The call in progress: it is already in the customer's record but is not history yet. */
  currentInteractionId: number | null;
}

export function InteractionsSection({ card, ids, currentInteractionId }: Props) {
  const { t } = useTranslation();
  const { state, toggle } = useFullHistory(card.id);
  const label = useDispositionLabeler();
  const open = state.kind === 'shown' || state.kind === 'loading';
  const past = (items: InteractionView[]) => items.filter((item) => item.id !== currentInteractionId);
  const recent = past(card.recentInteractions);
  const shown = new Set(recent.map((item) => item.id));
  // the full history goes on from where the recent rows end: nothing shown twice
  const older = (items: InteractionView[]) => past(items).filter((item) => !shown.has(item.id));
  const count = card.interactionCount - (recent.length < card.recentInteractions.length ? 1 : 0);
  const row = (item: InteractionView, testId: string) => (
    <InteractionRow
      key={item.id}
      item={item}
      testId={testId}
      disposition={label(item.disposition, item.dispositionLabel)}
    />
  );
  return (
    <section className="card-section" data-testid={ids.interactions}>
      <div className="section-head">
        <h3>{t('customer.interactions', { count })}</h3>
        <button type="button" className="btn small" data-testid={ids.fullHistoryButton} onClick={toggle}>
          {open ? t('customer.hideHistory') : t('customer.fullHistory')}
        </button>
      </div>
      {recent.length === 0 ? (
        <p className="muted">{t('customer.noInteractions')}</p>
      ) : (
        <ul className="rows">{recent.map((item) => row(item, ids.interactionRow))}</ul>
      )}
      {state.kind === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {state.kind === 'failed' && <ErrorMessage error={state.error} />}
      {state.kind === 'shown' && (
        <div className="full-history" data-testid={ids.fullHistory}>
          <h4>{t('customer.historyTitle')}</h4>
          {older(state.items).length === 0 ? (
            <p className="muted">{t('customer.noOlderInteractions')}</p>
          ) : (
            <ul className="rows">{older(state.items).map((item) => row(item, ids.historyRow))}</ul>
          )}
        </div>
      )}
    </section>
  );
}
