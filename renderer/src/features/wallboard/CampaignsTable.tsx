import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignBoard } from '../../services/protocol';
import { pct } from './format';

/** Campaigns today: dialled, answered, abandon rate (and its window), occupancy of their agents, leads left. */
export function CampaignsTable({ campaigns }: { campaigns: CampaignBoard[] }) {
  const { t } = useTranslation();
  return (
    <Table striped withTableBorder data-testid="wb-campaigns">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('wallboard.campaign')}</Table.Th>
          <Table.Th>{t('wallboard.dialled')}</Table.Th>
          <Table.Th>{t('wallboard.answered')}</Table.Th>
          <Table.Th>
            {t('wallboard.abandonRate')} ({t('wallboard.abandonWindow')})
          </Table.Th>
          <Table.Th>{t('wallboard.occupancy')}</Table.Th>
          <Table.Th>{t('wallboard.leadsLeft')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {campaigns.map((c) => (
          <Table.Tr key={c.campaignId}>
            <Table.Td fw={600}>{c.name}</Table.Td>
            <Table.Td>{c.dialled}</Table.Td>
            <Table.Td>{c.answered}</Table.Td>
            <Table.Td>{pct(c.abandonRate)}</Table.Td>
            <Table.Td>{pct(c.occupancy)}</Table.Td>
            <Table.Td>{c.leadsLeft}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
