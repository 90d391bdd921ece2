import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { CreateCustomerInput } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';

interface Props {
  heading: string;
  initialPhone: string;
  onSubmit: (input: CreateCustomerInput) => Promise<UiResult<null>>;
  onBack?: () => void;
}

type Missing = 'name' | 'phone' | null;

/** Creates the caller as a customer: name, company and the number they called from. */
export function NewCustomerForm({ heading, initialPhone, onSubmit, onBack }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [phone, setPhone] = useState(initialPhone);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<Missing>(null);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const lack: Missing = !name.trim() ? 'name' : !phone.trim() ? 'phone' : null;
    setMissing(lack);
    if (lack) return;
    setBusy(true);
    setError(null);
    const res = await onSubmit({
      name: name.trim(),
      company: company.trim() || null,
      phones: [{ number: phone.trim() }],
    });
    setBusy(false);
    if (!res.ok) setError(res.error);
  };

  return (
    <form className="card new-customer" data-testid="new-customer-form" onSubmit={(e) => void submit(e)}>
      <h2>{heading}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('newCustomer.name')}</span>
          <input data-testid="new-customer-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('newCustomer.company')}</span>
          <input
            data-testid="new-customer-company"
            value={company}
            onChange={(e) => setCompany(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('newCustomer.phone')}</span>
          <input
            data-testid="new-customer-phone"
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </label>
      </div>
      {missing && (
        <p className="error" role="alert">
          {missing === 'name' ? t('newCustomer.nameRequired') : t('newCustomer.phoneRequired')}
        </p>
      )}
      <ErrorMessage error={error} testId="new-customer-error" />
      <div className="actions">
        <button type="submit" className="btn primary" data-testid="new-customer-submit" disabled={busy}>
          {busy ? t('newCustomer.submitting') : t('newCustomer.submit')}
        </button>
        {onBack && (
          <button type="button" className="btn link" onClick={onBack}>
            {t('pop.backToList')}
          </button>
        )}
      </div>
    </form>
  );
}
