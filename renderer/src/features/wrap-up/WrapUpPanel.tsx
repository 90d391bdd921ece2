import { useTranslation } from 'react-i18next';
import { useStore } from '../../services/store';
import { WrapUpForm } from './WrapUpForm';
import { selectDraft, wrapUpStore } from './wrap-up-store';

interface Props {
  /** Interaction of the call that is still connected, if any. */
  liveInteractionId: number | null;
}

/** Right column: every wrap-up not yet acknowledged, newest selected, plus a short "saved" confirmation. */
export function WrapUpPanel({ liveInteractionId }: Props) {
  const { t } = useTranslation();
  const { entries, selectedId, done } = useStore(wrapUpStore);
  const list = Object.values(entries).sort((a, b) => a.draft.createdAt - b.draft.createdAt);
  const selected = (selectedId !== null ? entries[selectedId] : undefined) ?? list[list.length - 1] ?? null;
  if (!selected && !done) return null;
  return (
    <section className="card wrapup" aria-label={t('wrapUp.title')}>
      <header className="card-head">
        <h2>{t('wrapUp.title')}</h2>
        {selected && (
          <span className="muted">{t('wrapUp.interaction', { id: selected.draft.interactionId })}</span>
        )}
      </header>
      {done && (
        <p
          className={done.kind === 'saved' ? 'success' : 'muted'}
          role="status"
          data-testid="wrapup-done"
          data-kind={done.kind}
        >
          {done.kind === 'saved' ? t('wrapUp.done') : t('wrapUp.autoClosed', { id: done.interactionId })}
        </p>
      )}
      {list.length > 1 && (
        <nav className="tabs" aria-label={t('wrapUp.pending')}>
          {list.map(({ draft }) => (
            <button
              key={draft.interactionId}
              type="button"
              className={`tab${draft.interactionId === selected?.draft.interactionId ? ' active' : ''}`}
              data-testid="wrapup-tab"
              onClick={() => selectDraft(draft.interactionId)}
            >
              #{draft.interactionId} {draft.caller}
              {draft.submittedAt !== null && ' ⟳'}
            </button>
          ))}
        </nav>
      )}
      {selected && (
        <WrapUpForm
          key={selected.draft.interactionId}
          entry={selected}
          live={selected.draft.interactionId === liveInteractionId}
        />
      )}
    </section>
  );
}
