import { Button, Grid, Group, MultiSelect, Paper, Select, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RoutingReferences } from '../queues/queues-api';
import type { RowField, RuleRowDraft } from './rules-draft';

interface Props {
  row: RuleRowDraft;
  index: number;
  last: boolean;
  refs: RoutingReferences;
  problems: Partial<Record<RowField, string>>;
  readOnly: boolean;
  change: (patch: Partial<RuleRowDraft>) => void;
  move: (by: -1 | 1) => void;
  remove: () => void;
}

/**
 * One rule of the draft as a card, each input under its own label: when (service numbers, attached data) →
 * business type → queue; its problems on their fields. A table row of seven columns did not fit a 1280×720 console.
 */
export function RuleRow({ row, index, last, refs, problems, readOnly, change, move, remove }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const numbers = refs.serviceNumbers.map((n) => ({
    value: n.e164,
    label: `${n.e164} ${zh ? (n.labelZh ?? n.label) : n.label}`,
  }));
  const types = refs.businessTypes.map((bt) => ({ value: bt.code, label: zh ? bt.nameZh : bt.name }));
  const queues = refs.queues
    .filter((q) => row.businessType === null || q.businessType === row.businessType)
    .map((q) => ({ value: q.code, label: q.code }));
  const text = (field: 'id' | 'name' | 'conditions', label: string, testId: string, span: number) => (
    <Grid.Col span={span}>
      <TextInput
        size="xs"
        label={label}
        data-testid={testId}
        value={row[field]}
        error={problems[field]}
        disabled={readOnly}
        onChange={(e) => change({ [field]: e.currentTarget.value })}
      />
    </Grid.Col>
  );
  return (
    <Paper withBorder p="xs" data-testid="rule-row" data-rule-index={index}>
      <Group justify="space-between" gap="xs">
        <Text size="xs" fw={600} c="dimmed">
          {t('routingAdmin.ruleNumber', { n: index + 1 })}
        </Text>
        {!readOnly && (
          <Group gap={2} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" disabled={index === 0} onClick={() => move(-1)}>
              {t('routingAdmin.moveUp')}
            </Button>
            <Button size="compact-xs" variant="subtle" disabled={last} onClick={() => move(1)}>
              {t('routingAdmin.moveDown')}
            </Button>
            <Button size="compact-xs" variant="subtle" color="red" data-testid="rule-remove" onClick={remove}>
              {t('routingAdmin.remove')}
            </Button>
          </Group>
        )}
      </Group>
      <Grid gap="xs" align="flex-start">
        {text('id', t('routingAdmin.id'), 'rule-id', 3)}
        {text('name', t('routingAdmin.name'), 'rule-name', 4)}
        <Grid.Col span={5}>
          <MultiSelect
            size="xs"
            label={t('routingAdmin.serviceNumbers')}
            data-testid="rule-numbers"
            searchable
            data={numbers}
            value={row.serviceNumbers}
            error={problems.serviceNumbers}
            disabled={readOnly}
            onChange={(serviceNumbers) => change({ serviceNumbers })}
          />
        </Grid.Col>
        {text('conditions', t('routingAdmin.conditions'), 'rule-conditions', 5)}
        <Grid.Col span={3}>
          <Select
            size="xs"
            label={t('routingAdmin.businessType')}
            data-testid="rule-business-type"
            data={types}
            value={row.businessType}
            error={problems.businessType}
            disabled={readOnly}
            onChange={(businessType) => change({ businessType, queue: null })}
          />
        </Grid.Col>
        <Grid.Col span={4}>
          <Select
            size="xs"
            label={t('routingAdmin.queue')}
            data-testid="rule-queue"
            data={queues}
            value={row.queue}
            placeholder={t('routingAdmin.ownQueue')}
            error={problems.queue}
            clearable
            disabled={readOnly}
            onChange={(queue) => change({ queue })}
          />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
