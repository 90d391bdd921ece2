import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatTime } from '../../services/format';
import { localized } from '../../services/localized';
import { useStore } from '../../services/store';
import { useNow } from '../../services/use-now';
import { acceptCallback, declineCallback, myQueuesStore } from './my-queues-store';

/** "My queues": for each queue the agent serves, who waits and for how long, today's service level, callbacks. */
export function MyQueuesPanel() {
  const { t, i18n } = useTranslation();
  const { update } = useStore(myQueuesStore);
  const now = useNow();
  const queues = update?.queues ?? [];
  return (
    <Card withBorder padding="sm" data-testid="my-queues">
      <Title order={4} mb="xs">
        {t('myQueues.title')}
      </Title>
      {queues.length === 0 ? (
        <Text size="sm">{t('myQueues.empty')}</Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('myQueues.queue')}</Table.Th>
              <Table.Th>{t('myQueues.waiting')}</Table.Th>
              <Table.Th>{t('myQueues.longest')}</Table.Th>
              <Table.Th>{t('myQueues.serviceLevel')}</Table.Th>
              <Table.Th>{t('myQueues.callbacks')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queues.map((q) => {
              // the longest wait grows between pushes: counted on from the push's instant
              const longest = q.waiting > 0 ? q.longestWaitMs + Math.max(0, now - (update?.at ?? now)) : 0;
              const sl = q.today.serviceLevel;
              return (
                <Table.Tr key={q.queueId} data-testid={`my-queue-${q.code}`}>
                  <Table.Td
                    title={
                      q.estimatedWaitSec === null ? '' : t('myQueues.estimate', { sec: q.estimatedWaitSec })
                    }
                  >
                    {localized(i18n.language, q.name, q.nameZh)}
                  </Table.Td>
                  <Table.Td data-testid={`my-queue-${q.code}-waiting`}>{q.waiting}</Table.Td>
                  <Table.Td data-testid={`my-queue-${q.code}-longest`}>
                    {q.waiting > 0 ? formatDuration(longest) : '–'}
                  </Table.Td>
                  <Table.Td data-testid={`my-queue-${q.code}-sl`}>
                    {sl === null ? '–' : `${Math.round(sl * 100)}%`}
                  </Table.Td>
                  <Table.Td data-testid={`my-queue-${q.code}-callbacks`}>{q.callbacksWaiting}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <QueueCallbackOfferCard />
    </Card>
  );
}

/** A queue callback offered to this agent: its pop (who, why, how long they waited) and Accept / Decline. */
function QueueCallbackOfferCard() {
  const { t, i18n } = useTranslation();
  const { offer, result } = useStore(myQueuesStore);
  const now = useNow();
  const lang = i18n.language;
  if (!offer)
    return result && 'refused' in result ? (
      <Text c="red" size="sm" mt="xs" data-testid="queue-callback-refused">
        {t('myQueues.refused', { reasons: result.refused.join(', ') })}
      </Text>
    ) : result ? (
      <Text size="sm" mt="xs" data-testid="queue-callback-dialled">
        {t('myQueues.dialled')}
      </Text>
    ) : null;
  const customer = offer.card?.name ?? null;
  return (
    <Card withBorder mt="sm" padding="sm" data-testid="queue-callback-offer">
      <Group justify="space-between">
        <Title order={5}>{t('myQueues.callbackTitle')}</Title>
        <Badge>{localized(lang, offer.businessType.name, offer.businessType.nameZh)}</Badge>
      </Group>
      <Text size="sm" data-testid="queue-callback-number">
        {t('myQueues.callbackNumber')}: {offer.callerE164}
        {customer ? ` · ${customer}` : ''}
      </Text>
      <Text size="sm">
        {localized(lang, offer.queue.name, offer.queue.nameZh)} ·{' '}
        {t(`myQueues.callbackSource.${offer.source}`)}
      </Text>
      <Text size="sm" data-testid="queue-callback-waited">
        {t('myQueues.callbackWaited', {
          time: formatTime(offer.arrivedAt, lang),
          wait: formatDuration(Math.max(0, now - offer.arrivedAt)),
        })}
      </Text>
      {offer.attempts > 0 && (
        <Text size="sm">
          {t('myQueues.callbackAttempts', { count: offer.attempts, outcome: offer.lastOutcome ?? '–' })}
        </Text>
      )}
      <Group mt="xs">
        <Button
          size="xs"
          data-testid="btn-queue-callback-accept"
          onClick={() => void acceptCallback(offer.callbackId)}
        >
          {t('myQueues.accept')}
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="btn-queue-callback-decline"
          onClick={() => void declineCallback(offer.callbackId)}
        >
          {t('myQueues.decline')}
        </Button>
      </Group>
    </Card>
  );
}
