import { Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../services/api-client';
import { reportSchema, type Report, type ReportKind } from '../../services/protocol';
import { downloadReportCsv } from './report-download';

const local = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const startOfToday = () => new Date(new Date().setHours(0, 0, 0, 0)).getTime();

function cell(column: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (
    column === 'serviceLevel' ||
    column.endsWith('Rate') ||
    column.endsWith('ExShort') ||
    column === 'occupancy'
  )
    return `${Math.round(value * 100)} %`;
  if (column.endsWith('Ms') || column.startsWith('notReady:')) return `${Math.round(value / 1000)} s`;
  return String(value);
}

/** Historical reports over a date range by 15/30/60-minute interval, as a table and as a CSV download. */
export function ReportsView({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<ReportKind>('queues');
  const [from, setFrom] = useState(() => local(startOfToday()));
  const [to, setTo] = useState(() => local(Date.now() + 60_000));
  const [interval, setInterval] = useState('60');
  const [report, setReport] = useState<Report | null>(null);
  const query = () =>
    `from=${new Date(from).getTime()}&to=${new Date(to).getTime()}&interval=${interval}&lang=${i18n.language}`;
  const run = async () => {
    const result = await apiRequest(reportSchema, `/api/reports/${kind}?${query()}`);
    if (result.ok) setReport(result.data);
  };
  const time = (ms: number) => new Date(ms).toLocaleString();
  return (
    <Stack p="md" data-testid="reports">
      <Title order={2}>{t('wallboard.reports.title')}</Title>
      <Group align="end">
        <Select
          label={t('wallboard.reports.kind')}
          value={kind}
          onChange={(v) => v && setKind(v as ReportKind)}
          data={(['queues', 'agents', 'dispositions', 'campaigns'] as const).map((k) => ({
            value: k,
            label: t(`wallboard.reports.kinds.${k}`),
          }))}
          data-testid="report-kind"
        />
        <TextInput
          type="datetime-local"
          label={t('wallboard.reports.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="datetime-local"
          label={t('wallboard.reports.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Select
          label={t('wallboard.reports.interval')}
          value={interval}
          onChange={(v) => v && setInterval(v)}
          data={['15', '30', '60'].map((m) => ({
            value: m,
            label: t('wallboard.reports.minutes', { count: Number(m) }),
          }))}
        />
        <Button onClick={() => void run()} data-testid="report-run">
          {t('wallboard.reports.run')}
        </Button>
        <Button variant="light" onClick={() => void downloadReportCsv(kind, query(), token)}>
          {t('wallboard.reports.csv')}
        </Button>
      </Group>
      {report &&
        (report.totals.length === 0 ? (
          <Text c="dimmed">{t('wallboard.reports.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped withTableBorder data-testid="report-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('wallboard.reports.intervalStart')}</Table.Th>
                  <Table.Th>{t('wallboard.reports.name')}</Table.Th>
                  {report.columns.map((c) => (
                    <Table.Th key={c}>{c}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...report.rows, ...report.totals.map((r) => ({ ...r, total: true }))].map((row, i) => (
                  <Table.Tr key={i} fw={'total' in row ? 700 : undefined}>
                    <Table.Td>{'total' in row ? t('wallboard.reports.totals') : time(row.from)}</Table.Td>
                    <Table.Td>{row.name}</Table.Td>
                    {report.columns.map((c) => (
                      <Table.Td key={c}>{cell(c, row.values[c])}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Stack>
  );
}
