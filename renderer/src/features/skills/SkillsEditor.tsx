import { Button, Group, MultiSelect, NumberInput, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '../../services/localized';
import {
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  type AgentSkillsView,
  type SkillOptions,
} from '../../services/protocol';
import type { UiError } from '../../services/ui-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { languageName } from './language-name';
import { skillsApi } from './skills-api';

/** Level per business type code; a missing code is no skill for it. */
type Levels = Record<string, number>;

const levelsOf = (view: AgentSkillsView): Levels =>
  Object.fromEntries(view.skills.map((s) => [s.businessType, s.level]));

/**
 * Supervisors and admins set one agent's skills (a level 1–10 per business type; empty for none) and languages,
 * with a reason the agent is shown. Routing uses the change at once.
 */
export function SkillsEditor({ agentId, onSaved }: { agentId: number; onSaved?: () => void }) {
  const { t, i18n } = useTranslation();
  const [options, setOptions] = useState<SkillOptions | null>(null);
  const [agent, setAgent] = useState<AgentSkillsView | null>(null);
  const [levels, setLevels] = useState<Levels>({});
  const [languages, setLanguages] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    let live = true;
    void Promise.all([skillsApi.options(), skillsApi.get(agentId)]).then(([opts, view]) => {
      if (!live) return;
      if (!opts.ok) return setError(opts.error);
      if (!view.ok) return setError(view.error);
      setOptions(opts.data);
      setAgent(view.data);
      setLevels(levelsOf(view.data));
      setLanguages(view.data.languages);
    });
    return () => {
      live = false;
    };
  }, [agentId]);

  const save = async () => {
    setBusy(true);
    setSaved(false);
    const skills = Object.entries(levels).map(([businessType, level]) => ({ businessType, level }));
    const res = await skillsApi.set(agentId, { skills, languages, reason: reason.trim() });
    setBusy(false);
    setError(res.ok ? null : res.error);
    if (!res.ok) return;
    setAgent(res.data);
    setLevels(levelsOf(res.data));
    setReason('');
    setSaved(true);
    onSaved?.();
  };
  const setLevel = (code: string, value: string | number) =>
    setLevels((prev) => {
      const level = typeof value === 'number' ? value : Number.parseInt(value, 10);
      const rest = Object.fromEntries(Object.entries(prev).filter(([key]) => key !== code));
      const valid = Number.isInteger(level) && level >= SKILL_LEVEL_MIN && level <= SKILL_LEVEL_MAX;
      return valid ? { ...rest, [code]: level } : rest;
    });

  if (!options || !agent) return <ErrorMessage error={error} testId="skills-error" />;
  const lang = i18n.language;
  const languageData = [...new Set([...options.languages, ...languages])].map((tag) => ({
    value: tag,
    label: languageName(tag, lang),
  }));
  return (
    <div data-testid="skills-editor" data-agent={agent.username}>
      <Text size="sm" fw={600}>
        {t('skills.editing', { name: agent.displayName, username: agent.username })}
      </Text>
      <Table fz="xs" mt={4} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('skills.businessType')}</Table.Th>
            <Table.Th>{t('skills.level')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {options.businessTypes.map((type) => (
            <Table.Tr key={type.code} data-testid={`skill-row-${type.code}`}>
              <Table.Td>{localized(lang, type.name, type.nameZh)}</Table.Td>
              <Table.Td>
                <NumberInput
                  size="xs"
                  w={90}
                  aria-label={t('skills.levelOf', { type: localized(lang, type.name, type.nameZh) })}
                  placeholder={t('skills.none')}
                  data-testid={`skill-level-${type.code}`}
                  min={SKILL_LEVEL_MIN}
                  max={SKILL_LEVEL_MAX}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="strict"
                  value={levels[type.code] ?? ''}
                  onChange={(value) => setLevel(type.code, value)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <MultiSelect
        size="xs"
        mt="xs"
        searchable
        label={t('skills.languages')}
        data-testid="skill-languages"
        data={languageData}
        value={languages}
        onChange={setLanguages}
        error={languages.length === 0 ? t('skills.languageRequired') : undefined}
      />
      <Group gap="xs" mt="xs" align="flex-end">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label={t('skills.reason')}
          data-testid="skills-reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Button
          size="xs"
          data-testid="skills-save"
          disabled={busy || reason.trim().length === 0 || languages.length === 0}
          onClick={() => void save()}
        >
          {t('skills.save')}
        </Button>
      </Group>
      {saved && (
        <Text size="xs" c="teal" data-testid="skills-saved">
          {t('skills.saved')}
        </Text>
      )}
      <ErrorMessage error={error} testId="skills-error" />
    </div>
  );
}
