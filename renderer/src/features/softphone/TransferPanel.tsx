import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { phone } from '../../services/softphone/softphone';
import { softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';
import { useCommand } from '../call/use-command';
import { dialFailureText } from './dial-failure-text';
import type { DialFailure } from '../../services/softphone/phone';

/**
 * Blind transfer (REFER now) or attended transfer: consult the target while the caller is held, then complete
 * (REFER with Replaces) or cancel (hang up the consult call, resume the caller).
 */
export function TransferPanel({ lineId, onDone }: { lineId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const [failure, setFailure] = useState<DialFailure | null>(null);
  const consult = useStore(softphoneStore).lines.find((l) => l.consultFor === lineId);
  const { busy, error, run } = useCommand();

  const transferNow = async () => {
    setFailure(null);
    const res = await phone().transferBlind(lineId, target);
    if (!res.ok && res.failure) {
      setFailure(res.failure);
      return { ok: true as const, data: null };
    }
    return res;
  };

  const consultFirst = async () => {
    setFailure(null);
    const res = await phone().startConsult(lineId, target);
    if (!res.ok) setFailure(res.failure);
    return { ok: true as const, data: null };
  };

  return (
    <div className="transfer-panel" data-testid="transfer-panel">
      {consult ? (
        <>
          <p className="muted small" data-testid="transfer-consulting" data-state={consult.state}>
            {t('softphone.consulting', { target: consult.remote })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="btn ok"
              data-testid="btn-transfer-complete"
              disabled={busy || consult.state !== 'live'}
              onClick={() =>
                run(async () => {
                  setFailure(null);
                  const res = await phone().completeConsult(lineId);
                  if (res.ok) onDone();
                  else if (res.failure) {
                    setFailure(res.failure);
                    return { ok: true as const, data: null };
                  }
                  return res;
                })
              }
            >
              {t('softphone.transferComplete')}
            </button>
            <button
              type="button"
              className="btn"
              data-testid="btn-transfer-cancel"
              disabled={busy}
              onClick={() => run(() => phone().cancelConsult(lineId))}
            >
              {t('softphone.transferCancel')}
            </button>
          </div>
        </>
      ) : (
        <>
          <input
            data-testid="transfer-target"
            aria-label={t('softphone.transferTarget')}
            placeholder={t('softphone.transferTarget')}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
          <div className="actions">
            <button
              type="button"
              className="btn warn"
              data-testid="btn-transfer-blind"
              disabled={busy || !target.trim()}
              onClick={() => run(transferNow)}
            >
              {t('softphone.transferBlind')}
            </button>
            <button
              type="button"
              className="btn"
              data-testid="btn-transfer-consult"
              disabled={busy || !target.trim()}
              onClick={() => run(consultFirst)}
            >
              {t('softphone.transferConsult')}
            </button>
          </div>
        </>
      )}
      {failure && (
        <p className="error" role="alert" data-testid="transfer-error">
          {dialFailureText(t, failure)}
        </p>
      )}
      <ErrorMessage error={error} testId="transfer-command-error" />
    </div>
  );
}
