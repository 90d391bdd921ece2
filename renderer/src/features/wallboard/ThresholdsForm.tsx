import { Button, Card, Group, NumberInput, Select, SimpleGrid, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueThresholds, QueueThresholdsList, QueueThresholdsView } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { fromPct, thresholdsApi, toPct } from './thresholds-api';

type Field = 'slGood' | 'slWarn' | 'waitGood' | 'waitWarn' | 'abandonGood' | 'abandonWarn';
type Draft = Record<Field, number | string>;

const draftOf = (t: QueueThresholds): Draft => ({
  slGood: toPct(t.serviceLevel.good),
  slWarn: toPct(t.serviceLevel.warn),
  waitGood: t.longestWaitSec.good,
  waitWarn: t.longestWaitSec.warn,
  abandonGood: toPct(t.abandonRate.good),
  abandonWarn: toPct(t.abandonRate.warn),
});
const num = (v: number | string) => (typeof v === 'number' ? v : Number.NaN);
const thresholdsOf = (d: Draft): QueueThresholds => ({
  serviceLevel: { good: fromPct(num(d.slGood)), warn: fromPct(num(d.slWarn)) },
  longestWaitSec: { good: num(d.waitGood), warn: num(d.waitWarn) },
  abandonRate: { good: fromPct(num(d.abandonGood)), warn: fromPct(num(d.abandonWarn)) },
});

/** Supervisors and admins set the thresholds that colour one queue's cells; the wallboard recolours at once. */
export function ThresholdsForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [queues, setQueues] = useState<QueueThresholdsView[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const apply = useCallback((res: UiResult<QueueThresholdsList>, keep?: number) => {
    if (!res.ok) return setError(res.error);
    setQueues(res.data.queues);
    const queue = res.data.queues.find((q) => q.queueId === keep) ?? res.data.queues[0];
    if (queue) {
      setPicked(String(queue.queueId));
      setDraft(draftOf(queue.thresholds));
    }
  }, []);
  useEffect(() => {
    void thresholdsApi.list().then((res) => apply(res));
  }, [apply]);

  const queue = queues.find((q) => String(q.queueId) === picked) ?? null;
  const pick = (value: string | null) => {
    setPicked(value);
    const next = queues.find((q) => String(q.queueId) === value);
    if (next) setDraft(draftOf(next.thresholds));
    setError(null);
    setSaved(false);
  };
  const run = async (work: () => Promise<{ ok: boolean; error?: UiError }>) => {
    if (!queue) return;
    setBusy(true);
    setSaved(false);
    const res = await work();
    setBusy(false);
    setError(res.ok ? null : (res.error ?? null));
    if (res.ok) {
      setSaved(true);
      apply(await thresholdsApi.list(), queue.queueId);
    }
  };
  const field = (name: Field, max: number, step = 1) => (
    <NumberInput
      size="xs"
      label={t(`wallboard.thresholds.${name}`)}
      data-testid={`wb-th-${name}`}
      min={0}
      max={max}
      step={step}
      value={draft?.[name] ?? ''}
      onChange={(value) => draft && setDraft({ ...draft, [name]: value })}
    />
  );
  const name = (q: QueueThresholdsView) => (i18n.language === 'zh-CN' ? (q.nameZh ?? q.name) : q.name);
  return (
    <Card withBorder padding="sm" data-testid="wb-thresholds">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{t('wallboard.thresholds.title')}</Text>
        <Button size="compact-xs" variant="subtle" onClick={onClose}>
          {t('wallboard.thresholds.close')}
        </Button>
      </Group>
      <Group align="flex-end" gap="sm" mb="xs">
        <Select
          size="xs"
          label={t('wallboard.thresholds.queue')}
          data-testid="wb-th-queue"
          allowDeselect={false}
          value={picked}
          onChange={pick}
          data={queues.map((q) => ({ value: String(q.queueId), label: name(q) }))}
        />
        {queue && (
          <Text size="xs" c="dimmed" data-testid="wb-th-source" data-custom={queue.custom}>
            {queue.custom
              ? t('wallboard.thresholds.custom', {
                  by: queue.updatedBy ?? '—',
                  at: new Date(queue.updatedAt ?? 0).toLocaleString(i18n.language),
                })
              : t('wallboard.thresholds.defaults', {
                  pct: queue.slaTargetPercent,
                  sec: queue.slaTargetSec,
                })}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 6 }} spacing="xs">
        {field('slGood', 100, 0.5)}
        {field('slWarn', 100, 0.5)}
        {field('waitGood', 86_400)}
        {field('waitWarn', 86_400)}
        {field('abandonGood', 100, 0.5)}
        {field('abandonWarn', 100, 0.5)}
      </SimpleGrid>
      <Group gap="xs" mt="xs">
        <Button
          size="xs"
          data-testid="wb-th-save"
          disabled={busy || !draft || !queue}
          onClick={() =>
            draft && void run(() => thresholdsApi.save(queue?.queueId ?? 0, thresholdsOf(draft)))
          }
        >
          {t('wallboard.thresholds.save')}
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="wb-th-reset"
          disabled={busy || !queue?.custom}
          onClick={() => void run(() => thresholdsApi.reset(queue?.queueId ?? 0))}
        >
          {t('wallboard.thresholds.reset')}
        </Button>
        {saved && (
          <Text size="xs" c="green" data-testid="wb-th-saved">
            {t('wallboard.thresholds.saved')}
          </Text>
        )}
      </Group>
      <ErrorMessage error={error} testId="wb-th-error" />
    </Card>
  );
}
