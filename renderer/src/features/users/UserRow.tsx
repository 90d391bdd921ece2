import { Badge, Button, Group, PasswordInput, Select, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SkillsButton } from '../skills/SkillsButton';
import { passwordProblems, roleSchema, type UserAdminView } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';
import { usersApi } from './users-api';

/** One account: role (saved at once), skills and languages (agents and supervisors), disable / enable, reset password. */
export function UserRow({ user, onChanged }: { user: UserAdminView; onChanged: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = async (action: () => Promise<UiResult<unknown>>) => {
    setBusy(true);
    const res = await action();
    setBusy(false);
    setError(res.ok ? null : res.error);
    if (res.ok) onChanged();
    return res.ok;
  };
  return (
    <Table.Tr data-testid={`user-row-${user.username}`} data-disabled={user.disabled}>
      <Table.Td>
        {user.username}
        {user.disabled && (
          <Badge size="xs" color="gray" ml={4}>
            {t('users.disabled')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{user.displayName}</Table.Td>
      <Table.Td>
        <Select
          size="xs"
          aria-label={t('users.role')}
          data-testid="user-role"
          value={user.role}
          allowDeselect={false}
          disabled={busy}
          onChange={(value) => {
            const role = roleSchema.safeParse(value);
            if (role.success && role.data !== user.role)
              void run(() => usersApi.update(user.id, { role: role.data }));
          }}
          data={roleSchema.options.map((r) => ({ value: r, label: t(`header.role.${r}`) }))}
        />
      </Table.Td>
      <Table.Td>{user.sipUsername ?? '—'}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <span data-testid="user-skills">{user.skills.join(', ') || '—'}</span>
          {user.role !== 'admin' && <SkillsButton agentId={user.id} onSaved={onChanged} />}
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="default"
            data-testid={user.disabled ? 'user-enable' : 'user-disable'}
            disabled={busy}
            onClick={() =>
              void run(() => (user.disabled ? usersApi.enable(user.id) : usersApi.disable(user.id)))
            }
          >
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Button>
          <PasswordInput
            size="xs"
            aria-label={t('users.newPassword')}
            placeholder={t('users.newPassword')}
            data-testid="user-new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button
            size="compact-xs"
            data-testid="user-reset-password"
            disabled={busy || passwordProblems(password, user.username).length > 0}
            onClick={() =>
              void run(() => usersApi.resetPassword(user.id, password)).then(
                (done) => done && setPassword(''),
              )
            }
          >
            {t('users.resetPassword')}
          </Button>
        </Group>
        <ErrorMessage error={error} testId="user-error" />
      </Table.Td>
    </Table.Tr>
  );
}
