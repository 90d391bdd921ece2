import { useTranslation } from 'react-i18next';
import { useStore } from '../../services/store';
import { monitoredStore, supervisedStore } from './supervision-store';

/** What a supervisor did to this agent, with who and why; and who is on the call right now (policy allowing). */
export function SupervisedNotice() {
  const { t } = useTranslation();
  const supervised = useStore(supervisedStore);
  const monitored = useStore(monitoredStore);
  return (
    <>
      {supervised && (
        <div
          className="banner banner-info"
          role="status"
          data-testid="supervised-notice"
          data-action={supervised.action}
        >
          <span>
            {t(`supervision.told.${supervised.action}`, { by: supervised.by })}
            {supervised.pending && ` ${t('supervision.told.pending')}`}{' '}
            <strong data-testid="supervised-reason">{supervised.reason}</strong>
          </span>
          <button type="button" className="btn" onClick={() => supervisedStore.set(null)}>
            {t('supervision.dismiss')}
          </button>
        </div>
      )}
      {monitored?.mode && (
        <div
          className="banner banner-info"
          role="status"
          data-testid="monitored-notice"
          data-mode={monitored.mode}
        >
          {t(`supervision.monitored.${monitored.mode}`, { by: monitored.by ?? '' })}
        </div>
      )}
    </>
  );
}
