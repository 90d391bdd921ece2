import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { fromLocalInputValue } from '../../services/format';
import { isTransient } from '../../services/ui-error';
import { useStore } from '../../services/store';
import { useDispositions } from '../dispositions/use-dispositions';
import { draftExtrasStore, patchDraftExtras, zonedInputToEpoch } from './draft-extras';
import { submitDraft } from './wrap-up-actions';
import { editDraft, removeDraft, type DraftEntry } from './wrap-up-store';
import { CallbackField, DispositionField, NotesField } from './WrapUpFields';

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

/** Where the draft stands: queued for resend, or refused (then it can be fixed and saved again, or discarded). */
function DraftStatus({ entry }: { entry: DraftEntry }) {
  const { t } = useTranslation();
  const { draft, error } = entry;
  if (!error) return null;
  if (draft.submittedAt !== null) {
    return isTransient(error) ? (
      <p className="notice" role="status" data-testid="wrapup-queued">
        {t('wrapUp.queued')}
      </p>
    ) : null;
  }
  const discard = () => {
    if (window.confirm(t('wrapUp.confirmDiscard'))) removeDraft(draft.interactionId, false);
  };
  return (
    <>
      <ErrorMessage error={error} testId="wrapup-error" />
      <button type="button" className="btn link danger" onClick={discard}>
        {t('wrapUp.discard')}
      </button>
    </>
  );
}

/** Disposition, notes and (when the disposition asks for it) a callback time, saved as the agent types. */
export function WrapUpForm({ entry, live }: Props) {
  const { t } = useTranslation();
  const dispositions = useDispositions();
  const [problem, setProblem] = useState<Problem>(null);
  const { draft, sending } = entry;
  const id = draft.interactionId;
  const extras = useStore(draftExtrasStore)[id];
  const allowed = extras?.allowedCodes ?? [];
  const all = dispositions.kind === 'loaded' ? dispositions.items : [];
  const items = allowed.length ? all.filter((d) => allowed.includes(d.code)) : all;
  const offered = dispositions.kind === 'loaded' ? { ...dispositions, items } : dispositions;
  const needsCallback = items.find((d) => d.code === draft.dispositionCode)?.schedulesCallback ?? false;
  const queued = draft.submittedAt !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const zone = extras?.zone ?? null;
    const callbackAt = !needsCallback
      ? null
      : zone
        ? zonedInputToEpoch(draft.callbackInput, zone)
        : fromLocalInputValue(draft.callbackInput);
    const found = check(draft.dispositionCode, needsCallback, callbackAt, Date.now());
    setProblem(found);
    if (!found) submitDraft(id, callbackAt);
  };

  return (
    <form className="wrapup-form" data-testid="wrapup-form" data-interaction-id={id} onSubmit={submit}>
      <DispositionField
        dispositions={offered}
        value={draft.dispositionCode}
        disabled={queued}
        onChange={(dispositionCode) => editDraft(id, { dispositionCode })}
      />
      {needsCallback && (
        <CallbackField
          value={draft.callbackInput}
          disabled={queued}
          onChange={(callbackInput) => editDraft(id, { callbackInput })}
        />
      )}
      {needsCallback && extras && (
        <div className="field" data-testid="wrapup-callback-extras">
          {extras.zone && (
            <span className="muted small">{t('campaigns.callbackZone', { zone: extras.zone })}</span>
          )}
          <label>
            <input
              type="checkbox"
              data-testid="wrapup-callback-anyone"
              checked={extras.callbackFor === 'anyone'}
              disabled={queued}
              onChange={(e) => patchDraftExtras(id, { callbackFor: e.target.checked ? 'anyone' : 'me' })}
            />{' '}
            {t('campaigns.callbackAnyone')}
          </label>
        </div>
      )}
      <NotesField value={draft.notes} disabled={queued} onChange={(notes) => editDraft(id, { notes })} />
      {problem && (
        <p className="error" role="alert" data-testid="wrapup-invalid">
          {t(`wrapUp.${problem}`)}
        </p>
      )}
      {live && <p className="muted small">{t('wrapUp.afterCall')}</p>}
      <div className="actions">
        <button type="submit" className="btn primary" data-testid="wrapup-submit" disabled={live || queued}>
          {sending ? t('wrapUp.submitting') : t('wrapUp.submit')}
        </button>
        <DraftStatus entry={entry} />
      </div>
    </form>
  );
}
