import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createCampaignSchema, type CampaignView, type CreateCampaign } from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { dispositionLabel, useDispositions } from '../dispositions/use-dispositions';
import { queuesApi, type RoutingReferences } from '../queues/queues-api';
import { AbandonRecording } from './AbandonRecording';
import { adminApi } from './admin-api';

type Draft = Omit<CreateCampaign, 'agentIds'> & { agentIdsText: string };

function draftOf(c: CampaignView | null): Draft {
  return {
    name: c?.name ?? '',
    businessType: c?.businessType ?? null,
    mode: c?.mode ?? 'preview',
    callingWindow: c?.callingWindow ?? { from: '09:00', to: '20:00' },
    rules: c?.rules ?? 'US',
    maxAttempts: c?.maxAttempts ?? 3,
    maxAttemptsPerDay: c?.maxAttemptsPerDay ?? 2,
    retryDelaysSec: c?.retryDelaysSec ?? { busy: 900, 'no-answer': 14_400, machine: 14_400 },
    ringTimeSec: c?.ringTimeSec ?? 20,
    callerId: c?.callerId ?? null,
    script: c?.script ?? '',
    dispositionCodes: c?.dispositionCodes ?? [],
    skill: c?.skill ?? null,
    abandonTarget: c?.abandonTarget ?? 0.03,
    abandonWindowHours: c?.abandonWindowHours ?? 720,
    maxLines: c?.maxLines ?? 1,
    abandonMessage: c?.abandonMessage ?? null,
    serverPlaced: c?.serverPlaced ?? false,
    agentIdsText: c?.agentIds.join(', ') ?? '',
  };
}

