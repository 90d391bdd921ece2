import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useStore } from '../../services/store';
import { CustomerCardView } from '../customer/CustomerCardView';
import { popTestIds } from '../customer/test-ids';
import { createAndLink, setCreating, showCustomer } from './pop-actions';
import { AmbiguousPicker } from './AmbiguousPicker';
import { NewCustomerForm } from './NewCustomerForm';
import { popStore, type PopState } from './pop-store';

function PopBody({ pop }: { pop: PopState }) {
  const { t } = useTranslation();
  const id = pop.interactionId;
  const number = pop.callerRaw.trim() || pop.callerE164 || '';
  if (pop.card) {
    return (
      <CustomerCardView card={pop.card} ids={popTestIds} currentInteractionId={id}>
        {pop.linkError && (
          <p className="error" role="alert" data-testid="pop-link-error" title={pop.linkError.message}>
            {t('pop.linkFailed')} — {t(`errors.${pop.linkError.code}`)}
          </p>
        )}
      </CustomerCardView>
    );
  }
  if (pop.loading) return <p className="card muted">{t('pop.loadingCard')}</p>;
  const ambiguous = pop.lookup.match === 'ambiguous' && pop.lookup.customers.length > 0;
  if (ambiguous && !pop.creating) {
    return (
      <AmbiguousPicker
        number={number}
        candidates={pop.lookup.customers}
        disabled={pop.loading}
        onPick={(customerId) => void showCustomer(id, customerId, true)}
        onCreate={() => setCreating(id, true)}
      />
    );
  }
  const known = pop.lookup.match !== 'unknown' && number !== '';
  return (
    <NewCustomerForm
      key={id}
      heading={known ? t('pop.none', { number }) : t('pop.unknown')}
      initialPhone={known ? number : ''}
      onSubmit={(input) => createAndLink(id, input)}
      onBack={ambiguous ? () => setCreating(id, false) : undefined}
    />
  );
}

/** Left column, under the call: who is calling, in whichever shape the match took. */
export function PopPanel() {
  const pop = useStore(popStore);
  if (!pop) return null;
  return (
    <div className="pop" data-testid="pop" data-match={pop.lookup.match}>
      <PopBody pop={pop} />
      <ErrorMessage error={pop.error} testId="pop-error" />
    </div>
  );
}
