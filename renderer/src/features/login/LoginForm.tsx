import { useState, type FormEvent } from 'react';
import { supervisedStore } from '../supervision/supervision-store';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import type { UiError } from '../../services/ui-error';
import { login } from './session-actions';
import type { SignOutNotice } from './session-store';

interface Props {
  /** Why the previous session ended, when the console did not end it itself. */
  notice: SignOutNotice;
}

export function LoginForm({ notice }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [missing, setMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(null);
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    const res = await login(username.trim(), password);
    if (!res.ok) {
      setBusy(false);
      setError(res.error);
    }
  };

  const message = missing
    ? t('login.required')
    : error
      ? error.code === 'UNAUTHENTICATED'
        ? t('login.badCredentials')
        : t(`errors.${error.code}`)
      : notice === 'refused'
        ? t('login.sessionExpired')
        : notice
          ? t(`login.signedOut.${notice}`)
          : null;
  // a supervisor's sign-out says why (the reason came with `agent:supervised` just before)
  const told = supervisedStore.get();
  const why = notice === 'forced' && told?.action === 'force-logout' ? ` ${told.by}: ${told.reason}` : '';

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={(e) => void submit(e)}>
        <div className="login-head">
          <h1>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('login.subtitle')}</p>
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            data-testid="login-username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {message && (
          <p className="error" role="alert" data-testid="login-error" title={error?.message}>
            {message}
            {why}
          </p>
        )}
        <button type="submit" className="btn primary" data-testid="login-submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
