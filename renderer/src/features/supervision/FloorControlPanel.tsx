import { Button, Card, Group, Select, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { FloorAgent } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { SkillsButton } from '../skills/SkillsButton';
import { AgentFloorActions } from './AgentFloorActions';
import { floorCommands } from './floor-commands';

/**
 * Supervisors pick an agent and act on them. The wallboard's agent rows carry the same actions
 * (`AgentFloorActions`); this panel is the way in without it.
 */
export function FloorControlPanel() {
  const { t } = useTranslation();
  const [agents, setAgents] = useState<FloorAgent[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const refresh = useCallback(() => {
    void floorCommands.agents().then((res) => {
      if (res.ok) setAgents(res.data.agents);
      setError(res.ok ? null : res.error);
    });
  }, []);
  useEffect(() => {
    const timer = setInterval(refresh, 2000);
    const first = setTimeout(refresh, 0);
    return () => {
      clearInterval(timer);
      clearTimeout(first);
    };
  }, [refresh]);
  const agent = agents.find((a) => String(a.agentId) === picked) ?? null;
  return (
    <Card withBorder padding="sm" data-testid="floor-control">
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('supervision.title')}</Text>
        <Button size="compact-xs" variant="subtle" onClick={refresh}>
          {t('common.refresh')}
        </Button>
      </Group>
      <Select
        size="xs"
        searchable
        data-testid="floor-agent"
        aria-label={t('supervision.agent')}
        placeholder={t('supervision.agent')}
        value={picked}
        onChange={setPicked}
        data={agents.map((a) => ({
          value: String(a.agentId),
          label: `${a.displayName} (${a.username}) · ${t(`status.${a.status}`)}`,
        }))}
      />
      {agent && (
        <>
          <Text size="xs" mt={4} data-testid="floor-agent-status" data-status={agent.status}>
            {t(`status.${agent.status}`)}
            {agent.reason ? ` · ${agent.reason}` : ''}
          </Text>
          <AgentFloorActions agentId={agent.agentId} status={agent.status} />
          <SkillsButton agentId={agent.agentId} />
        </>
      )}
      <ErrorMessage error={error} testId="floor-list-error" />
    </Card>
  );
}
