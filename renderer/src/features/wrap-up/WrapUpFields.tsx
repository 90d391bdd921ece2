import { useTranslation } from 'react-i18next';
import { toLocalInputValue } from '../../services/format';
import type { DispositionOption } from '../../services/protocol';
import { useNow } from '../../services/use-now';
import { dispositionLabel, loadDispositions, type DispositionsState } from '../dispositions/use-dispositions';

interface DispositionProps {
  dispositions: DispositionsState;
  value: string;
  disabled: boolean;
  onChange: (code: string) => void;
}

/** The disposition select (option values are disposition codes), labelled in the console's language. */
export function DispositionField({ dispositions, value, disabled, onChange }: DispositionProps) {
  const { t, i18n } = useTranslation();
  const items: DispositionOption[] = dispositions.kind === 'loaded' ? dispositions.items : [];
  return (
    <>
      <label className="field">
        <span>{t('wrapUp.disposition')}</span>
        <select
          data-testid="wrapup-disposition"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">
            {dispositions.kind === 'loading' ? t('common.loading') : t('wrapUp.choose')}
          </option>
          {items.map((d) => (
            <option key={d.code} value={d.code}>
              {dispositionLabel(d, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      {dispositions.kind === 'failed' && (
        <p className="error" role="alert">
          {t('wrapUp.dispositionsFailed')}{' '}
          <button type="button" className="btn link" onClick={() => void loadDispositions()}>
            {t('common.retry')}
          </button>
        </p>
      )}
    </>
  );
}

interface TextFieldProps {
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}

/** When to call back, in local time; only shown for dispositions that schedule a callback. */
export function CallbackField({ value, disabled, onChange }: TextFieldProps) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  return (
    <label className="field">
      <span>{t('wrapUp.callbackAt')}</span>
      <input
        type="datetime-local"
        data-testid="wrapup-callback-at"
        min={toLocalInputValue(now)}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export function NotesField({ value, disabled, onChange }: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('wrapUp.notes')}</span>
      <textarea
        data-testid="wrapup-notes"
        rows={4}
        maxLength={4000}
        placeholder={t('wrapUp.notesPlaceholder')}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
