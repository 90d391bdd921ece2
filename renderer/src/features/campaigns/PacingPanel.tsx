import { Badge, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendCommand } from '../../services/cti-client';
import type { PacingView } from '../../services/protocol';
import { useStore } from '../../services/store';
import { loadAllCampaigns } from './campaigns-api';
import { PacingChart } from './PacingChart';
import { pacingLoaded, pacingStore } from './pacing-store';

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

const budgetColor = { open: 'green', tight: 'orange', spent: 'red' } as const;

function PacingFigures({ view }: { view: PacingView }) {
  const { t } = useTranslation();
  const { estimates: e, abandon: a, agents, lines } = view;
  const occupancy = agents.loggedIn === 0 ? 0 : (agents.talking + agents.wrapping) / agents.loggedIn;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge data-testid="pacing-mode" data-mode={view.mode}>
          {t(`campaigns.pacing.mode.${view.mode}`)}
        </Badge>
        <Text size="sm" data-testid="pacing-reason" data-reason={view.reason}>
          {t(`campaigns.pacing.reason.${view.reason}`)}
        </Text>
      </Group>
      {/* by the width of its own column (the right one at 1280 px), not of the window */}
      <SimpleGrid type="container" cols={{ base: 2, '640px': 4 }} spacing="xs">
        <Figure
          label={t('campaigns.pacing.dialLevel')}
          value={view.dialLevel.toFixed(2)}
          testId="pacing-dial-level"
        />
        <Figure
          label={t('campaigns.pacing.pAnswer')}
          value={`${pct(e.pAnswer.mean, 0)} (${pct(e.pAnswer.low, 0)}–${pct(e.pAnswer.high, 0)})`}
          testId="pacing-p-answer"
        />
        <Figure
          label={t('campaigns.pacing.answerTime')}
          value={secs(e.medianAnswerMs)}
          testId="pacing-answer-time"
        />
        <Figure
          label={t('campaigns.pacing.handleTime')}
          value={secs(e.meanHandleMs)}
          testId="pacing-handle-time"
        />
        <Figure
          label={t('campaigns.pacing.agents')}
          value={t('campaigns.pacing.agentsValue', {
            ready: agents.ready,
            freeing: e.agentsFreeing.toFixed(1),
          })}
          testId="pacing-agents"
        />
        <Figure
          label={t('campaigns.pacing.inFlight')}
          value={t('campaigns.pacing.inFlightValue', {
            ringing: lines.ringing,
            waiting: lines.answeredWaiting,
            max: lines.max,
          })}
          testId="pacing-in-flight"
        />
        <Figure label={t('campaigns.pacing.occupancy')} value={pct(occupancy, 0)} testId="pacing-occupancy" />
        <Figure
          label={t('campaigns.pacing.abandon', { hours: a.windowHours })}
          value={`${pct(a.rate, 2)} / ${pct(a.target, 0)}`}
          testId="pacing-abandon-rate"
        />
      </SimpleGrid>
      <Group gap="xs">
        <Badge color={budgetColor[a.budget]} data-testid="pacing-budget" data-budget={a.budget}>
          {t(`campaigns.pacing.budget.${a.budget}`)}
        </Badge>
        <Text size="sm" data-testid="pacing-budget-left">
          {t('campaigns.pacing.budgetLeft', {
            remaining: Math.max(0, a.remaining).toFixed(1),
            abandons: a.abandons,
            answers: a.answers,
          })}
        </Text>
      </Group>
    </Stack>
  );
}

/** Supervisors: a predictive campaign's pacing live — the dial level, the estimates behind it, the budget. */
export function PacingPanel() {
  const { t } = useTranslation();
  const [campaigns, setCampaigns] = useState<{ id: number; name: string }[]>([]);
  const [choice, setChoice] = useState<string | null>(null);
  const { campaignId, view, history } = useStore(pacingStore);
  useEffect(() => {
    void loadAllCampaigns().then((list) => setCampaigns(list.filter((c) => c.mode === 'predictive')));
  }, []);
  useEffect(() => {
    if (choice === null) return;
    let stale = false;
    const id = Number(choice);
    void sendCommand('campaign:pacing', { campaignId: id }).then((res) => {
      if (!stale && res.ok) pacingLoaded(id, res.data);
    });
    return () => {
      stale = true;
    };
  }, [choice]);
  const shown = campaignId !== null && String(campaignId) === choice;
  return (
    <Card withBorder data-testid="pacing-panel">
      <Title order={2} size="h5" mb="xs">
        {t('campaigns.pacing.title')}
      </Title>
      <Select
        data-testid="pacing-campaign-select"
        label={t('campaigns.pacing.pick')}
        placeholder={campaigns.length ? undefined : t('campaigns.pacing.noPredictive')}
        data={campaigns.map((c) => ({ value: String(c.id), label: c.name }))}
        value={choice}
        onChange={setChoice}
        comboboxProps={{ withinPortal: false }}
      />
      {shown && !view && (
        <Text size="sm" c="dimmed" mt="sm" data-testid="pacing-none">
          {t('campaigns.pacing.none')}
        </Text>
      )}
      {shown && view && (
        <Stack gap="sm" mt="sm">
          <PacingFigures view={view} />
          <PacingChart history={history} target={view.abandon.target} />
        </Stack>
      )}
    </Card>
  );
}
