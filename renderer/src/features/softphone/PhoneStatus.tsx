import { useTranslation } from 'react-i18next';
import { softphoneStore } from '../../services/softphone/softphone-store';
import { useStore } from '../../services/store';

/** Registration, always on screen while a SIP phone is in use. The token in the test id element is stable. */
export function RegistrationStatus() {
  const { t } = useTranslation();
  const { kind, registration } = useStore(softphoneStore);
  if (kind !== 'webrtc') return null;
  return (
    <span className={`sip-reg sip-reg-${registration}`} title={t(`softphone.registration.${registration}`)}>
      <span className="conn-dot" aria-hidden="true" />
      {t(`softphone.registration.${registration}`)}
      <span className="sr-only" data-testid="sip-registration" data-state={registration}>
        {registration}
      </span>
    </span>
  );
}

/** Shown while the phone cannot take calls: transport lost and reconnecting, or registration refused. */
export function SipBanner() {
  const { t } = useTranslation();
  const { kind, registration, reconnecting, needsSignIn } = useStore(softphoneStore);
  const message = needsSignIn
    ? t('softphone.banner.needsSignIn')
    : registration === 'failed'
      ? t('softphone.banner.failed')
      : kind === 'webrtc' && reconnecting
        ? t('softphone.banner.reconnecting')
        : null;
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="sip-banner">
      {message}
    </div>
  );
}
