import { useTranslation } from 'react-i18next';
import { connectionStore } from '../../services/cti-client';
import { useStore } from '../../services/store';

export function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useStore(connectionStore);
  return (
    <span className={`conn conn-${status}`} data-testid="connection-status" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      {t(`header.connection.${status}`)}
    </span>
  );
}

/** Shown only while the socket is down, so nobody waits for calls that cannot arrive. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useStore(connectionStore);
  if (status !== 'disconnected') return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="connection-banner">
      {t('header.banner')}
    </div>
  );
}
