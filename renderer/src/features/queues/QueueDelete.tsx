import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { queuesApi } from './queues-api';

/** Deletes a queue with a reason; a queue still referenced is refused and what refers to it is shown. */
export function QueueDelete({ queue, onDeleted }: { queue: QueueConfig; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const remove = async () => {
    const why = reason.trim();
    setMissing(why.length < 3);
    if (why.length < 3) return;
    const res = await queuesApi.remove(queue.id, why);
    if (res.ok) onDeleted();
    else setError(res.error);
  };
  // the bridge's message lists the references ("queue x is still referenced by routing rules v3 (…); …")
  const what =
    error?.code === 'IN_USE' ? error.message.replace(/^queue \S+ is still referenced by /, '') : null;
  return (
    <Stack gap="xs" data-testid="queue-delete">
      <Text size="sm">{t('queuesAdmin.deleteHint')}</Text>
      <TextInput
        size="xs"
        label={t('queuesAdmin.reason')}
        data-testid="qd-reason"
        value={reason}
        error={missing ? t('queuesAdmin.required') : undefined}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      <ErrorMessage error={error} testId="qd-error" />
      {what && (
        <Text size="xs" data-testid="qd-in-use">
          {t('queuesAdmin.inUse', { what })}
        </Text>
      )}
      <Group justify="flex-end">
        <Button size="xs" color="red" data-testid="qd-confirm" onClick={() => void remove()}>
          {t('queuesAdmin.deleteConfirm')}
        </Button>
      </Group>
    </Stack>
  );
}
