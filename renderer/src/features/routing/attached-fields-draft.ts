import {
  attachedFieldSchema,
  type AttachedCharset,
  type AttachedField,
  type RuleSetIssue,
} from '../../services/protocol';

/** One attached field as the admin edits it (the length as typed). */
export interface FieldRowDraft {
  /** Stable React key (headers may be edited). */
  key: number;
  header: string;
  field: string;
  label: string;
  labelZh: string;
  maxLength: string;
  charset: AttachedCharset;
  pattern: string;
  showInPop: boolean;
}
export type FieldColumn = 'header' | 'field' | 'label' | 'labelZh' | 'maxLength' | 'charset' | 'pattern';
/** Row index → column → problem; `general` is what belongs to no row. */
export interface FieldProblems {
  rows: Record<number, Partial<Record<FieldColumn, string>>>;
  general: string[];
}

let nextKey = 1;

export const fieldRowsOf = (fields: readonly AttachedField[]): FieldRowDraft[] =>
  fields.map((f) => ({
    key: nextKey++,
    header: f.header,
    field: f.key,
    label: f.label,
    labelZh: f.labelZh ?? '',
    maxLength: String(f.maxLength),
    charset: f.charset,
    pattern: f.pattern ?? '',
    showInPop: f.showInPop,
  }));

export const newFieldRow = (): FieldRowDraft => ({
  key: nextKey++,
  header: '',
  field: '',
  label: '',
  labelZh: '',
  maxLength: '32',
  charset: 'token',
  pattern: '',
  showInPop: true,
});

export const fieldOf = (row: FieldRowDraft) => ({
  header: row.header.trim(),
  key: row.field.trim(),
  label: row.label.trim(),
  ...(row.labelZh.trim() ? { labelZh: row.labelZh.trim() } : {}),
  maxLength: Number(row.maxLength),
  charset: row.charset,
  ...(row.pattern.trim() ? { pattern: row.pattern.trim() } : {}),
  showInPop: row.showInPop,
});

const columnOf = (name: PropertyKey | undefined): FieldColumn | null =>
  name === 'key'
    ? 'field'
    : ((['header', 'label', 'labelZh', 'maxLength', 'charset', 'pattern'] as const).find((c) => c === name) ??
      null);

/** Each row checked with the bridge's own schema, the problem on its column (in the console's language). */
export function localProblems(
  rows: readonly FieldRowDraft[],
  say: (column: FieldColumn, detail: string) => string,
): FieldProblems {
  const problems: FieldProblems = { rows: {}, general: [] };
  rows.forEach((row, i) => {
    const parsed = attachedFieldSchema.safeParse(fieldOf(row));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const column = columnOf(issue.path[0]) ?? 'header';
      (problems.rows[i] ??= {})[column] ??= say(column, issue.message);
    }
  });
  return problems;
}

const FIELD_PATH = /^attachedFields\[(\d+)\]\.?([a-zA-Z]*)/;

/** The bridge's issues (`attachedFields[2].pattern`) on their row and column; rule problems stay general. */
export function placeFieldIssues(issues: readonly RuleSetIssue[]): FieldProblems {
  const problems: FieldProblems = { rows: {}, general: [] };
  for (const issue of issues) {
    const match = FIELD_PATH.exec(issue.path);
    const column = match ? columnOf(match[2]) : null;
    if (!match || !column) problems.general.push(`${issue.path || '—'}: ${issue.message}`);
    else (problems.rows[Number(match[1])] ??= {})[column] ??= issue.message;
  }
  return problems;
}

export const fieldProblemCount = (problems: FieldProblems) =>
  problems.general.length +
  Object.values(problems.rows).reduce((sum, columns) => sum + Object.keys(columns).length, 0);
