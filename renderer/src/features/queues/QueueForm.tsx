import {
  Button,
  Checkbox,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  type ComboboxItem,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../services/protocol';
import { uiError, type UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { QueueHoursFields } from './QueueHoursFields';
import {
  draftOf,
  serverFieldErrors,
  settingsOf,
  type FieldErrors,
  type QueueDraft,
} from './queue-form-model';
import { queuesApi, type RoutingReferences } from './queues-api';

interface Props {
  queue: QueueConfig | null;
  refs: RoutingReferences;
  readOnly: boolean;
  onSaved: (queue: QueueConfig) => void;
}

/** Create or edit a queue: checked with the bridge's schema as typed, then by the bridge (codes it names). */
export function QueueForm({ queue, refs, readOnly, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<QueueDraft>(() => draftOf(queue));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<UiError | null>(null);
  const set = (patch: Partial<QueueDraft>) => setD((old) => ({ ...old, ...patch }));
  const zh = i18n.language === 'zh-CN';
  const queueOptions: ComboboxItem[] = refs.queues
    .filter((q) => q.code !== d.code)
    .map((q) => ({ value: q.code, label: `${q.code} · ${zh ? (q.nameZh ?? q.name) : q.name}` }));
  const typeOptions = refs.businessTypes.map((bt) => ({ value: bt.code, label: zh ? bt.nameZh : bt.name }));

  const save = async () => {
    const checked = settingsOf(d, {
      badSpan: t('queuesAdmin.badSpan'),
      badHoliday: (line) => t('queuesAdmin.badHoliday', { line }),
    });
    const reasonMissing = d.reason.trim().length < 3;
    if (!checked.ok || reasonMissing) {
      setErrors({
        ...(checked.ok ? {} : checked.errors),
        ...(reasonMissing ? { reason: t('queuesAdmin.required') } : {}),
      });
      setError(uiError('VALIDATION_FAILED'));
      return;
    }
    setErrors({});
    setError(null);
    const { code, ...changes } = checked.settings;
    const res = queue
      ? await queuesApi.update(queue.id, changes, d.reason.trim())
      : await queuesApi.create({ code, ...changes }, d.reason.trim());
    if (res.ok) onSaved(res.data);
    else {
      setError(res.error);
      if (res.error.code === 'VALIDATION_FAILED') setErrors(serverFieldErrors(res.error.message));
    }
  };

  const number = (key: keyof QueueDraft, label: string, testId: string) => (
    <NumberInput
      label={label}
      size="xs"
      data-testid={testId}
      value={d[key] as number | string}
      error={errors[key]}
      disabled={readOnly}
      allowDecimal={false}
      onChange={(value) => set({ [key]: value } as Partial<QueueDraft>)}
    />
  );

  return (
    <Stack gap="xs" data-testid="queue-form">
      <SimpleGrid cols={3} spacing="xs">
        <TextInput
          label={t('queuesAdmin.code')}
          size="xs"
          data-testid="qf-code"
          value={d.code}
          error={errors.code}
          disabled={readOnly || queue !== null}
          onChange={(e) => set({ code: e.currentTarget.value })}
        />
        <TextInput
          label={t('queuesAdmin.name')}
          size="xs"
          data-testid="qf-name"
          value={d.name}
          error={errors.name}
          disabled={readOnly}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <TextInput
          label={t('queuesAdmin.nameZh')}
          size="xs"
          data-testid="qf-name-zh"
          value={d.nameZh}
          error={errors.nameZh}
          disabled={readOnly}
          onChange={(e) => set({ nameZh: e.currentTarget.value })}
        />
        <Select
          label={t('queuesAdmin.businessType')}
          size="xs"
          data-testid="qf-business-type"
          data={typeOptions}
          value={d.businessType}
          error={errors.businessType}
          disabled={readOnly}
          onChange={(value) => set({ businessType: value })}
        />
        {number('slaTargetPercent', t('queuesAdmin.slaPercent'), 'qf-sla-percent')}
        {number('slaTargetSec', t('queuesAdmin.slaSec'), 'qf-sla-sec')}
        {number('priority', t('queuesAdmin.priority'), 'qf-priority')}
        {number('ringTimeoutSec', t('queuesAdmin.ringTimeout'), 'qf-ring-timeout')}
        {number('wrapUpSec', t('queuesAdmin.wrapUp'), 'qf-wrap-up')}
        {number('maxWaitSec', t('queuesAdmin.maxWait'), 'qf-max-wait')}
        <Select
          label={t('queuesAdmin.maxWaitAction')}
          size="xs"
          data-testid="qf-max-wait-action"
          data={(['after-hours', 'overflow'] as const).map((value) => ({
            value,
            label: t(`queuesAdmin.maxWaitActions.${value}`),
          }))}
          value={d.maxWaitAction}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) => set({ maxWaitAction: value === 'overflow' ? 'overflow' : 'after-hours' })}
        />
        <Select
          label={t('queuesAdmin.maxWaitQueue')}
          size="xs"
          data-testid="qf-max-wait-queue"
          data={queueOptions}
          value={d.maxWaitQueue}
          error={errors.maxWaitQueue}
          clearable
          disabled={readOnly || d.maxWaitAction !== 'overflow'}
          onChange={(value) => set({ maxWaitQueue: value })}
        />
        <Select
          label={t('queuesAdmin.overflowQueue')}
          size="xs"
          data-testid="qf-overflow-queue"
          data={queueOptions}
          value={d.overflowQueue}
          error={errors.overflowQueue}
          placeholder={t('queuesAdmin.noQueue')}
          clearable
          disabled={readOnly}
          onChange={(value) => set({ overflowQueue: value })}
        />
        {number('overflowAfterSec', t('queuesAdmin.overflowAfter'), 'qf-overflow-after')}
        <TextInput
          label={t('queuesAdmin.tierOrder')}
          size="xs"
          data-testid="qf-tiers"
          value={d.tierOrder}
          error={errors.tierOrder}
          disabled={readOnly}
          onChange={(e) => set({ tierOrder: e.currentTarget.value })}
        />
      </SimpleGrid>
      <QueueHoursFields draft={d} errors={errors} readOnly={readOnly} set={set} />
      <Checkbox
        size="xs"
        label={t('queuesAdmin.dispositionRequired')}
        data-testid="qf-disposition-required"
        checked={d.dispositionRequired}
        disabled={readOnly}
        onChange={(e) => set({ dispositionRequired: e.currentTarget.checked })}
      />
      <Checkbox
        size="xs"
        label={t('queuesAdmin.callbacksEnabled')}
        data-testid="qf-callbacks"
        checked={d.callbacksEnabled}
        disabled={readOnly}
        onChange={(e) => set({ callbacksEnabled: e.currentTarget.checked })}
      />
      {!readOnly && (
        <>
          <TextInput
            label={t('queuesAdmin.reason')}
            size="xs"
            data-testid="qf-reason"
            value={d.reason}
            error={errors.reason}
            onChange={(e) => set({ reason: e.currentTarget.value })}
          />
          <ErrorMessage error={error} testId="qf-error" />
          {errors.form && <p className="error">{errors.form}</p>}
          <Button size="xs" data-testid="qf-save" onClick={() => void save()}>
            {t('queuesAdmin.save')}
          </Button>
        </>
      )}
    </Stack>
  );
}
