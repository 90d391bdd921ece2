import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../services/protocol';

interface Props {
  number: string;
  candidates: CustomerSummary[];
  onPick: (customerId: number) => void;
  onCreate: () => void;
  disabled: boolean;
}

/** Several customers share the caller's number: the agent picks who is on the line. */
export function AmbiguousPicker({ number, candidates, onPick, onCreate, disabled }: Props) {
  const { t } = useTranslation();
  return (
    <section className="card pop-ambiguous" data-testid="pop-ambiguous">
      <h2>{t('pop.ambiguous', { number })}</h2>
      <ul className="candidates">
        {candidates.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="candidate"
              data-testid="pop-candidate"
              data-customer-id={c.id}
              disabled={disabled}
              onClick={() => onPick(c.id)}
            >
              <span className={`tier tier-${c.tier}`}>{c.tier}</span>
              <span className="candidate-name">{c.name}</span>
              <span className="muted">{c.company ?? t('common.none')}</span>
              <span className="muted small">{c.phones.map((p) => p.raw || p.e164).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn link" onClick={onCreate} disabled={disabled}>
        {t('pop.createInstead')}
      </button>
    </section>
  );
}
