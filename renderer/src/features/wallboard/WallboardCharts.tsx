import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WallboardFigures } from '../../services/protocol';

const hhmm = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });

/** Calls per interval, service level through the day, and the agent state mix, with @mantine/charts. */
export function WallboardCharts({ figures }: { figures: WallboardFigures }) {
  const { t } = useTranslation();
  const points = figures.intervals
    .filter((p, i, all) => p.offered > 0 || all.slice(0, i).some((q) => q.offered > 0))
    .map((p) => ({
      time: hhmm(p.from),
      offered: p.offered,
      answered: p.answered,
      abandoned: p.abandoned,
      sl: p.serviceLevel === null ? null : Math.round(p.serviceLevel * 100),
    }));
  // each queue's service-level target as a line on the service-level chart (most queues share one)
  const targets = [...new Set(figures.queues.map((q) => q.slaTargetPercent))];
  const mix = figures.stateMix;
  const donut = [
    { name: t('wallboard.ready'), value: mix.ready, color: 'green.6' },
    { name: t('wallboard.ringing'), value: mix.ringing, color: 'cyan.6' },
    { name: t('wallboard.onCall'), value: mix.onCall, color: 'blue.6' },
    { name: t('wallboard.wrapUp'), value: mix.wrapUp, color: 'grape.6' },
    { name: t('wallboard.notReady'), value: mix.notReady, color: 'orange.6' },
  ].filter((slice) => slice.value > 0);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} data-testid="wb-charts">
      <Card withBorder>
        <Text fw={600} mb="xs">
          {t('wallboard.perInterval')}
        </Text>
        <BarChart
          h={180}
          data={points}
          dataKey="time"
          withLegend
          series={[
            { name: 'offered', label: t('wallboard.offered'), color: 'blue.6' },
            { name: 'answered', label: t('wallboard.answered'), color: 'green.6' },
            { name: 'abandoned', label: t('wallboard.abandoned'), color: 'red.6' },
          ]}
        />
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">
          {t('wallboard.slThroughDay')}
        </Text>
        <LineChart
          h={180}
          data={points}
          dataKey="time"
          yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], interval: 0 }}
          referenceLines={targets.map((pct) => ({
            y: pct,
            color: 'red.6',
            label: t('wallboard.target', { pct }),
            labelPosition: 'insideTopLeft' as const,
          }))}
          unit=" %"
          connectNulls
          series={[{ name: 'sl', label: t('wallboard.slToday'), color: 'teal.6' }]}
        />
      </Card>
      <Card withBorder>
        <Text fw={600} mb="xs">
          {t('wallboard.stateMix')}
        </Text>
        <div data-testid="wb-state-mix">
          <DonutChart
            h={180}
            size={130}
            thickness={18}
            data={donut}
            withLabels
            withLabelsLine={false}
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 24 }}
          />
        </div>
      </Card>
    </SimpleGrid>
  );
}
