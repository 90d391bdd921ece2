import { Button, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ADMIN_ONLY_CATEGORY, auditCategoryNames, type AuditCategory } from '../../services/protocol';
import { noFilter, type AuditFilterValues } from './audit-api';
import { actionLabel, knownActions } from './audit-text';

interface Props {
  value: AuditFilterValues;
  onChange: (value: AuditFilterValues) => void;
  onSearch: () => void;
  onExport: () => void;
  /** Admins see user and sign-in entries; supervisors do not. */
  isAdmin: boolean;
}

/** The audit log's filters: time range, who, category or action, object, decision, phone number. */
export function AuditFilters({ value, onChange, onSearch, onExport, isAdmin }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  const categories = auditCategoryNames.filter((c) => isAdmin || c !== ADMIN_ONLY_CATEGORY);
  const hidden = isAdmin ? [] : ['user.', 'auth.', 'session.'];
  const actions = knownActions
    .filter((a) => !hidden.some((prefix) => a.startsWith(prefix)))
    .map((a) => ({ value: a, label: actionLabel(t, a) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <SimpleGrid cols={4} spacing="xs" verticalSpacing={4}>
        <TextInput
          size="xs"
          type="datetime-local"
          label={t('audit.from')}
          data-testid="audit-from"
          value={value.from}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          type="datetime-local"
          label={t('audit.to')}
          data-testid="audit-to"
          value={value.to}
          onChange={(e) => set({ to: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('audit.actor')}
          placeholder={t('audit.actorPlaceholder')}
          data-testid="audit-actor"
          value={value.actor}
          onChange={(e) => set({ actor: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('audit.number')}
          placeholder={t('audit.numberPlaceholder')}
          data-testid="audit-number"
          value={value.number}
          onChange={(e) => set({ number: e.currentTarget.value })}
        />
        <NativeSelect
          size="xs"
          label={t('audit.category')}
          data-testid="audit-category"
          value={value.category}
          data={[
            { value: '', label: t('audit.anyCategory') },
            ...categories.map((c) => ({ value: c, label: t(`audit.categories.${c}`) })),
          ]}
          onChange={(e) => set({ category: e.currentTarget.value as AuditCategory | '' })}
        />
        <NativeSelect
          size="xs"
          label={t('audit.action')}
          data-testid="audit-action"
          value={value.action}
          data={[{ value: '', label: t('audit.anyAction') }, ...actions]}
          onChange={(e) => set({ action: e.currentTarget.value })}
        />
        <TextInput
          size="xs"
          label={t('audit.subject')}
          placeholder={t('audit.subjectPlaceholder')}
          data-testid="audit-subject"
          value={value.subject}
          onChange={(e) => set({ subject: e.currentTarget.value })}
        />
        <NativeSelect
          size="xs"
          label={t('audit.decision')}
          data-testid="audit-decision"
          value={value.decision}
          data={[
            { value: '', label: t('audit.anyDecision') },
            ...(['allowed', 'blocked', 'done'] as const).map((d) => ({
              value: d,
              label: t(`audit.decisions.${d}`),
            })),
          ]}
          onChange={(e) => set({ decision: e.currentTarget.value as AuditFilterValues['decision'] })}
        />
      </SimpleGrid>
      <Group gap="xs" mt="xs">
        <Button size="xs" type="submit" data-testid="audit-search">
          {t('audit.search')}
        </Button>
        <Button size="xs" variant="default" data-testid="audit-clear" onClick={() => onChange(noFilter)}>
          {t('audit.clear')}
        </Button>
        <Button
          size="xs"
          variant="default"
          data-testid="audit-export"
          title={t('audit.exportNote')}
          onClick={onExport}
        >
          {t('audit.exportCsv')}
        </Button>
      </Group>
    </form>
  );
}
