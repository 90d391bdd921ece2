import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ringsideApi } from '../../services/ringside-api';
import type { UiError } from '../../services/ui-error';

/** The demo service numbers (DIDs) seeded with the sim PBX, by business type. */
const serviceNumbers = [
  { number: '+18005550100', key: 'sales' },
  { number: '+18005550101', key: 'support' },
  { number: '+18005550102', key: 'complaints' },
  { number: '+18005550103', key: 'billing' },
] as const;

type Outcome = { kind: 'placed'; callId: string } | { kind: 'failed'; error: UiError } | null;

/** Supervisors and admins: make the simulator place an inbound call from any number to a service number. */
export function SimCallPanel() {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState<string>(serviceNumbers[0].number);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    const res = await ringsideApi.simulateCall(from.trim(), to.trim());
    setBusy(false);
    setOutcome(res.ok ? { kind: 'placed', callId: res.data.callId } : { kind: 'failed', error: res.error });
  };

  return (
    <form className="card sim" onSubmit={(e) => void submit(e)}>
      <h2>{t('sim.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('sim.from')}</span>
          <input
            data-testid="sim-from"
            type="tel"
            placeholder={t('sim.fromPlaceholder')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('sim.service')}</span>
          <select
            data-testid="sim-service"
            value={serviceNumbers.some((s) => s.number === to) ? to : ''}
            onChange={(e) => setTo(e.target.value)}
          >
            <option value="" disabled>
              {t('sim.to')}
            </option>
            {serviceNumbers.map((s) => (
              <option key={s.number} value={s.number}>
                {t(`sim.services.${s.key}`)} · {s.number}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('sim.to')}</span>
          <input data-testid="sim-to" type="tel" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="btn primary" data-testid="sim-submit" disabled={busy}>
          {t('sim.submit')}
        </button>
        {outcome?.kind === 'placed' && (
          <span className="success small" data-testid="sim-result">
            {t('sim.placed', { callId: outcome.callId })}
          </span>
        )}
      </div>
      {outcome?.kind === 'failed' && <ErrorMessage error={outcome.error} testId="sim-error" />}
    </form>
  );
}
