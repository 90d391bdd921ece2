import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceCheckResponse } from '../../services/protocol';
import { useStore } from '../../services/store';
import type { UiError } from '../../services/ui-error';
import { formatDateTime } from '../../services/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { adminApi, importProgressStore } from '../admin/admin-api';

type Listing = Extract<Awaited<ReturnType<typeof adminApi.searchDnc>>, { ok: true }>['data'];

/** Why a number is blocked: every list it is on, and the gate's dry run right now. */
function DncSearch() {
  const { t, i18n } = useTranslation();
  const [number, setNumber] = useState('');
  const [listing, setListing] = useState<Listing | null>(null);
  const [check, setCheck] = useState<ComplianceCheckResponse | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const search = async () => {
    const [found, decided] = await Promise.all([adminApi.searchDnc(number), adminApi.check(number)]);
    setError(found.ok ? null : found.error);
    setListing(found.ok ? found.data : null);
    setCheck(decided.ok ? decided.data : null);
  };
  return (
    <Stack gap="xs">
      <Group align="end">
        <TextInput
          data-testid="dnc-search-number"
          label={t('dnc.search')}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
        />
        <Button data-testid="btn-dnc-search" disabled={!number.trim()} onClick={() => void search()}>
          {t('dnc.why')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
      {listing && (
        <Stack gap={4} data-testid="dnc-search-result" data-listed={listing.listed}>
          <Text size="sm">
            {listing.listed ? t('dnc.listed', { e164: listing.e164 ?? number }) : t('dnc.notListed')}
          </Text>
          {listing.entries.length > 0 && (
            <Table>
              <Table.Tbody>
                {listing.entries.map((e, i) => (
                  <Table.Tr key={i} data-testid="dnc-entry">
                    <Table.Td>
                      <Badge variant="light">{t(`dnc.scope.${e.scope}`)}</Badge>
                      {e.campaignId !== null && ` #${e.campaignId}`}
                    </Table.Td>
                    <Table.Td>{e.reason ?? e.source}</Table.Td>
                    <Table.Td>{e.addedAt ? formatDateTime(e.addedAt, i18n.language) : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
      {check && (
        <Alert color={check.allowed ? 'green' : 'red'} data-testid="dnc-check">
          {check.allowed
            ? t('dnc.allowedNow', { time: check.localTime ?? '?', zone: check.timeZone ?? '?' })
            : check.reasons.map((r) => (
                <div key={r.code} data-code={r.code}>
                  {t(`compliance.${r.code}`, { defaultValue: r.message })}
                </div>
              ))}
        </Alert>
      )}
    </Stack>
  );
}

/** Add a number with a reason, or take one off with a reason (both audited by the bridge). */
function DncEdit() {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const campaign = campaignId ? Number(campaignId) : undefined;
  const run = async (remove: boolean) => {
    const res = remove
      ? await adminApi.removeDnc(number, reason, campaign)
      : await adminApi.addDnc(number, reason, campaign);
    setError(res.ok ? null : res.error);
    if (res.ok)
      setNote(
        'added' in res.data
          ? t(res.data.added ? 'dnc.added' : 'dnc.alreadyListed', { e164: res.data.e164 })
          : t(res.data.removed ? 'dnc.removed' : 'dnc.notListed', { e164: res.data.e164 }),
      );
  };
  return (
    <Stack gap="xs">
      <Group align="end">
        <TextInput
          data-testid="dnc-number"
          label={t('dnc.number')}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
        />
        <TextInput
          data-testid="dnc-reason"
          label={t('dnc.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <TextInput
          w={120}
          label={t('dnc.campaignId')}
          value={campaignId}
          onChange={(e) => setCampaignId(e.currentTarget.value.replace(/\D/g, ''))}
        />
      </Group>
      <Group>
        <Button data-testid="btn-dnc-add" disabled={!number || !reason} onClick={() => void run(false)}>
          {t('dnc.add')}
        </Button>
        <Button
          data-testid="btn-dnc-remove"
          color="red"
          variant="light"
          disabled={!number || !reason}
          onClick={() => void run(true)}
        >
          {t('dnc.remove')}
        </Button>
      </Group>
      {note && (
        <Text size="sm" data-testid="dnc-note">
          {note}
        </Text>
      )}
      <ErrorMessage error={error} />
    </Stack>
  );
}

function DncImport() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [registry, setRegistry] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const progress = useStore(importProgressStore);
  const run = async () => {
    if (!file) return;
    setResult(null);
    const res = await adminApi.importDnc(file, undefined, registry || undefined);
    setError(res.ok ? null : res.error);
    if (res.ok)
      setResult(
        t('dnc.importResult', {
          added: res.data.added,
          already: res.data.alreadyListed,
          rejected: res.data.rejected.length,
        }),
      );
  };
  const shown = progress && progress.kind !== 'leads' ? progress : null;
  return (
    <Group align="end">
      <FileInput
        label={t('dnc.importFile')}
        accept=".csv,.txt,text/csv,text/plain"
        value={file}
        onChange={setFile}
        w={240}
      />
      <TextInput
        label={t('dnc.registryName')}
        value={registry}
        onChange={(e) => setRegistry(e.currentTarget.value)}
        w={160}
      />
      <Button disabled={!file} onClick={() => void run()}>
        {t('admin.import')}
      </Button>
      {shown && !shown.done && <Text size="xs">{t('admin.rowsRead', { rows: shown.rows })}</Text>}
      {result && <Text size="sm">{result}</Text>}
      <ErrorMessage error={error} />
    </Group>
  );
}

/** The do-not-call lists: search and explain, add and remove with a reason, import files. */
export function DncAdmin() {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="dnc-admin">
      <Title order={2} size="h5" mb="xs">
        {t('dnc.title')}
      </Title>
      <Stack gap="md">
        <DncSearch />
        <DncEdit />
        <DncImport />
      </Stack>
    </Card>
  );
}
