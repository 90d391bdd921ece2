import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginForm } from '../features/login/LoginForm';
import { restoreSession } from '../features/login/session-actions';
import { sessionStore } from '../features/login/session-store';
import { useStore } from '../services/store';
import { Console } from './Console';

/** Routing by session state: a saved token is checked first, then login or the console. */
export function App() {
  const { t } = useTranslation();
  const session = useStore(sessionStore);
  useEffect(() => {
    if (session.kind === 'restoring') void restoreSession();
  }, [session.kind]);

  if (session.kind === 'restoring') return <div className="splash">{t('common.loading')}</div>;
  if (session.kind === 'anonymous') return <LoginForm notice={session.notice} />;
  return <Console token={session.token} user={session.user} />;
}
