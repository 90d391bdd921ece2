import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PacingPoint } from './pacing-store';

const hms = (ms: number) =>
  new Date(ms).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });

/** Dial level (left axis) and the window's abandon rate against its target (right axis, %) per decision. */
export function PacingChart({ history, target }: { history: PacingPoint[]; target: number }) {
  const { t } = useTranslation();
  if (history.length < 2)
    return (
      <Text size="sm" c="dimmed" data-testid="pacing-chart-empty">
        {t('campaigns.pacing.chartWaiting')}
      </Text>
    );
  const data = history.map((p) => ({
    time: hms(p.at),
    dialLevel: Math.round(p.dialLevel * 100) / 100,
    abandonPct: Math.round(p.abandonRate * 10_000) / 100,
  }));
  const highest = Math.max(target * 100 * 1.5, ...data.map((p) => p.abandonPct));
  return (
    <div data-testid="pacing-chart" data-points={data.length}>
      <LineChart
        h={200}
        data={data}
        dataKey="time"
        withLegend
        withDots={false}
        curveType="stepAfter"
        withRightYAxis
        yAxisLabel={t('campaigns.pacing.dialLevel')}
        rightYAxisLabel={t('campaigns.pacing.abandonPct')}
        yAxisProps={{ domain: [0, 'auto'], allowDecimals: true }}
        rightYAxisProps={{ domain: [0, Math.ceil(highest)] }}
        referenceLines={[
          {
            y: target * 100,
            yAxisId: 'right',
            color: 'red.3',
            label: t('campaigns.pacing.target'),
            labelPosition: 'insideTopRight',
          },
        ]}
        series={[
          { name: 'dialLevel', label: t('campaigns.pacing.dialLevel'), color: 'blue.6' },
          {
            name: 'abandonPct',
            label: t('campaigns.pacing.abandonPct'),
            color: 'red.6',
            yAxisId: 'right',
          },
        ]}
      />
    </div>
  );
}
