import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { passwordProblems } from '../../services/protocol';

/** The strong-password rules, and what the typed password still lacks (the bridge checks again). */
export function PasswordHint({ password, username }: { password: string; username: string }) {
  const { t } = useTranslation();
  const problems = password ? passwordProblems(password, username) : [];
  return (
    <Text size="xs" c={problems.length ? 'red' : 'dimmed'} data-testid="password-hint">
      {problems.length ? problems.map((p) => t(`users.problems.${p}`)).join(' · ') : t('users.passwordRules')}
    </Text>
  );
}
