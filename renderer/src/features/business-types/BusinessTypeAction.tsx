import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessType } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { businessTypesApi } from './business-types-api';

export type TypeAction = 'retire' | 'restore' | 'delete';

/** Retire, restore or delete a business type with a reason; a refusal shows what still uses the type. */
export function BusinessTypeAction({
  type,
  action,
  onDone,
}: {
  type: BusinessType;
  action: TypeAction;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = async () => {
    const why = reason.trim();
    setMissing(why.length < 3);
    if (why.length < 3) return;
    const res =
      action === 'delete'
        ? await businessTypesApi.remove(type.id, why)
        : action === 'retire'
          ? await businessTypesApi.retire(type.id, why)
          : await businessTypesApi.restore(type.id, why);
    if (res.ok) onDone();
    else setError(res.error);
  };
  // the bridge's message lists the uses ("business type x is still used by queues x; 2 waiting call(s)")
  const what =
    error?.code === 'IN_USE' ? error.message.replace(/^business type \S+ is still used by /, '') : null;
  return (
    <Stack gap="xs" data-testid="business-type-action" data-action={action}>
      <Text size="sm">{t(`businessTypes.${action}Hint`)}</Text>
      <TextInput
        size="xs"
        label={t('businessTypes.reason')}
        data-testid="bta-reason"
        value={reason}
        error={missing ? t('businessTypes.reasonRequired') : undefined}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <ErrorMessage error={error} testId="bta-error" />
      {what && (
        <Text size="xs" data-testid="bta-in-use">
          {t('businessTypes.inUse', { what })}
        </Text>
      )}
      <Group justify="flex-end">
        <Button
          size="xs"
          color={action === 'restore' ? undefined : 'red'}
          data-testid="bta-confirm"
          onClick={() => void run()}
        >
          {t(`businessTypes.${action}Confirm`)}
        </Button>
      </Group>
    </Stack>
  );
}
