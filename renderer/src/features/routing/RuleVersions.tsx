import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import type { RuleSetVersion } from '../../services/protocol';

/** The version in force and every version before it (the draft first), for who changed routing and when. */
export function RuleVersions({ versions }: { versions: RuleSetVersion[] }) {
  const { t, i18n } = useTranslation();
  const inForce = versions.find((v) => v.inForce);
  return (
    <div data-testid="rule-versions">
      <Text size="sm" fw={600} data-testid="rules-in-force" data-version={inForce?.version ?? 0}>
        {inForce ? t('routingAdmin.inForce', { version: inForce.version }) : t('routingAdmin.inForceDefault')}
      </Text>
      <Table striped fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('routingAdmin.version')}</Table.Th>
            <Table.Th>{t('routingAdmin.status')}</Table.Th>
            <Table.Th>{t('routingAdmin.publishedBy')}</Table.Th>
            <Table.Th>{t('routingAdmin.publishedAt')}</Table.Th>
            <Table.Th>{t('routingAdmin.rulesCount')}</Table.Th>
            <Table.Th>{t('routingAdmin.note')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id} data-testid="rule-version-row" data-version={v.version ?? 'draft'}>
              <Table.Td>{v.version ?? t('routingAdmin.draft')}</Table.Td>
              <Table.Td>
                {t(`routingAdmin.statuses.${v.status}`)}{' '}
                {v.inForce && (
                  <Badge size="xs" color="green" variant="light">
                    {t('routingAdmin.current')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{v.publishedBy ?? v.createdBy ?? ''}</Table.Td>
              <Table.Td>{formatDateTime(v.publishedAt ?? v.updatedAt, i18n.language)}</Table.Td>
              <Table.Td>{v.document.rules.length}</Table.Td>
              <Table.Td>{v.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
