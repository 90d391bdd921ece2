import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import type { CallbackDue, CustomerCard } from '../../services/protocol';
import { ringsideApi } from '../../services/ringside-api';
import { useStore } from '../../services/store';
import { useWhenConnected } from '../../services/use-when-connected';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCommand } from '../call/use-command';
import { CustomerCardView } from '../customer/CustomerCardView';
import { followUpTestIds } from '../customer/test-ids';
import { dialFollowUp, loadCallbacks, takeCallback } from './outbound-actions';
import { outboundStore } from './outbound-store';

const REFRESH_MS = 30_000;

function RowActions({ cb, onOpen }: { cb: CallbackDue; onOpen: (customerId: number) => void }) {
  const { t } = useTranslation();
  const { busy, error, run } = useCommand();
  if (cb.kind === 'campaign')
    // the lead's card in the campaign panel: dialled from there (or at once in progressive), through the gate
    return (
      <>
        <Button
          size="xs"
          data-testid="btn-take-callback"
          onClick={() => run(() => takeCallback(cb.followUpId))}
        >
          {t('campaigns.open')}
        </Button>
        <ErrorMessage error={error} />
      </>
    );
  return (
    <Group gap={4}>
      {cb.customerId !== null && (
        <Button
          size="xs"
          variant="default"
          data-testid="btn-open-follow-up"
          onClick={() => cb.customerId !== null && onOpen(cb.customerId)}
        >
          {t('campaigns.open')}
        </Button>
      )}
      {cb.number && (
        // dialled like any click-to-dial: through the compliance gate
        <Button
          size="xs"
          data-testid="btn-dial-follow-up"
          disabled={busy}
          onClick={() => run(() => dialFollowUp(cb.followUpId))}
        >
          {t('campaigns.dial')}
        </Button>
      )}
      <ErrorMessage error={error} />
    </Group>
  );
}

/** "My callbacks due": campaign callbacks (mine and anyone's) and the inbound follow-ups I own. */
export function CallbacksDue() {
  const { t, i18n } = useTranslation();
  const { callbacks } = useStore(outboundStore);
  const [opened, setOpened] = useState<CustomerCard | null>(null);
  const [openError, setOpenError] = useState<UiError | null>(null);
  useWhenConnected(loadCallbacks);
  useEffect(() => {
    const timer = window.setInterval(() => void loadCallbacks(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);
  const open = async (customerId: number) => {
    setOpenError(null);
    const res = await ringsideApi.getCustomer(customerId);
    if (res.ok) setOpened(res.data);
    else setOpenError(res.error);
  };
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
              <Table.Tr key={cb.followUpId} data-testid="callback-row" data-kind={cb.kind}>
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
                  {cb.notes && (
                    <Text size="xs" c="dimmed">
                      {cb.notes}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <RowActions cb={cb} onOpen={(id) => void open(id)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorMessage error={openError} />
      {opened && (
        <CustomerCardView card={opened} ids={followUpTestIds} currentInteractionId={null}>
          <div className="actions">
            <button type="button" className="btn small" onClick={() => setOpened(null)}>
              {t('search.close')}
            </button>
          </div>
        </CustomerCardView>
      )}
    </Card>
  );
}
