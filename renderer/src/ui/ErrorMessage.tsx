import { useTranslation } from 'react-i18next';
import type { UiError } from '../services/ui-error';

interface Props {
  error: UiError | null;
  testId?: string;
}

/** A translated error line; the server's own message goes in the tooltip for whoever needs the detail. */
export function ErrorMessage({ error, testId }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid={testId} data-code={error.code} title={error.message}>
      {t(`errors.${error.code}`)}
    </p>
  );
}
