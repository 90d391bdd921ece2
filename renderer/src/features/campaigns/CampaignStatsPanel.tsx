import { Badge, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendCommand } from '../../services/cti-client';
import type { CampaignStats, WorkableCampaign } from '../../services/protocol';
import { createStore, useStore } from '../../services/store';
import { loadAllCampaigns } from './campaigns-api';

/** The figures of the campaign a supervisor watches, kept current by `campaign:stats-changed`. */
export const watchedStatsStore = createStore<CampaignStats | null>(null);

export function statsPushed(stats: CampaignStats): void {
  if (watchedStatsStore.get()?.campaignId === stats.campaignId) watchedStatsStore.set(stats);
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function Counts({
  title,
  counts,
  label,
  testId,
}: {
  title: string;
  counts: Record<string, number>;
  label: (k: string) => string;
  testId: string;
}) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <Group gap="xs">
          {entries.map(([k, n]) => (
            <Badge key={k} variant="light" data-key={k}>
              {label(k)}: {n}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** Supervisors: one campaign live — dialled, answered, leads left, attempts by outcome, blocked by reason, agents. */
export function CampaignStatsPanel() {
  const { t } = useTranslation();
  const [campaigns, setCampaigns] = useState<Pick<WorkableCampaign, 'id' | 'name'>[]>([]);
  const [choice, setChoice] = useState<string | null>(null);
  const stats = useStore(watchedStatsStore);
  useEffect(() => {
    void loadAllCampaigns().then((list) => setCampaigns(list));
  }, []);
  useEffect(() => {
    if (choice === null) return;
    let stale = false;
    void sendCommand('campaign:watch', { campaignId: Number(choice) }).then((res) => {
      if (!stale && res.ok) watchedStatsStore.set(res.data);
    });
    return () => {
      stale = true;
    };
  }, [choice]);
  return (
    <Card withBorder data-testid="campaign-stats">
      <Title order={2} size="h5" mb="xs">
        {t('campaigns.stats.title')}
      </Title>
      <Select
        data-testid="stats-campaign-select"
        label={t('campaigns.stats.pick')}
        data={campaigns.map((c) => ({ value: String(c.id), label: c.name }))}
        value={choice}
        onChange={setChoice}
        comboboxProps={{ withinPortal: false }}
      />
      {stats && String(stats.campaignId) === choice && (
        <Stack gap="sm" mt="sm">
          <SimpleGrid cols={3}>
            <Figure label={t('campaigns.stats.dialled')} value={stats.dialled} testId="stats-dialled" />
            <Figure label={t('campaigns.stats.answered')} value={stats.answered} testId="stats-answered" />
            <Figure
              label={t('campaigns.stats.leadsLeft')}
              value={stats.leadsLeft}
              testId="stats-leads-left"
            />
          </SimpleGrid>
          <Counts
            title={t('campaigns.stats.byOutcome')}
            counts={stats.attemptsByOutcome}
            label={(k) => t(`campaigns.outcome.${k}`, { defaultValue: k })}
            testId="stats-by-outcome"
          />
          <Counts
            title={t('campaigns.stats.blocked')}
            counts={stats.blockedByReason}
            label={(k) => t(`compliance.${k}`, { defaultValue: k })}
            testId="stats-blocked"
          />
          <Text size="sm" fw={600}>
            {t('campaigns.stats.agents')}
          </Text>
          {stats.agents.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('campaigns.stats.noAgents')}
            </Text>
          ) : (
            <Table data-testid="stats-agents">
              <Table.Tbody>
                {stats.agents.map((a) => (
                  <Table.Tr key={a.agentId}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>{t(`status.${a.status}`, { defaultValue: a.status })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Card>
  );
}
