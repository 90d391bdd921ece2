import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import { useStore } from '../../services/store';
import { dialNumber, loadCallbacks, takeCallback } from './outbound-actions';
import { outboundStore } from './outbound-store';

const REFRESH_MS = 30_000;

/** "My callbacks due": campaign callbacks (mine and anyone's) and the inbound follow-ups I own. */
export function CallbacksDue() {
  const { t, i18n } = useTranslation();
  const { callbacks } = useStore(outboundStore);
  useEffect(() => {
    void loadCallbacks();
    const timer = window.setInterval(() => void loadCallbacks(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <Card withBorder data-testid="callbacks-due">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('campaigns.callbacksDue')}
        </Title>
        <Button size="xs" variant="subtle" onClick={() => void loadCallbacks()}>
          {t('campaigns.refresh')}
        </Button>
      </Group>
      {callbacks.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('campaigns.noCallbacks')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {callbacks.map((cb) => (
              <Table.Tr key={cb.followUpId} data-testid="callback-row">
                <Table.Td>{formatDateTime(cb.dueAt, i18n.language)}</Table.Td>
                <Table.Td>
                  {cb.name ?? cb.number ?? '—'}{' '}
                  <Badge size="xs" variant="light">
                    {cb.kind === 'inbound'
                      ? t('campaigns.followUp')
                      : cb.personal
                        ? t('campaigns.callbackMine')
                        : t('campaigns.callbackAnyoneBadge')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {cb.kind === 'campaign' && (
                    <Button
                      size="xs"
                      data-testid="btn-take-callback"
                      onClick={() => void takeCallback(cb.followUpId)}
                    >
                      {t('campaigns.open')}
                    </Button>
                  )}
                  {cb.kind === 'inbound' && cb.number && (
                    // an inbound follow-up is dialled like any click-to-dial: through the compliance gate
                    <Button
                      size="xs"
                      data-testid="btn-dial-follow-up"
                      onClick={() => void dialNumber(cb.number ?? '', cb.customerId ?? undefined)}
                    >
                      {t('campaigns.dial')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
