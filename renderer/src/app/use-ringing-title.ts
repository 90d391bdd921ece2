import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** While a call rings, the tab title says so: agents often have other windows in front. */
export function useRingingTitle(ringing: boolean): void {
  const { t } = useTranslation();
  const base = t('app.name');
  const alert = `● ${t('call.incoming')} — ${base}`;
  useEffect(() => {
    document.title = ringing ? alert : base;
  }, [ringing, alert, base]);
}
