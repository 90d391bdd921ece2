import { Badge, Button, Modal, Table } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueConfig } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { AdminSection } from '../../ui/AdminSection';
import { QueueDelete } from './QueueDelete';
import { QueueForm } from './QueueForm';
import { queuesApi, type RoutingReferences } from './queues-api';

/** Admins create and edit queues; supervisors see the same settings read-only. */
export function QueuesAdmin({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<QueueConfig[]>([]);
  const [refs, setRefs] = useState<RoutingReferences | null>(null);
  const [editing, setEditing] = useState<QueueConfig | 'new' | null>(null);
  const [deleting, setDeleting] = useState<QueueConfig | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all([queuesApi.list(), queuesApi.references()]).then(([queues, references]) => {
      if (!live) return;
      if (queues.ok) setList(queues.data.queues);
      if (references.ok) setRefs(references.data);
      setError(!queues.ok ? queues.error : !references.ok ? references.error : null);
    });
    return () => {
      live = false;
    };
  }, [version]);
  const zh = i18n.language === 'zh-CN';
  const typeName = (code: string) => {
    const type = refs?.businessTypes.find((bt) => bt.code === code);
    return type ? (zh ? type.nameZh : type.name) : code;
  };
  return (
    <AdminSection
      ids={{
        card: 'queues-admin',
        newButton: 'btn-new-queue',
        notice: 'queues-notice',
        error: 'queues-error',
      }}
      title={t('queuesAdmin.title')}
      newLabel={t('queuesAdmin.newQueue')}
      onNew={canEdit ? () => setEditing('new') : null}
      notice={notice}
      error={error}
    >
      <Table striped fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queuesAdmin.code')}</Table.Th>
            <Table.Th>{t('queuesAdmin.name')}</Table.Th>
            <Table.Th>{t('queuesAdmin.businessType')}</Table.Th>
            <Table.Th>{t('queuesAdmin.serviceLevel')}</Table.Th>
            <Table.Th>{t('queuesAdmin.priority')}</Table.Th>
            <Table.Th>{t('queuesAdmin.wrapUp')}</Table.Th>
            <Table.Th />
            <Table.Th />
            {canEdit && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((queue) => (
            <Table.Tr key={queue.id} data-testid="queue-row" data-queue-code={queue.code}>
              <Table.Td>{queue.code}</Table.Td>
              <Table.Td>{zh ? (queue.nameZh ?? queue.name) : queue.name}</Table.Td>
              <Table.Td>{typeName(queue.businessType)}</Table.Td>
              <Table.Td data-testid="queue-sla">
                {t('queuesAdmin.slaValue', { percent: queue.slaTargetPercent, sec: queue.slaTargetSec })}
              </Table.Td>
              <Table.Td data-testid="queue-priority">{queue.priority}</Table.Td>
              <Table.Td>{queue.wrapUpSec}</Table.Td>
              <Table.Td>
                <Badge
                  size="xs"
                  variant="light"
                  color={queue.openNow ? 'green' : 'gray'}
                  // never cut to "OP…" when the table is squeezed
                  miw="fit-content"
                  data-testid="queue-open"
                  data-open={queue.openNow}
                >
                  {t(queue.openNow ? 'queuesAdmin.open' : 'queuesAdmin.closed')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="default"
                  data-testid="btn-edit-queue"
                  onClick={() => setEditing(queue)}
                >
                  {t(canEdit ? 'queuesAdmin.edit' : 'queuesAdmin.view')}
                </Button>
              </Table.Td>
              {canEdit && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    data-testid="btn-delete-queue"
                    onClick={() => setDeleting(queue)}
                  >
                    {t('queuesAdmin.delete')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' || editing === null ? t('queuesAdmin.newQueue') : editing.code}
        size="xl"
      >
        {editing !== null && refs && (
          <QueueForm
            queue={editing === 'new' ? null : editing}
            refs={refs}
            readOnly={!canEdit}
            onSaved={(saved) => {
              setEditing(null);
              setNotice(t('queuesAdmin.saved', { code: saved.code }));
              setVersion((v) => v + 1);
            }}
          />
        )}
      </Modal>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? t('queuesAdmin.deleteTitle', { code: deleting.code }) : ''}
      >
        {deleting && (
          <QueueDelete
            queue={deleting}
            onDeleted={() => {
              setNotice(t('queuesAdmin.deleted', { code: deleting.code }));
              setDeleting(null);
              setVersion((v) => v + 1);
            }}
          />
        )}
      </Modal>
    </AdminSection>
  );
}
