import { Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OutboundCard } from '../../services/protocol';
import { formatDateTime } from '../../services/format';
import { CustomerCardView } from '../customer/CustomerCardView';
import { leadCardTestIds } from '../customer/test-ids';

const SHOWN_FIRST = ['first_name', 'last_name', 'name', 'company', 'email', 'notes'];

export function leadName(card: OutboundCard): string {
  const f = card.lead.fields;
  return f['name'] || [f['first_name'], f['last_name']].filter(Boolean).join(' ') || card.lead.e164;
}

/** The script with the lead's fields filled in; a field the lead lacks is marked, never read out as `{…}`. */
function Script({ card }: { card: OutboundCard }) {
  const { t } = useTranslation();
  if (card.script.length === 0) return null;
  return (
    <Paper withBorder p="sm" data-testid="lead-script">
      <Text size="xs" c="dimmed" mb={4}>
        {t('campaigns.script')}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap' }}>
        {card.script.map((part, i) =>
          'text' in part ? (
            <span key={i}>{part.text}</span>
          ) : part.value !== null ? (
            <strong key={i}>{part.value}</strong>
          ) : (
            <Badge key={i} color="orange" variant="light" title={t('campaigns.missingField')}>
              {part.field}
            </Badge>
          ),
        )}
      </Text>
    </Paper>
  );
}

/** The preview card: who, where and when it is there, what happened before, what to say. */
export function LeadCard({ card }: { card: OutboundCard }) {
  const { t, i18n } = useTranslation();
  const fields = Object.entries(card.lead.fields).sort(
    ([a], [b]) => (SHOWN_FIRST.indexOf(a) + 1 || 99) - (SHOWN_FIRST.indexOf(b) + 1 || 99),
  );
  return (
    <Stack gap="sm" data-testid="lead-card" data-lead-id={card.lead.id}>
      <Group justify="space-between">
        <Title order={3} data-testid="lead-name">
          {leadName(card)}
        </Title>
        <Group gap="xs">
          {card.callback && (
            <Badge color="grape" data-testid="lead-callback">
              {card.callback.personal ? t('campaigns.callbackMine') : t('campaigns.callbackAnyoneBadge')}
            </Badge>
          )}
          <Badge variant="outline">{t(`campaigns.leadStatus.${card.lead.status}`)}</Badge>
        </Group>
      </Group>
      <Group gap="lg">
        <Text data-testid="lead-number">{card.lead.e164}</Text>
        {card.localTimes.map((z) => (
          <Text key={z.zone} size="sm" data-testid="lead-local-time">
            {t('campaigns.localTime', { time: z.time ?? '?', zone: z.zone })}
          </Text>
        ))}
      </Group>
      <Script card={card} />
      <Table withTableBorder striped data-testid="lead-fields">
        <Table.Tbody>
          {fields.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th w="35%">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" data-testid="lead-attempts">
        {t('campaigns.attemptsSoFar', { count: card.lead.attempts })}
        {card.attemptsSoFar.length > 0 &&
          ': ' +
            card.attemptsSoFar
              .map(
                (a) =>
                  `${formatDateTime(a.at, i18n.language)} ${a.outcome ? t(`campaigns.outcome.${a.outcome}`, { defaultValue: a.outcome }) : '…'}`,
              )
              .join(' · ')}
      </Text>
      {card.customer && (
        <CustomerCardView
          card={card.customer}
          ids={leadCardTestIds}
          currentInteractionId={card.call?.interactionId}
        />
      )}
    </Stack>
  );
}
