import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { CustomerCard, CustomerSummary } from '../../services/protocol';
import { CustomerCardView } from '../customer/CustomerCardView';
import { searchTestIds } from '../customer/test-ids';
import { useCustomerSearch } from './use-customer-search';

interface Props {
  /** Present while there is an interaction the found customer can be linked to. */
  onLink: ((card: CustomerCard) => Promise<void>) | null;
  /** Customer already shown in the pop, so "link" is not offered twice. */
  linkedCustomerId: number | null;
  /** The interaction in progress, left out of the history lists. */
  currentInteractionId: number | null;
}

function ResultRow({ c, onOpen }: { c: CustomerSummary; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <li>
      <button type="button" className="result" data-testid="customer-search-row" onClick={() => onOpen(c.id)}>
        <span className={`tier tier-${c.tier}`}>{c.tier}</span>
        <span className="result-name">{c.name}</span>
        <span className="muted">{c.company ?? t('common.none')}</span>
        <span className="muted small">{c.phones.map((p) => p.raw || p.e164).join(' · ')}</span>
      </button>
    </li>
  );
}

/** Right column: find any customer by name, company or phone, and open their card. */
export function CustomerSearch({ onLink, linkedCustomerId, currentInteractionId }: Props) {
  const { t } = useTranslation();
  const search = useCustomerSearch();
  const [linking, setLinking] = useState(false);
  const { results, card } = search;

  const link = async (target: CustomerCard) => {
    if (!onLink) return;
    setLinking(true);
    await onLink(target);
    setLinking(false);
  };

  return (
    <section className="card search" aria-label={t('search.title')}>
      <h2>{t('search.title')}</h2>
      <input
        type="search"
        className="search-input"
        data-testid="customer-search-input"
        placeholder={t('search.placeholder')}
        value={search.query}
        onChange={(e) => search.change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') search.searchNow();
        }}
      />
      {results.kind === 'searching' && <p className="muted small">{t('search.searching')}</p>}
      {results.kind === 'failed' && <ErrorMessage error={results.error} />}
      {results.kind === 'done' && (
        <ul className="results" data-testid="customer-search-results">
          {results.customers.length === 0 && <li className="muted">{t('search.noResults')}</li>}
          {results.customers.map((c) => (
            <ResultRow key={c.id} c={c} onOpen={(id) => void search.open(id)} />
          ))}
        </ul>
      )}
      <ErrorMessage error={search.cardError} />
      {card && (
        <CustomerCardView card={card} ids={searchTestIds} currentInteractionId={currentInteractionId}>
          <div className="actions">
            {onLink &&
              (linkedCustomerId === card.id ? (
                <span className="success small">{t('search.linked')}</span>
              ) : (
                <button
                  type="button"
                  className="btn small"
                  data-testid="search-link-customer"
                  disabled={linking}
                  onClick={() => void link(card)}
                >
                  {t('search.link')}
                </button>
              ))}
            <button type="button" className="btn small" onClick={search.close}>
              {t('search.close')}
            </button>
          </div>
        </CustomerCardView>
      )}
    </section>
  );
}
