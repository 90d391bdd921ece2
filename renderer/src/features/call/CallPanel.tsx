import { useTranslation } from 'react-i18next';
import { useStore } from '../../services/store';
import type { AgentStatus } from '../../services/protocol';
import { ActiveCall, EndedCall } from './ActiveCall';
import { callStore, dismissWithdrawn } from './call-store';
import { IncomingCall } from './IncomingCall';

/** Left column, top: whatever the current call needs, or an idle hint. */
export function CallPanel({ status }: { status: AgentStatus | null }) {
  const { t } = useTranslation();
  const { call, withdrawn } = useStore(callStore);
  return (
    <>
      {withdrawn && (
        <div
          className="banner banner-info"
          role="status"
          data-testid="call-withdrawn"
          data-reason={withdrawn}
        >
          <span>
            {t(`call.withdrawn.${withdrawn}`)}
            {(status === 'ready' || status === 'not-ready') &&
              ` ${t(status === 'ready' ? 'call.nowReady' : 'call.nowNotReady')}`}
          </span>
          <button type="button" className="btn link" onClick={dismissWithdrawn}>
            {t('call.dismiss')}
          </button>
        </div>
      )}
      {call?.phase === 'ringing' && <IncomingCall key={call.offer.callId} offer={call.offer} />}
      {call?.phase === 'live' && <ActiveCall key={call.offer.callId} call={call} />}
      {call?.phase === 'ended' && <EndedCall call={call} />}
      {!call && (
        <section className="card idle" data-testid="call-idle">
          <h2>{t('call.idle')}</h2>
          <p className="muted">{status === 'ready' ? t('call.idleReady') : t('call.idleNotReady')}</p>
        </section>
      )}
    </>
  );
}
