import { Button, Checkbox, NativeSelect, Table, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { attachedCharsets, type AttachedCharset } from '../../services/protocol';
import type { FieldColumn, FieldRowDraft } from './attached-fields-draft';

interface Props {
  row: FieldRowDraft;
  problems: Partial<Record<FieldColumn, string>>;
  readOnly: boolean;
  change: (patch: Partial<FieldRowDraft>) => void;
  remove: () => void;
}

/** One attached header: which header, the field it fills, its labels, bounds and whether the pop shows it. */
export function AttachedFieldRow({ row, problems, readOnly, change, remove }: Props) {
  const { t } = useTranslation();
  const text = (column: Exclude<FieldColumn, 'charset'>, value: string, width: number) => (
    <Table.Td>
      <TextInput
        size="xs"
        w={width}
        aria-label={t(`attachedAdmin.${column}`)}
        data-testid={`af-${column}`}
        value={value}
        readOnly={readOnly}
        error={problems[column]}
        onChange={(e) => change({ [column]: e.currentTarget.value })}
      />
    </Table.Td>
  );
  return (
    <Table.Tr data-testid="attached-field-row" data-header={row.header}>
      {text('header', row.header, 170)}
      {text('field', row.field, 100)}
      {text('label', row.label, 130)}
      {text('labelZh', row.labelZh, 100)}
      {text('maxLength', row.maxLength, 60)}
      <Table.Td>
        <NativeSelect
          size="xs"
          w={90}
          aria-label={t('attachedAdmin.charset')}
          data-testid="af-charset"
          disabled={readOnly}
          value={row.charset}
          error={problems.charset}
          data={attachedCharsets.map((c) => ({ value: c, label: t(`attachedAdmin.charsets.${c}`) }))}
          onChange={(e) => change({ charset: e.currentTarget.value as AttachedCharset })}
        />
      </Table.Td>
      {text('pattern', row.pattern, 120)}
      <Table.Td>
        <Checkbox
          size="xs"
          aria-label={t('attachedAdmin.showInPop')}
          data-testid="af-pop"
          disabled={readOnly}
          checked={row.showInPop}
          onChange={(e) => change({ showInPop: e.currentTarget.checked })}
        />
      </Table.Td>
      {!readOnly && (
        <Table.Td>
          <Button size="compact-xs" variant="subtle" color="red" data-testid="af-remove" onClick={remove}>
            {t('attachedAdmin.remove')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
