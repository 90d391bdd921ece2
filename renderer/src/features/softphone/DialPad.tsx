import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dtmfTones } from '../../services/softphone/phone';
import { phone } from '../../services/softphone/softphone';
import { setDialFailure, softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';
import { dialFailureText } from './dial-failure-text';

/** Number entry and dial button; a refused call shows its reason (e.g. the compliance gate's 403) below. */
export function DialPad() {
  const { t } = useTranslation();
  const { registration, dialFailure } = useStore(softphoneStore);
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target.trim()) return;
    setBusy(true);
    await phone().dial(target);
    setBusy(false);
  };

  return (
    <form className="dialpad" data-testid="softphone-keypad" onSubmit={(e) => void submit(e)}>
      <input
        data-testid="keypad-input"
        inputMode="tel"
        aria-label={t('softphone.numberPlaceholder')}
        placeholder={t('softphone.numberPlaceholder')}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      />
      <div className="keys" aria-label={t('softphone.keypad')}>
        {dtmfTones.map((key) => (
          <button
            key={key}
            type="button"
            className="btn key"
            data-testid={`btn-key-${key}`}
            onClick={() => setTarget((v) => v + key)}
          >
            {key}
          </button>
        ))}
      </div>
      <button
        type="submit"
        className="btn ok"
        data-testid="btn-dial"
        disabled={busy || registration !== 'registered' || !target.trim()}
      >
        {t('softphone.dial')}
      </button>
      {dialFailure && (
        <p className="error" role="alert">
          <span data-testid="dial-error" data-kind={dialFailure.kind}>
            {dialFailureText(t, dialFailure)}
          </span>{' '}
          <button type="button" className="btn link" onClick={() => setDialFailure(null)}>
            {t('softphone.dismiss')}
          </button>
        </p>
      )}
    </form>
  );
}
