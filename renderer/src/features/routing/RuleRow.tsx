import { Button, Group, MultiSelect, Select, Table, TextInput } from '@mantine/core';
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

/** One rule of the draft: when (service numbers, attached data) → business type → queue; its problems inline. */
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
  return (
    <Table.Tr data-testid="rule-row" data-rule-index={index}>
      <Table.Td>
        <TextInput
          size="xs"
          aria-label={t('routingAdmin.id')}
          data-testid="rule-id"
          value={row.id}
          error={problems.id}
          disabled={readOnly}
          onChange={(e) => change({ id: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          aria-label={t('routingAdmin.name')}
          data-testid="rule-name"
          value={row.name}
          error={problems.name}
          disabled={readOnly}
          onChange={(e) => change({ name: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <MultiSelect
          size="xs"
          aria-label={t('routingAdmin.serviceNumbers')}
          data-testid="rule-numbers"
          searchable
          data={numbers}
          value={row.serviceNumbers}
          error={problems.serviceNumbers}
          disabled={readOnly}
          onChange={(serviceNumbers) => change({ serviceNumbers })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          aria-label={t('routingAdmin.conditions')}
          data-testid="rule-conditions"
          value={row.conditions}
          error={problems.conditions}
          disabled={readOnly}
          onChange={(e) => change({ conditions: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <Select
          size="xs"
          aria-label={t('routingAdmin.businessType')}
          data-testid="rule-business-type"
          data={types}
          value={row.businessType}
          error={problems.businessType}
          disabled={readOnly}
          onChange={(businessType) => change({ businessType, queue: null })}
        />
      </Table.Td>
      <Table.Td>
        <Select
          size="xs"
          aria-label={t('routingAdmin.queue')}
          data-testid="rule-queue"
          data={queues}
          value={row.queue}
          placeholder={t('routingAdmin.ownQueue')}
          error={problems.queue}
          clearable
          disabled={readOnly}
          onChange={(queue) => change({ queue })}
        />
      </Table.Td>
      {!readOnly && (
        <Table.Td>
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
        </Table.Td>
      )}
    </Table.Tr>
  );
}
