import { Badge, Button, Card, Group, Modal, Table, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignView } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { adminApi } from './admin-api';
import { CampaignForm } from './CampaignForm';
import { LeadImport } from './LeadImport';

/** Admins: every campaign with its state, start/pause/stop, edit, and the lead import. */
export function CampaignsAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [list, setList] = useState<CampaignView[]>([]);
  const [editing, setEditing] = useState<CampaignView | 'new' | null>(null);
  const [importing, setImporting] = useState<number | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void adminApi.campaigns().then((res) => {
      if (live && res.ok) setList(res.data.campaigns);
    });
    return () => {
      live = false;
    };
  }, [version]);
  const reload = () => setVersion((v) => v + 1);
  const act = async (id: number, action: 'start' | 'pause' | 'stop') => {
    const res = await adminApi.act(id, action);
    setError(res.ok ? null : res.error);
    reload();
  };
  return (
    <Card withBorder data-testid="campaigns-admin">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {t('admin.campaigns')}
        </Title>
        {canEdit && (
          <Button size="xs" data-testid="btn-new-campaign" onClick={() => setEditing('new')}>
            {t('admin.newCampaign')}
          </Button>
        )}
      </Group>
      <ErrorMessage error={error} />
      <Table striped>
        <Table.Tbody>
          {list.map((c) => (
            <Table.Tr key={c.id} data-testid="campaign-row" data-campaign-id={c.id}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`campaigns.mode.${c.mode}`)}</Badge>
              </Table.Td>
              <Table.Td>
                <Badge data-testid="campaign-state">{t(`admin.state.${c.state}`)}</Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {c.state !== 'running' && c.state !== 'stopped' && (
                    <Button
                      size="compact-xs"
                      data-testid="btn-campaign-start"
                      onClick={() => void act(c.id, 'start')}
                    >
                      {t('admin.start')}
                    </Button>
                  )}
                  {c.state === 'running' && (
                    <Button size="compact-xs" variant="light" onClick={() => void act(c.id, 'pause')}>
                      {t('admin.pause')}
                    </Button>
                  )}
                  {c.state !== 'stopped' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => void act(c.id, 'stop')}
                    >
                      {t('admin.stop')}
                    </Button>
                  )}
                  {canEdit && (
                    <>
                      <Button
                        size="compact-xs"
                        variant="default"
                        data-testid="btn-campaign-edit"
                        onClick={() => setEditing(c)}
                      >
                        {t('admin.edit')}
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="default"
                        data-testid="btn-campaign-import"
                        onClick={() => setImporting(c.id)}
                      >
                        {t('admin.importLeads')}
                      </Button>
                    </>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('admin.campaign')} size="lg">
        {editing !== null && (
          <CampaignForm
            campaign={editing === 'new' ? null : editing}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={importing !== null}
        onClose={() => setImporting(null)}
        title={t('admin.importLeads')}
        size="lg"
      >
        {importing !== null && <LeadImport campaignId={importing} />}
      </Modal>
    </Card>
  );
}
