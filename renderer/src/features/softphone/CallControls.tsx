import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { dtmfTones } from '../../services/softphone/phone';
import { phone } from '../../services/softphone/softphone';
import { softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';
import { useCommand } from '../call/use-command';
import { TransferPanel } from './TransferPanel';

/**
 * The SIP-only controls of a live line (mute, DTMF, transfer), each shown only if the phone has it. Hold and
 * hang-up stay with the call card that owns the line.
 */
export function CallControls({ lineId }: { lineId: string }) {
  const { t } = useTranslation();
  const caps = phone().capabilities();
  const line = useStore(softphoneStore).lines.find((l) => l.id === lineId);
  const [showKeys, setShowKeys] = useState(false);
  const [showTransfer, setShowTransfer] = useState(false);
  const { busy, error, run } = useCommand();
  if (!line || line.state !== 'live') return null;
  return (
    <div className="softphone-controls">
      <div className="actions">
        {caps.mute && (
          <button
            type="button"
            className="btn"
            data-testid="btn-mute"
            aria-pressed={line.muted}
            disabled={busy}
            onClick={() => run(() => phone().mute(lineId, !line.muted))}
          >
            {line.muted ? t('softphone.unmute') : t('softphone.mute')}
          </button>
        )}
        {caps.dtmf && (
          <button
            type="button"
            className="btn"
            data-testid="btn-dtmf"
            aria-expanded={showKeys}
            onClick={() => setShowKeys((v) => !v)}
          >
            {t('softphone.dtmf')}
          </button>
        )}
        {caps.transfer && line.consultFor === null && (
          <button
            type="button"
            className="btn"
            data-testid="btn-transfer"
            aria-expanded={showTransfer}
            onClick={() => setShowTransfer((v) => !v)}
          >
            {t('softphone.transfer')}
          </button>
        )}
      </div>
      {showKeys && (
        <div className="keys" aria-label={t('softphone.dtmf')}>
          {dtmfTones.map((tone) => (
            <button
              key={tone}
              type="button"
              className="btn key"
              data-testid={`btn-dtmf-${tone}`}
              onClick={() => run(() => phone().sendDtmf(lineId, tone))}
            >
              {tone}
            </button>
          ))}
        </div>
      )}
      {showTransfer && <TransferPanel lineId={lineId} onDone={() => setShowTransfer(false)} />}
      <ErrorMessage error={error} testId="softphone-error" />
    </div>
  );
}
