import { Button, Group, Modal, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessType, BusinessTypeUsage } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { AdminSection } from '../../ui/AdminSection';
import { BusinessTypeAction, type TypeAction } from './BusinessTypeAction';
import { BusinessTypeForm } from './BusinessTypeForm';
import { businessTypesApi } from './business-types-api';

type Use = 'queues' | 'numbers' | 'rules' | 'agents' | 'campaigns' | 'waiting' | 'calls';

/** How many of each use, in the order an admin reads them; zero counts are left out. */
const usageCounts = (usage: BusinessTypeUsage): [Use, number][] =>
  (
    [
      ['queues', usage.queues.length],
      ['numbers', usage.serviceNumbers.length],
      ['rules', usage.rules.reduce((sum, set) => sum + set.ruleIds.length, 0)],
      ['agents', usage.agents.length],
      ['campaigns', usage.campaigns.length],
      ['waiting', usage.waitingCalls],
      ['calls', usage.recordedCalls],
    ] as [Use, number][]
  ).filter(([, count]) => count > 0);

/**
 * Business types: admins add one (code, English and Chinese names), rename, retire (kept for history, offered for
 * nothing new), restore and delete, each with a reason; supervisors see them read-only with what uses each.
 */
export function BusinessTypesAdmin({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<BusinessType[]>([]);
  const [editing, setEditing] = useState<BusinessType | 'new' | null>(null);
  const [acting, setActing] = useState<{ type: BusinessType; action: TypeAction } | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void businessTypesApi.list().then((res) => {
      if (!live) return;
      if (res.ok) setList(res.data.businessTypes);
      setError(res.ok ? null : res.error);
    });
    return () => {
      live = false;
    };
  }, [version]);
  const zh = i18n.language === 'zh-CN';
  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    setActing(null);
    setVersion((v) => v + 1);
  };
  const actionButton = (type: BusinessType, action: TypeAction) => (
    <Button
      size="compact-xs"
      variant="subtle"
      color={action === 'restore' ? undefined : 'red'}
      data-testid={`btn-${action}-type`}
      onClick={() => setActing({ type, action })}
    >
      {t(`businessTypes.${action}`)}
    </Button>
  );
  return (
    <AdminSection
      ids={{
        card: 'business-types-admin',
        newButton: 'btn-new-type',
        notice: 'types-notice',
        error: 'types-error',
      }}
      title={t('businessTypes.title')}
      newLabel={t('businessTypes.newType')}
      onNew={canEdit ? () => setEditing('new') : null}
      hint={
        <Text size="xs" c="dimmed">
          {t('businessTypes.hint')}
        </Text>
      }
      notice={notice}
      error={error}
    >
      <Table striped fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('businessTypes.code')}</Table.Th>
            <Table.Th>{t('businessTypes.name')}</Table.Th>
            <Table.Th>{t('businessTypes.nameZh')}</Table.Th>
            <Table.Th>{t('businessTypes.usedBy')}</Table.Th>
            <Table.Th>{t('businessTypes.status')}</Table.Th>
            {canEdit && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((type) => {
            const counts = usageCounts(type.usage);
            return (
              <Table.Tr key={type.id} data-testid="type-row" data-type-code={type.code}>
                <Table.Td>{type.code}</Table.Td>
                <Table.Td data-testid="type-name">{type.name}</Table.Td>
                <Table.Td data-testid="type-name-zh">{type.nameZh}</Table.Td>
                <Table.Td data-testid="type-usage">
                  {counts.length === 0
                    ? t('businessTypes.unused')
                    : counts
                        .map(([use, count]) => t(`businessTypes.uses.${use}`, { count }))
                        .join(zh ? '，' : ', ')}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text
                    size="xs"
                    fw={600}
                    c={type.retiredAt === null ? 'green.8' : 'dimmed'}
                    data-testid="type-status"
                    data-retired={type.retiredAt !== null}
                  >
                    {t(type.retiredAt === null ? 'businessTypes.inService' : 'businessTypes.retired')}
                  </Text>
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        data-testid="btn-rename-type"
                        onClick={() => setEditing(type)}
                      >
                        {t('businessTypes.rename')}
                      </Button>
                      {actionButton(type, type.retiredAt === null ? 'retire' : 'restore')}
                      {actionButton(type, 'delete')}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing === 'new' || editing === null
            ? t('businessTypes.newType')
            : t('businessTypes.renameTitle', { code: editing.code })
        }
      >
        {editing !== null && (
          <BusinessTypeForm
            type={editing === 'new' ? null : editing}
            onSaved={(saved) => done(t('businessTypes.saved', { code: saved.code }))}
          />
        )}
      </Modal>
      <Modal
        opened={acting !== null}
        onClose={() => setActing(null)}
        title={acting ? t(`businessTypes.${acting.action}Title`, { code: acting.type.code }) : ''}
      >
        {acting && (
          <BusinessTypeAction
            type={acting.type}
            action={acting.action}
            onDone={() => done(t(`businessTypes.${acting.action}Done`, { code: acting.type.code }))}
          />
        )}
      </Modal>
    </AdminSection>
  );
}
