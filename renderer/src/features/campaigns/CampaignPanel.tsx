import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboundCard, SkipReasonCode } from '../../services/protocol';
import { useStore } from '../../services/store';
import { useWhenConnected } from '../../services/use-when-connected';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCommand } from '../call/use-command';
import { LeadCard } from './LeadCard';
import {
  dialCard,
  hangupOutbound,
  joinCampaign,
  leaveCampaign,
  loadWorkable,
  nextCard,
  skipCard,
} from './outbound-actions';
import { outboundStore } from './outbound-store';

const skipReasons: SkipReasonCode[] = ['not-now', 'wrong-person', 'bad-data', 'other'];

function JoinForm() {
  const { t } = useTranslation();
  const { workable } = useStore(outboundStore);
  const [choice, setChoice] = useState<string | null>(null);
  const { busy, error, run } = useCommand();
  useWhenConnected(loadWorkable);
  const campaign = workable.find((c) => String(c.id) === choice);
  return (
    <Stack gap="xs">
      <Select
        data-testid="campaign-select"
        label={t('campaigns.choose')}
        placeholder={workable.length ? t('campaigns.choosePlaceholder') : t('campaigns.noneWorkable')}
        data={workable.map((c) => ({
          value: String(c.id),
          label: `${c.name} · ${t(`campaigns.mode.${c.mode}`)}`,
        }))}
        value={choice}
        onChange={setChoice}
        onDropdownOpen={() => void loadWorkable()}
        comboboxProps={{ withinPortal: false }}
      />
      <Group>
        <Button
          data-testid="btn-join-campaign"
          disabled={!campaign || busy}
          onClick={() => campaign && run(() => joinCampaign(campaign))}
        >
          {t('campaigns.join')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
    </Stack>
  );
}

function CallControls({ card }: { card: OutboundCard }) {
  const { t } = useTranslation();
  const { busy, error, run } = useCommand();
  const [reason, setReason] = useState<string | null>('not-now');
  const call = card.call;
  if (call && call.phase !== 'ended')
    return (
      <Group>
        <Badge size="lg" color={call.phase === 'connected' ? 'green' : 'blue'} data-testid="outbound-phase">
          {t(`campaigns.phase.${call.phase}`)}
        </Badge>
        <Button
          color="red"
          data-testid="btn-outbound-hangup"
          onClick={() => run(() => hangupOutbound(call.callId))}
        >
          {t('campaigns.hangup')}
        </Button>
        <ErrorMessage error={error} />
      </Group>
    );
  if (card.mode !== 'preview' || call) return null;
  return (
    <Stack gap="xs">
      <Group align="end">
        <Button
          color="green"
          data-testid="btn-preview-dial"
          disabled={busy}
          onClick={() => run(() => dialCard(card.lead.id))}
        >
          {t('campaigns.dial')}
        </Button>
        <Select
          data-testid="skip-reason"
          w={200}
          label={t('campaigns.skipReason')}
          data={skipReasons.map((r) => ({ value: r, label: t(`campaigns.skip.${r}`) }))}
          value={reason}
          onChange={setReason}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
        />
        <Button
          variant="default"
          data-testid="btn-preview-skip"
          disabled={busy}
          onClick={() => run(() => skipCard(card.lead.id, (reason ?? 'other') as SkipReasonCode, ''))}
        >
          {t('campaigns.skipLead')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
    </Stack>
  );
}

/** The agent's outbound work: join a campaign, then the card, the script and the call. */
export function CampaignPanel() {
  const { t } = useTranslation();
  const { joined, card, none, refused, lastEnded } = useStore(outboundStore);
  const { run } = useCommand();
  return (
    <Card withBorder className="campaign-panel" data-testid="campaign-panel">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('campaigns.title')}
        </Title>
        {joined && (
          <Group gap="xs">
            <Badge data-testid="joined-campaign">{joined.name}</Badge>
            <Badge variant="light">{t(`campaigns.mode.${joined.mode}`)}</Badge>
            {joined.autoAnswer && (
              <Badge color="orange" data-testid="auto-answer-on">
                {t('campaigns.autoAnswer')}
              </Badge>
            )}
            <Button
              size="xs"
              variant="subtle"
              data-testid="btn-leave-campaign"
              onClick={() => run(leaveCampaign)}
            >
              {t('campaigns.leave')}
            </Button>
          </Group>
        )}
      </Group>
      {!joined && <JoinForm />}
      {joined?.autoAnswer && (
        <Text size="sm" c="orange.8" mb="sm" data-testid="auto-answer-hint">
          {t('campaigns.autoAnswerHint')}
        </Text>
      )}
      {refused && (
        <Alert color="red" mb="sm" title={t('campaigns.refused')} data-testid="dial-refused">
          {refused.map((r) => (
            <div key={r.code} data-testid="dial-refused-reason" data-code={r.code}>
              {t(`compliance.${r.code}`, { defaultValue: r.message })}
            </div>
          ))}
        </Alert>
      )}
      {lastEnded && (
        <Text size="sm" mb="sm" data-testid="outbound-last-outcome" data-outcome={lastEnded.outcome}>
          {t('campaigns.lastOutcome', { outcome: t(`campaigns.outcome.${lastEnded.outcome}`) })}
        </Text>
      )}
      {joined && card && (
        <Stack gap="sm">
          <CallControls card={card} />
          <LeadCard card={card} />
        </Stack>
      )}
      {joined && !card && none && (
        <Stack gap="xs" data-testid="no-card" data-reason={none.reason}>
          <Text>{t(`campaigns.none.${none.reason}`)}</Text>
          {joined.mode === 'preview' && (
            <Group>
              <Button size="xs" variant="default" data-testid="btn-next-card" onClick={() => run(nextCard)}>
                {t('campaigns.next')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Card>
  );
}
