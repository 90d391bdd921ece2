import { Badge, Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localized } from '../../services/localized';
import { useStore } from '../../services/store';
import { languageName } from './language-name';
import { mySkillsStore, skillsChangedStore } from './skills-store';

/**
 * The agent's own skills (business type and level) and languages, as routing uses them; when a supervisor or
 * admin changes them, who did it and why.
 */
export function MySkills() {
  const { t, i18n } = useTranslation();
  const mine = useStore(mySkillsStore);
  const changed = useStore(skillsChangedStore);
  if (!mine) return null;
  const lang = i18n.language;
  return (
    <Card withBorder padding="xs" data-testid="my-skills">
      <Text size="sm" fw={600}>
        {t('skills.mine')}
      </Text>
      {changed && (
        <div className="banner banner-info" role="status" data-testid="skills-changed-notice">
          <span>
            {t('skills.changedBy', { by: changed.by })}{' '}
            <strong data-testid="skills-changed-reason">{changed.reason}</strong>
          </span>
          <button type="button" className="btn" onClick={() => skillsChangedStore.set(null)}>
            {t('supervision.dismiss')}
          </button>
        </div>
      )}
      <Group gap={4} mt={4}>
        {mine.skills.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('skills.noSkills')}
          </Text>
        )}
        {mine.skills.map((skill) => (
          <Badge
            key={skill.businessType}
            size="sm"
            variant="light"
            data-testid={`my-skill-${skill.businessType}`}
            data-level={skill.level}
          >
            {localized(lang, skill.name, skill.nameZh)} {skill.level}/10
          </Badge>
        ))}
      </Group>
      <Text size="xs" mt={4} data-testid="my-languages">
        {t('skills.languages')}: {mine.languages.map((tag) => languageName(tag, lang)).join(', ')}
      </Text>
    </Card>
  );
}
