import { Checkbox, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors, QueueDraft } from './queue-form-model';

interface Props {
  draft: QueueDraft;
  errors: FieldErrors;
  readOnly: boolean;
  set: (patch: Partial<QueueDraft>) => void;
}

/** Every zone the browser's tz data knows (the bridge checks with the same data). */
function zones(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return [...new Set(['UTC', current, ...known])].filter(Boolean);
}

/** When the queue is open: its IANA zone, hours per weekday, holidays, and what happens outside them. */
export function QueueHoursFields({ draft: d, errors, readOnly, set }: Props) {
  const { t } = useTranslation();
  const zoneOptions = useMemo(() => zones(d.timeZone), [d.timeZone]);
  const weekdays = t('queuesAdmin.weekdays', { returnObjects: true });
  return (
    <Stack gap={4}>
      <SimpleGrid cols={3} spacing="xs">
        <Select
          label={t('queuesAdmin.timeZone')}
          size="xs"
          data-testid="qf-time-zone"
          data={zoneOptions}
          value={d.timeZone}
          error={errors.timeZone}
          searchable
          limit={40}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) => set({ timeZone: value ?? 'UTC' })}
        />
        <Select
          label={t('queuesAdmin.afterHoursAction')}
          size="xs"
          data-testid="qf-after-hours"
          data={(['refuse', 'callback'] as const).map((value) => ({
            value,
            label: t(`queuesAdmin.afterHoursActions.${value}`),
          }))}
          value={d.afterHoursAction}
          allowDeselect={false}
          disabled={readOnly}
          onChange={(value) => set({ afterHoursAction: value === 'callback' ? 'callback' : 'refuse' })}
        />
        <TextInput
          label={t('queuesAdmin.afterHoursReason')}
          size="xs"
          data-testid="qf-after-hours-reason"
          value={d.afterHoursReason}
          error={errors.afterHoursReason}
          disabled={readOnly}
          onChange={(e) => set({ afterHoursReason: e.currentTarget.value })}
        />
      </SimpleGrid>
      <Checkbox
        size="xs"
        label={t('queuesAdmin.alwaysOpen')}
        data-testid="qf-always-open"
        checked={d.alwaysOpen}
        disabled={readOnly}
        onChange={(e) => set({ alwaysOpen: e.currentTarget.checked })}
      />
      {!d.alwaysOpen && (
        <SimpleGrid cols={4} spacing="xs">
          {weekdays.map((name, day) => (
            <TextInput
              key={name}
              label={name}
              size="xs"
              placeholder={t('queuesAdmin.hoursHint')}
              data-testid={`qf-hours-${day}`}
              value={d.hours[day] ?? ''}
              error={errors[`hours.${day}`]}
              disabled={readOnly}
              onChange={(e) => {
                const hours = [...d.hours];
                hours[day] = e.currentTarget.value;
                set({ hours });
              }}
            />
          ))}
        </SimpleGrid>
      )}
      <Textarea
        label={t('queuesAdmin.holidays')}
        size="xs"
        autosize
        minRows={2}
        data-testid="qf-holidays"
        value={d.holidays}
        error={errors.holidays}
        disabled={readOnly}
        onChange={(e) => set({ holidays: e.currentTarget.value })}
      />
    </Stack>
  );
}
