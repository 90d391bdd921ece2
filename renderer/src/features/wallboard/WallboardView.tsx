import { Button, Group, Stack, Switch, Text, Title, useMantineColorScheme } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../services/use-now';
import { useStore } from '../../services/store';
import { AgentsTable } from './AgentsTable';
import { CampaignsTable } from './CampaignsTable';
import { QueuesTable } from './QueuesTable';
import { ThresholdsForm } from './ThresholdsForm';
import { useWallZoom } from './use-wall-zoom';
import { WallboardCharts } from './WallboardCharts';
import { watchWallboard, wallboardStore } from './wallboard-store';

/**
 * The supervisors' live floor: queues, charts, agents, campaigns. Big-screen mode is for a wall display: dark, scaled
 * to the screen, without the per-agent actions nobody clicks on a wall.
 */
export function WallboardView() {
  const { t } = useTranslation();
  const { figures, agents } = useStore(wallboardStore);
  const now = useNow(1000);
  const [big, setBig] = useState(false);
  const [editing, setEditing] = useState(false);
  const { setColorScheme } = useMantineColorScheme();
  const zoom = useWallZoom(big);
  useEffect(() => {
    void watchWallboard();
  }, []);
  useEffect(() => {
    setColorScheme(big ? 'dark' : 'light');
    return () => setColorScheme('light');
  }, [big, setColorScheme]);
  const rows = [...agents.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Stack
      gap="md"
      p="md"
      className={big ? 'wallboard wallboard-big' : 'wallboard'}
      data-testid="wallboard"
      data-big={big}
      style={big ? { zoom } : undefined}
    >
      <Group justify="space-between">
        <Title order={2}>{t('wallboard.title')}</Title>
        <Group gap="md">
          <Button
            size="xs"
            variant="default"
            data-testid="wb-thresholds-open"
            onClick={() => setEditing((open) => !open)}
          >
            {t('wallboard.thresholds.open')}
          </Button>
          <Switch
            label={t('wallboard.bigScreen')}
            checked={big}
            onChange={(e) => setBig(e.currentTarget.checked)}
            data-testid="wb-big-screen"
          />
        </Group>
      </Group>
      {editing && <ThresholdsForm onClose={() => setEditing(false)} />}
      {figures === null ? (
        <Text c="dimmed">{t('common.loading')}</Text>
      ) : (
        <>
          <QueuesTable queues={figures.queues} now={now} />
          <WallboardCharts figures={figures} />
          <Title order={3}>{t('wallboard.agents')}</Title>
          <AgentsTable agents={rows} now={now} withActions={!big} />
          {figures.campaigns.length > 0 && (
            <>
              <Title order={3}>{t('wallboard.campaigns')}</Title>
              <CampaignsTable campaigns={figures.campaigns} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
