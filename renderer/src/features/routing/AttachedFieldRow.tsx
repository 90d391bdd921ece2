import { Button, Checkbox, Grid, NativeSelect, Paper, TextInput } from '@mantine/core';
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

/**
 * One attached header as a card of two lines, each input under its own label: which header, the field it fills,
 * its labels; then its bounds and whether the pop shows it. Eight columns side by side did not fit a 1280×720
 * console (the last one behind a sideways scroll, the labels cut in their inputs).
 */
export function AttachedFieldRow({ row, problems, readOnly, change, remove }: Props) {
  const { t } = useTranslation();
  const text = (column: Exclude<FieldColumn, 'charset'>, value: string, span: number) => (
    <Grid.Col span={span}>
      <TextInput
        size="xs"
        label={t(`attachedAdmin.${column}`)}
        data-testid={`af-${column}`}
        value={value}
        readOnly={readOnly}
        error={problems[column]}
        onChange={(e) => change({ [column]: e.currentTarget.value })}
      />
    </Grid.Col>
  );
  return (
    <Paper withBorder p="xs" data-testid="attached-field-row" data-header={row.header}>
      <Grid gap="xs" align="flex-end">
        {text('header', row.header, 4)}
        {text('field', row.field, 2)}
        {text('label', row.label, 3)}
        {text('labelZh', row.labelZh, 3)}
        {text('maxLength', row.maxLength, 2)}
        <Grid.Col span={3}>
          <NativeSelect
            size="xs"
            label={t('attachedAdmin.charset')}
            data-testid="af-charset"
            disabled={readOnly}
            value={row.charset}
            error={problems.charset}
            data={attachedCharsets.map((c) => ({ value: c, label: t(`attachedAdmin.charsets.${c}`) }))}
            onChange={(e) => change({ charset: e.currentTarget.value as AttachedCharset })}
          />
        </Grid.Col>
        {text('pattern', row.pattern, 4)}
        <Grid.Col span={3} className="attached-row-end">
          <Checkbox
            size="xs"
            label={t('attachedAdmin.showInPop')}
            data-testid="af-pop"
            disabled={readOnly}
            checked={row.showInPop}
            onChange={(e) => change({ showInPop: e.currentTarget.checked })}
          />
          {!readOnly && (
            <Button size="compact-xs" variant="subtle" color="red" data-testid="af-remove" onClick={remove}>
              {t('attachedAdmin.remove')}
            </Button>
          )}
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
