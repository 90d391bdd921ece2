import { Alert, Button, FileInput, Group, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadImportResult } from '../../services/protocol';
import { useStore } from '../../services/store';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { adminApi, downloadCsv, importProgressStore } from './admin-api';

/** Imports a CSV lead list into a campaign with a progress bar; the bad rows can be downloaded as a report. */
export function LeadImport({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LeadImportResult | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const progress = useStore(importProgressStore);
  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    importProgressStore.set({
      kind: 'leads',
      campaignId,
      rows: 0,
      bytes: 0,
      totalBytes: file.size,
      done: false,
    });
    const res = await adminApi.importLeads(campaignId, file);
    setBusy(false);
    if (res.ok) setResult(res.data);
    else setError(res.error);
  };
  const shown = progress?.kind === 'leads' && progress.campaignId === campaignId ? progress : null;
  const percent = shown?.totalBytes
    ? Math.min(100, (100 * shown.bytes) / shown.totalBytes)
    : result
      ? 100
      : 0;
  return (
    <Stack gap="xs" data-testid="lead-import">
      <Group align="end">
        <FileInput
          data-testid="lead-import-file"
          label={t('admin.importLeads')}
          accept=".csv,text/csv"
          value={file}
          onChange={setFile}
          w={280}
        />
        <Button data-testid="btn-lead-import" disabled={!file || busy} onClick={() => void run()}>
          {t('admin.import')}
        </Button>
      </Group>
      {(busy || result) && (
        <Progress
          value={percent}
          animated={busy}
          data-testid="lead-import-progress"
          aria-label={t('admin.progress')}
        />
      )}
      {shown && busy && <Text size="xs">{t('admin.rowsRead', { rows: shown.rows })}</Text>}
      <ErrorMessage error={error} />
      {result && (
        <Alert color={result.rejected.length ? 'yellow' : 'green'} data-testid="lead-import-result">
          <Text size="sm">
            {result.unchanged
              ? t('admin.importUnchanged')
              : t('admin.importResult', {
                  rows: result.rows,
                  imported: result.imported,
                  duplicates: result.duplicates.length,
                  rejected: result.rejected.length,
                  linked: result.linkedCustomers,
                })}
          </Text>
          {result.rejected.length > 0 && (
            <Button
              size="xs"
              variant="light"
              mt="xs"
              data-testid="btn-bad-rows"
              onClick={() =>
                downloadCsv(
                  `campaign-${campaignId}-bad-rows.csv`,
                  ['line', 'code', 'reason'],
                  result.rejected.map((r) => [
                    r.line,
                    r.code,
                    t(`importRow.${r.code}`, { defaultValue: r.reason }),
                  ]),
                )
              }
            >
              {t('admin.downloadBadRows')}
            </Button>
          )}
        </Alert>
      )}
    </Stack>
  );
}
