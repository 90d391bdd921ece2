import { Badge, Drawer, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../services/format';
import type { AuditEntry } from '../../services/protocol';
import { actionLabel, actorText, fieldLabel, reasonTexts, valueText } from './audit-text';

export const decisionColor = { allowed: 'green', blocked: 'red', done: 'gray' } as const;

/** One entry in full: who, when, what, the object, the decision with its reasons translated, and its inputs. */
export function AuditEntryDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const reasons = entry ? reasonTexts(t, entry) : [];
  const inputs = Object.entries(entry?.details ?? {}).filter(([key]) => key !== 'reasons');
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={entry ? actionLabel(t, entry.action) : ''}
      closeButtonProps={{ 'aria-label': t('audit.close') }}
    >
      {entry && (
        <Stack gap="xs" data-testid="audit-drawer" data-entry-id={entry.id}>
          <Table fz="xs" withRowBorders={false}>
            <Table.Tbody>
              <Row label={t('audit.at')} value={formatDateTime(entry.at, lang)} />
              <Row label={t('audit.who')} value={actorText(t, entry)} />
              <Row label={t('audit.action')} value={`${actionLabel(t, entry.action)} (${entry.action})`} />
              <Row label={t('audit.object')} value={entry.subject ?? t('common.none')} />
              <Table.Tr>
                <Table.Th>{t('audit.decision')}</Table.Th>
                <Table.Td>
                  <Badge size="sm" color={decisionColor[entry.decision]} data-testid="audit-drawer-decision">
                    {t(`audit.decisions.${entry.decision}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="sm" fw={600}>
            {t('audit.reasons')}
          </Text>
          {reasons.length ? (
            <ul className="audit-reasons" data-testid="audit-drawer-reasons">
              {reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : (
            <Text size="xs" c="dimmed">
              {t('audit.noReasons')}
            </Text>
          )}
          {inputs.length > 0 && (
            <>
              <Text size="sm" fw={600}>
                {t('audit.inputs')}
              </Text>
              <Table fz="xs" striped data-testid="audit-drawer-inputs">
                <Table.Tbody>
                  {inputs.map(([key, value]) => (
                    <Row
                      key={key}
                      label={fieldLabel(t, key)}
                      value={valueText(t, key, value, lang)}
                      testId={`audit-input-${key}`}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Table.Tr data-testid={testId}>
      <Table.Th w="40%">{label}</Table.Th>
      <Table.Td className="audit-value">{value}</Table.Td>
    </Table.Tr>
  );
}
