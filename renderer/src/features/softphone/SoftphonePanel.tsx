import { useTranslation } from 'react-i18next';
import { softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';
import { callStore } from '../call/call-store';
import { DeviceSettings } from './DeviceSettings';
import { DialPad } from './DialPad';
import { LineCard } from './LineCard';

/** The phone card (WebRTC only): dial pad, calls the bridge did not offer, audio devices. */
export function SoftphonePanel() {
  const { t } = useTranslation();
  const { kind, lines } = useStore(softphoneStore);
  const bridgeCallId = useStore(callStore).call?.offer.callId ?? null;
  if (kind !== 'webrtc') return null;
  const others = lines.filter((l) => l.id !== bridgeCallId);
  return (
    <section className="card softphone" data-testid="softphone">
      <header className="card-head">
        <h2>{t('softphone.title')}</h2>
      </header>
      {others.length > 0 && (
        <div className="lines" aria-label={t('softphone.lines')}>
          {others.map((line) => (
            <LineCard key={line.id} line={line} />
          ))}
        </div>
      )}
      <DialPad />
      <DeviceSettings />
    </section>
  );
}
