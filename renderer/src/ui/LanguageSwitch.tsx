import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, languages, setLanguage } from '../services/i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <select
      className="lang-switch"
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      value={currentLanguage()}
      onChange={(e) => {
        if (isLanguage(e.target.value)) setLanguage(e.target.value);
      }}
    >
      {languages.map((lang) => (
        <option key={lang} value={lang}>
          {t(`lang.${lang}`)}
        </option>
      ))}
    </select>
  );
}