/** Create or edit a campaign; checked with the same schema the bridge uses, then by the bridge (e.g. US/UK hours). */
export function CampaignForm({ campaign, onSaved }: { campaign: CampaignView | null; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const dispositions = useDispositions();
  const [d, setD] = useState<Draft>(() => draftOf(campaign));
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  const typeOptions = useBusinessTypeOptions(d.skill, i18n.language === 'zh-CN');
  const save = async () => {
    const { agentIdsText, ...rest } = d;
    const agentIds = agentIdsText
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const parsed = createCampaignSchema.safeParse({ ...rest, agentIds });
    if (!parsed.success) {
      setProblems(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setProblems([]);
    const res = campaign
      ? await adminApi.updateCampaign(campaign.id, parsed.data)
      : await adminApi.createCampaign(parsed.data);
    if (!res.ok) setError(res.error);
    else {
      setError(null);
      onSaved();
    }
  };
  const codes = dispositions.kind === 'loaded' ? dispositions.items : [];
  return (
    <Stack gap="xs" data-testid="campaign-form">
      <TextInput
        data-testid="cf-name"
        label={t('admin.name')}
        value={d.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
      />
      <SimpleGrid cols={3}>
        <Select
          data-testid="cf-mode"
          label={t('admin.mode')}
          data={(['preview', 'progressive', 'predictive'] as const).map((m) => ({
            value: m,
            label: t(`campaigns.mode.${m}`),
          }))}
          value={d.mode}
          onChange={(v) => v && set({ mode: v as Draft['mode'] })}
          comboboxProps={{ withinPortal: false }}
        />
        <Select
          data-testid="cf-rules"
          label={t('admin.rules')}
          data={(['US', 'UK', 'none'] as const).map((r) => ({ value: r, label: t(`admin.ruleSet.${r}`) }))}
          value={d.rules}
          onChange={(v) => v && set({ rules: v as Draft['rules'] })}
          comboboxProps={{ withinPortal: false }}
        />
        <Select
          label={t('admin.skill')}
          data-testid="cf-skill"
          data={typeOptions}
          value={d.skill}
          clearable
          onChange={(v) => set({ skill: v, businessType: v })}
          comboboxProps={{ withinPortal: false }}
        />
        <TextInput
          data-testid="cf-from"
          label={t('admin.windowFrom')}
          value={d.callingWindow.from}
          onChange={(e) => set({ callingWindow: { ...d.callingWindow, from: e.currentTarget.value } })}
        />
        <TextInput
          data-testid="cf-to"
          label={t('admin.windowTo')}
          value={d.callingWindow.to}
          onChange={(e) => set({ callingWindow: { ...d.callingWindow, to: e.currentTarget.value } })}
        />
        <NumberInput
          label={t('admin.ringTime')}
          min={15}
          value={d.ringTimeSec}
          onChange={(v) => set({ ringTimeSec: Number(v) })}
        />
        <NumberInput
          label={t('admin.maxAttempts')}
          min={1}
          value={d.maxAttempts}
          onChange={(v) => set({ maxAttempts: Number(v) })}
        />
        <NumberInput
          label={t('admin.maxAttemptsPerDay')}
          min={1}
          value={d.maxAttemptsPerDay}
          onChange={(v) => set({ maxAttemptsPerDay: Number(v) })}
        />
        <TextInput
          label={t('admin.callerId')}
          value={d.callerId ?? ''}
          onChange={(e) => set({ callerId: e.currentTarget.value || null })}
        />
        <NumberInput
          data-testid="cf-max-lines"
          label={t('admin.maxLines')}
          min={1}
          value={d.maxLines}
          onChange={(v) => set({ maxLines: Number(v) })}
        />
      </SimpleGrid>
      {d.mode === 'progressive' && (
        <Checkbox
          data-testid="cf-server-placed"
          label={t('admin.serverPlaced')}
          description={t('admin.serverPlacedHelp')}
          checked={d.serverPlaced}
          onChange={(e) => set({ serverPlaced: e.currentTarget.checked })}
        />
      )}
      {(d.mode === 'predictive' || (d.mode === 'progressive' && d.serverPlaced)) && (
        <TextInput
          data-testid="cf-abandon-message"
          label={t('admin.abandonMessage')}
          description={t('admin.abandonMessageHelp')}
          value={d.abandonMessage ?? ''}
          onChange={(e) => set({ abandonMessage: e.currentTarget.value || null })}
        />
      )}
      {campaign && (d.mode === 'predictive' || (d.mode === 'progressive' && d.serverPlaced)) && (
        <AbandonRecording campaign={campaign} />
      )}
      <MultiSelect
        label={t('admin.dispositions')}
        data={codes.map((c) => ({ value: c.code, label: dispositionLabel(c, i18n.language) }))}
        value={d.dispositionCodes}
        onChange={(v) => set({ dispositionCodes: v })}
        comboboxProps={{ withinPortal: false }}
      />
      <TextInput
        label={t('admin.agentIds')}
        value={d.agentIdsText}
        onChange={(e) => set({ agentIdsText: e.currentTarget.value })}
      />
      <Textarea
        data-testid="cf-script"
        label={t('admin.script')}
        description={t('admin.scriptHelp')}
        autosize
        minRows={3}
        value={d.script}
        onChange={(e) => set({ script: e.currentTarget.value })}
      />
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="cf-problems">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </div>
      )}
      <ErrorMessage error={error} testId="cf-error" />
      <Group>
        <Button data-testid="cf-save" onClick={() => void save()}>
          {campaign ? t('admin.save') : t('admin.create')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The business types a campaign can serve: those in service (the bridge's references, so a type an admin added
 * appears and a retired one does not), plus the campaign's own while the list loads.
 */
function useBusinessTypeOptions(current: string | null, zh: boolean) {
  const [types, setTypes] = useState<RoutingReferences['businessTypes'] | null>(null);
  useEffect(() => {
    let live = true;
    void queuesApi.references().then((references) => {
      if (live && references.ok) setTypes(references.data.businessTypes);
    });
    return () => {
      live = false;
    };
  }, []);
  const options = (types ?? []).map((type) => ({ value: type.code, label: zh ? type.nameZh : type.name }));
  if (current && !options.some((option) => option.value === current))
    options.push({ value: current, label: current });
  return options;
}
