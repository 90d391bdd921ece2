import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import { enumLabel } from '../../services/i18n';
import type { FollowUpView } from '../../services/protocol';
import { useNow } from '../../services/use-now';

export function FollowUpsList({ followUps, testId }: { followUps: FollowUpView[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  return (
    <section className="card-section" data-testid={testId}>
      <h3>{t('customer.followUps')}</h3>
      {followUps.length === 0 ? (
        <p className="muted">{t('customer.noFollowUps')}</p>
      ) : (
        <ul className="rows">
          {followUps.map((f) => (
            <li key={f.id} className={f.dueAt < now ? 'overdue' : undefined}>
              <strong>{enumLabel('followUpKind', f.kind)}</strong>
              <span>{t('customer.due', { date: formatDateTime(f.dueAt, i18n.language) })}</span>
              {f.owner && <span className="muted">{t('customer.owner', { owner: f.owner })}</span>}
              {f.notes && <span className="notes">{f.notes}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
