import { Button, Group, PasswordInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { passwordProblems, roleSchema, type Role } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { PasswordHint } from './PasswordHint';
import { usersApi } from './users-api';

/** A new account: login name (also its SIP username), name, role and a strong first password. */
export function CreateUserForm({ onCreated }: { onCreated: (username: string) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const weak = passwordProblems(password, username).length > 0;
  const submit = async () => {
    setBusy(true);
    const res = await usersApi.create({ username: username.trim(), displayName, role, password });
    setBusy(false);
    setError(res.ok ? null : res.error);
    if (!res.ok) return;
    setUsername('');
    setDisplayName('');
    setPassword('');
    onCreated(res.data.username);
  };
  return (
    <form
      data-testid="create-user"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          size="xs"
          label={t('users.username')}
          data-testid="new-username"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label={t('users.displayName')}
          data-testid="new-display-name"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
        />
        <Select
          size="xs"
          label={t('users.role')}
          data-testid="new-role"
          value={role}
          allowDeselect={false}
          onChange={(value) => setRole(roleSchema.catch('agent').parse(value))}
          data={roleSchema.options.map((r) => ({ value: r, label: t(`header.role.${r}`) }))}
        />
        <PasswordInput
          size="xs"
          label={t('users.password')}
          data-testid="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Button size="xs" type="submit" data-testid="create-user-submit" disabled={busy || weak || !username}>
          {t('users.create')}
        </Button>
      </Group>
      <PasswordHint password={password} username={username} />
      <ErrorMessage error={error} testId="create-user-error" />
    </form>
  );
}
