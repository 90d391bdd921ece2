import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { fromLocalInputValue, toLocalInputValue } from '../../services/format';
import { isTransient } from '../../services/ui-error';
import { useNow } from '../../services/use-now';
import { dispositionLabel, loadDispositions, useDispositions } from '../dispositions/use-dispositions';
import { submitDraft } from './wrap-up-actions';
import { editDraft, removeDraft, type DraftEntry } from './wrap-up-store';

type Problem = 'dispositionRequired' | 'callbackRequired' | 'callbackPast' | null;

interface Props {
  entry: DraftEntry;
  /** The call is still connected: notes can be taken, saving waits for the hang-up. */
  live: boolean;
}

function check(code: string, needsCallback: boolean, callbackAt: number | null, now: number): Problem {
  if (!code) return 'dispositionRequired';
  if (!needsCallback) return null;
  if (callbackAt === null) return 'callbackRequired';
  return callbackAt <= now ? 'callbackPast' : null;
}

/** Disposition, notes and (when the disposition asks for it) a callback time, saved as the agent types. */
export function WrapUpForm({ entry, live }: Props) {
  const { t, i18n } = useTranslation();
  const dispositions = useDispositions();
  const now = useNow(30_000);
  const [problem, setProblem] = useState<Problem>(null);
  const { draft, sending, error } = entry;
  const id = draft.interactionId;
  const items = dispositions.kind === 'loaded' ? dispositions.items : [];
  const selected = items.find((d) => d.code === draft.dispositionCode) ?? null;
  const needsCallback = selected?.schedulesCallback ?? false;
  const queued = draft.submittedAt !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const callbackAt = needsCallback ? fromLocalInputValue(draft.callbackInput) : null;
    const found = check(draft.dispositionCode, needsCallback, callbackAt, Date.now());
    setProblem(found);
    if (!found) submitDraft(id, callbackAt);
  };

  return (
    <form className="wrapup-form" data-testid="wrapup-form" data-interaction-id={id} onSubmit={submit}>
      <label className="field">
        <span>{t('wrapUp.disposition')}</span>
        <select
          data-testid="wrapup-disposition"
          value={draft.dispositionCode}
          disabled={queued}
          onChange={(e) => editDraft(id, { dispositionCode: e.target.value })}
        >
          <option value="">
            {dispositions.kind === 'loading' ? t('common.loading') : t('wrapUp.choose')}
          </option>
          {items.map((d) => (
            <option key={d.code} value={d.code}>
              {dispositionLabel(d, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      {dispositions.kind === 'failed' && (
        <p className="error" role="alert">
          {t('wrapUp.dispositionsFailed')}{' '}
          <button type="button" className="btn link" onClick={() => void loadDispositions()}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {needsCallback && (
        <label className="field">
          <span>{t('wrapUp.callbackAt')}</span>
          <input
            type="datetime-local"
            data-testid="wrapup-callback-at"
            min={toLocalInputValue(now)}
            value={draft.callbackInput}
            disabled={queued}
            onChange={(e) => editDraft(id, { callbackInput: e.target.value })}
          />
        </label>
      )}
      <label className="field">
        <span>{t('wrapUp.notes')}</span>
        <textarea
          data-testid="wrapup-notes"
          rows={4}
          maxLength={4000}
          placeholder={t('wrapUp.notesPlaceholder')}
          value={draft.notes}
          disabled={queued}
          onChange={(e) => editDraft(id, { notes: e.target.value })}
        />
      </label>
      {problem && (
        <p className="error" role="alert" data-testid="wrapup-invalid">
          {t(`wrapUp.${problem}`)}
        </p>
      )}
      {live && <p className="muted small">{t('wrapUp.afterCall')}</p>}
      {queued && error && isTransient(error) && (
        <p className="notice" role="status" data-testid="wrapup-queued">
          {t('wrapUp.queued')}
        </p>
      )}
      {!queued && <ErrorMessage error={error} testId="wrapup-error" />}
      <div className="actions">
        <button type="submit" className="btn primary" data-testid="wrapup-submit" disabled={live || queued}>
          {sending ? t('wrapUp.submitting') : t('wrapUp.submit')}
        </button>
        {!queued && error && (
          <button
            type="button"
            className="btn link danger"
            onClick={() => {
              if (window.confirm(t('wrapUp.confirmDiscard'))) removeDraft(id, false);
            }}
          >
            {t('wrapUp.discard')}
          </button>
        )}
      </div>
    </form>
  );
}
