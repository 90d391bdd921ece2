import { Button, Group, PasswordInput, Select, TextInput } from '@mantine/core';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { passwordProblems, roleSchema, type Role } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { PasswordHint } from './PasswordHint';
import { usersApi } from './users-api';

const EMPTY = { username: '', displayName: '', password: '' };
type TextField = keyof typeof EMPTY;
const TEST_IDS: Record<TextField, string> = {
  username: 'new-username',
  displayName: 'new-display-name',
  password: 'new-password',
};

/** A new account: login name (also its SIP username), name, role and a strong first password. */
export function CreateUserForm({ onCreated }: { onCreated: (username: string) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(EMPTY);
  const [role, setRole] = useState<Role>('agent');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const { username, password } = form;
  const weak = passwordProblems(password, username).length > 0;
  // the props every text field shares: size, label, test id, value and its setter
  const field = (name: TextField) => ({
    size: 'xs' as const,
    label: t(`users.${name}`),
    'data-testid': TEST_IDS[name],
    value: form[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setForm((prev) => ({ ...prev, [name]: value }));
    },
  });
  const submit = async () => {
    setBusy(true);
    const res = await usersApi.create({ ...form, username: username.trim(), role });
    setBusy(false);
    setError(res.ok ? null : res.error);
    if (!res.ok) return;
    setForm(EMPTY);
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
        <TextInput {...field('username')} />
        <TextInput {...field('displayName')} />
        <Select
          size="xs"
          label={t('users.role')}
          data-testid="new-role"
          value={role}
          allowDeselect={false}
          onChange={(value) => setRole(roleSchema.catch('agent').parse(value))}
          data={roleSchema.options.map((r) => ({ value: r, label: t(`header.role.${r}`) }))}
        />
        <PasswordInput {...field('password')} />
        <Button size="xs" type="submit" data-testid="create-user-submit" disabled={busy || weak || !username}>
          {t('users.create')}
        </Button>
      </Group>
      <PasswordHint password={password} username={username} />
      <ErrorMessage error={error} testId="create-user-error" />
    </form>
  );
}
