import { Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import type { AuditEntry } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { AuditEntryDrawer, decisionColor } from './AuditEntryDrawer';
import { AuditFilters } from './AuditFilters';
import { auditApi, auditQueryOf, noFilter, type AuditFilterValues } from './audit-api';
import { actionLabel, actorText, reasonTexts } from './audit-text';

const PAGE = 50;
/** A rare filter's short pages are followed up to this many requests per search or "load more" (each bounded). */
const FOLLOW = 5;

interface Shown {
  entries: AuditEntry[];
  next: number | null;
  searchedDownTo: number | null;
  numberLast4: string | null;
}

/** The audit log for admins (and supervisors, without user and sign-in entries): search, read, export. */
export function AuditLogAdmin({ isAdmin }: { isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditFilterValues>(noFilter);
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const asked = useRef('');

  // busy is set by the handlers that start a read (a read started from an effect sets no state before awaiting)
  const read = useCallback(async (query: string, before: number | null, kept: AuditEntry[]) => {
    let entries = kept;
    let cursor = before;
    for (let i = 0; i < FOLLOW; i++) {
      const limit = PAGE - (entries.length - kept.length);
      const res = await auditApi.page(`${query}&limit=${limit}${cursor ? `&before=${cursor}` : ''}`);
      if (query !== asked.current) return;
      if (!res.ok) {
        setError(res.error);
        break;
      }
      setError(null);
      entries = [...entries, ...res.data.entries];
      cursor = res.data.next;
      const { searchedDownTo, numberLast4 } = res.data;
      setShown({ entries, next: cursor, searchedDownTo, numberLast4 });
      if (cursor === null || entries.length - kept.length >= PAGE) break;
    }
    setBusy(false);
  }, []);

  const search = useCallback(
    (values: AuditFilterValues) => {
      asked.current = auditQueryOf(values);
      setShown(null);
      setBusy(true);
      void read(asked.current, null, []);
    },
    [read],
  );
  useEffect(() => {
    asked.current = auditQueryOf(noFilter);
    void read(asked.current, null, []);
  }, [read]);

  const lang = i18n.language;
  return (
    <Card withBorder data-testid="audit-admin">
      <Title order={2} size="h5">
        {t('audit.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('audit.hint')}
      </Text>
      <AuditFilters
        value={filter}
        onChange={setFilter}
        isAdmin={isAdmin}
        onSearch={() => search(filter)}
        onExport={() =>
          void auditApi.exportCsv(auditQueryOf(filter)).then((res) => setError(res.ok ? null : res.error))
        }
      />
      <ErrorMessage error={error} testId="audit-error" />
      {shown?.numberLast4 && (
        <Text size="xs" mt="xs" data-testid="audit-number-note">
          {t('audit.numberMatched', { last4: shown.numberLast4 })}
        </Text>
      )}
      <Table fz="xs" striped highlightOnHover mt="xs" className="audit-table" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.who')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.object')}</Table.Th>
            <Table.Th>{t('audit.decision')}</Table.Th>
            <Table.Th>{t('audit.why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown?.entries.map((entry) => (
            <Table.Tr
              key={entry.id}
              data-testid="audit-row"
              data-action={entry.action}
              data-decision={entry.decision}
              tabIndex={0}
              onClick={() => setOpen(entry)}
              onKeyDown={(e) => e.key === 'Enter' && setOpen(entry)}
            >
              <Table.Td>{formatDateTime(entry.at, lang)}</Table.Td>
              <Table.Td>{actorText(t, entry)}</Table.Td>
              <Table.Td>{actionLabel(t, entry.action)}</Table.Td>
              <Table.Td className="audit-value">{entry.subject ?? t('common.none')}</Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" color={decisionColor[entry.decision]}>
                  {t(`audit.decisions.${entry.decision}`)}
                </Badge>
              </Table.Td>
              <Table.Td className="audit-value">{reasonTexts(t, entry).join('; ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown && shown.entries.length === 0 && shown.next === null && (
        <Text size="xs" c="dimmed" data-testid="audit-empty">
          {t('audit.empty')}
        </Text>
      )}
      <Group gap="xs" mt="xs">
        {shown?.next != null && (
          <Button
            size="xs"
            variant="default"
            loading={busy}
            data-testid="audit-load-more"
            onClick={() => {
              setBusy(true);
              void read(asked.current, shown.next, shown.entries);
            }}
          >
            {t('audit.loadMore')}
          </Button>
        )}
        <Text size="xs" c="dimmed" data-testid="audit-progress">
          {shown?.next == null
            ? shown && shown.entries.length > 0
              ? t('audit.end')
              : ''
            : shown.searchedDownTo !== null
              ? t('audit.searchedDownTo', { at: formatDateTime(shown.searchedDownTo, lang) })
              : ''}
        </Text>
      </Group>
      <AuditEntryDrawer entry={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
