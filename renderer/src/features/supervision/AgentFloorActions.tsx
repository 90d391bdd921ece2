import { Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useStore } from '../../services/store';
import type { AgentStatus, MonitorMode, MonitorSession } from '../../services/protocol';
import type { UiError, UiResult } from '../../services/ui-error';
import { floorCommands } from './floor-commands';
import { connectListening, connectTalking, disconnectMonitor } from './monitor-media';
import { monitorEndedStore } from './monitor-store';

interface Props {
  agentId: number;
  status: AgentStatus;
}

/**
 * A supervisor's actions on one agent's row: force not ready or out, end the call (each with a reason, shown to
 * the agent and audited), and listen / whisper / barge on the call. Standalone, so the wallboard's agent rows
 * mount it as their actions.
 */
export function AgentFloorActions({ agentId, status }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [session, setMonitor] = useState<MonitorSession | null>(null);
  const ended = useStore(monitorEndedStore);
  // the bridge ended it (the call ended): gone without another command
  const monitor = session && ended?.monitorId === session.monitorId ? null : session;

  const run = async <T,>(action: () => Promise<UiResult<T>>, after?: (data: T) => void) => {
    setBusy(true);
    setError(null);
    const res = await action();
    setBusy(false);
    if (!res.ok) setError(res.error);
    else after?.(res.data);
  };
  const why = reason.trim();
  const needsReason = busy || why.length === 0;
  const onCall = status === 'on-call';
  const loggedIn = status !== 'logged-out';
  // the call's audio (real PBX) plays here; whisper and barge also send this supervisor's microphone
  const withMedia = async (
    res: UiResult<MonitorSession>,
    first: boolean,
  ): Promise<UiResult<MonitorSession>> => {
    if (!res.ok) return res;
    const session = res.data;
    const connected = first ? await connectListening(session) : ({ ok: true, data: null } as const);
    const talking =
      connected.ok && session.mode !== 'listen' && session.offer !== null
        ? await connectTalking(session.monitorId)
        : connected;
    if (!talking.ok) setError(talking.error);
    return res;
  };
  const setMode = (mode: MonitorMode) =>
    monitor
      ? void run(async () => withMedia(await floorCommands.mode(monitor.monitorId, mode), false), setMonitor)
      : void run(async () => withMedia(await floorCommands.listen(agentId, mode, why), true), setMonitor);

  return (
    <div className="floor-actions" data-testid={`floor-actions-${agentId}`}>
      <Group gap="xs" wrap="wrap">
        <TextInput
          size="xs"
          aria-label={t('supervision.reason')}
          placeholder={t('supervision.reason')}
          data-testid="force-reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Button
          size="xs"
          color="orange"
          data-testid="force-not-ready"
          disabled={needsReason || !loggedIn}
          onClick={() => void run(() => floorCommands.forceNotReady(agentId, why))}
        >
          {t('supervision.forceNotReady')}
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="force-logout"
          disabled={needsReason || !loggedIn}
          onClick={() => void run(() => floorCommands.forceLogout(agentId, why))}
        >
          {t('supervision.forceLogout')}
        </Button>
        <Button
          size="xs"
          color="red"
          data-testid="end-call"
          disabled={needsReason || !onCall}
          onClick={() => void run(() => floorCommands.endCall(agentId, why))}
        >
          {t('supervision.endCall')}
        </Button>
      </Group>
      <Group gap="xs" mt={4}>
        <SegmentedControl
          size="xs"
          data-testid="monitor-mode"
          disabled={busy || !onCall}
          value={monitor?.mode ?? ''}
          onChange={(value) => setMode(value as MonitorMode)}
          data={(['listen', 'whisper', 'barge'] as const).map((mode) => ({
            value: mode,
            label: t(`supervision.mode.${mode}`),
          }))}
        />
        {monitor && (
          <Button
            size="xs"
            variant="default"
            data-testid="monitor-stop"
            onClick={() =>
              void run(
                () => floorCommands.stop(monitor.monitorId),
                () => {
                  disconnectMonitor(monitor.monitorId);
                  setMonitor(null);
                },
              )
            }
          >
            {t('supervision.stop')}
          </Button>
        )}
        {monitor && (
          <span className="muted small" data-testid="monitoring" data-mode={monitor.mode}>
            {t('supervision.monitoring', { mode: t(`supervision.mode.${monitor.mode}`) })}
          </span>
        )}
        {ended && !monitor && (
          <span className="muted small" data-testid="monitor-ended">
            {t(`supervision.ended.${ended.reason}`)}
          </span>
        )}
      </Group>
      <ErrorMessage error={error} testId="floor-error" />
    </div>
  );
}
