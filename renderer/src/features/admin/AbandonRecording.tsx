import { Alert, Button, FileInput, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ABANDON_RECORDING_LIMITS, type CampaignView } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { adminApi } from './admin-api';

const { minMs, maxMs, maxBytes } = ABANDON_RECORDING_LIMITS;

/**
 * The campaign's recorded abandon message: upload a WAV (the bridge checks, converts and audits it) to be played
 * instead of the spoken text, or remove it to have the text spoken again.
 */
export function AbandonRecording({ campaign }: { campaign: CampaignView }) {
  const { t, i18n } = useTranslation();
  const [recording, setRecording] = useState(campaign.abandonRecording);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<'uploaded' | 'removed' | null>(null);
  const finish = (res: Awaited<ReturnType<typeof adminApi.removeAbandonRecording>>, what: typeof done) => {
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      setDone(null);
      return;
    }
    setError(null);
    setRecording(res.data.abandonRecording);
    setDone(what);
    setFile(null);
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    finish(await adminApi.uploadAbandonRecording(campaign.id, file), 'uploaded');
  };
  const remove = async () => {
    setBusy(true);
    finish(await adminApi.removeAbandonRecording(campaign.id), 'removed');
  };
  return (
    <Stack gap={4} data-testid="abandon-recording">
      <Text size="sm" fw={500}>
        {t('admin.recording')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('admin.recordingHelp', { min: minMs / 1000, max: maxMs / 1000, mb: maxBytes / 1024 / 1024 })}
      </Text>
      <Text size="sm" data-testid="abandon-recording-current">
        {recording
          ? t('admin.recordingInfo', {
              name: recording.name,
              seconds: (recording.durationMs / 1000).toFixed(1),
              who: recording.uploadedByName ?? '—',
              when: new Date(recording.uploadedAt).toLocaleString(i18n.language),
            })
          : t('admin.recordingSpoken')}
      </Text>
      <Group align="end">
        <FileInput
          data-testid="abandon-recording-file"
          aria-label={t('admin.recording')}
          accept=".wav,audio/wav,audio/x-wav"
          value={file}
          onChange={setFile}
          w={260}
        />
        <Button
          data-testid="btn-abandon-recording-upload"
          disabled={!file || busy}
          onClick={() => void upload()}
        >
          {t('admin.recordingUpload')}
        </Button>
        {recording && (
          <Button
            data-testid="btn-abandon-recording-remove"
            variant="default"
            disabled={busy}
            onClick={() => void remove()}
          >
            {t('admin.recordingRemove')}
          </Button>
        )}
      </Group>
      <ErrorMessage error={error} testId="abandon-recording-error" />
      {done && (
        <Alert color="green" p="xs" data-testid="abandon-recording-done">
          {t(done === 'uploaded' ? 'admin.recordingUploaded' : 'admin.recordingRemoved')}
        </Alert>
      )}
    </Stack>
  );
}
