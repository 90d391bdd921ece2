import { Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { UserAdminView } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { CreateUserForm } from './CreateUserForm';
import { UserRow } from './UserRow';
import { usersApi } from './users-api';

/** Admins manage accounts: create, role, skills and languages, disable / enable, reset password. */
export function UsersAdmin() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<UserAdminView[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    let live = true;
    void usersApi.list().then((res) => {
      if (!live) return;
      if (res.ok) setUsers(res.data.users);
      setError(res.ok ? null : res.error);
    });
    return () => {
      live = false;
    };
  }, [version]);
  return (
    <div data-testid="users-admin">
      <CreateUserForm
        onCreated={(username) => {
          setNotice(t('users.created', { username }));
          refresh();
        }}
      />
      {notice && (
        <Text size="xs" data-testid="users-notice">
          {notice}
        </Text>
      )}
      <ErrorMessage error={error} testId="users-error" />
      <Table striped mt="xs" fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.username')}</Table.Th>
            <Table.Th>{t('users.displayName')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.sip')}</Table.Th>
            <Table.Th>{t('users.skills')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} onChanged={refresh} />
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
