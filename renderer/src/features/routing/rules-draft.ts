import type { RuleSetDocument, RuleSetIssue } from '../../services/protocol';

/** One rule as the admin edits it: the attached-data conditions as text (`account=555, language=zh`). */
export interface RuleRowDraft {
  /** Stable React key (rule ids may be edited). */
  key: number;
  id: string;
  name: string;
  serviceNumbers: string[];
  conditions: string;
  businessType: string | null;
  queue: string | null;
}

/** Field of a row → its problem; `general` collects what belongs to no row. */
export interface RuleProblems {
  rows: Record<number, Partial<Record<RowField, string>>>;
  general: string[];
}
export type RowField = 'id' | 'name' | 'serviceNumbers' | 'conditions' | 'businessType' | 'queue';

let nextKey = 1;

export function rowsOf(document: RuleSetDocument): RuleRowDraft[] {
  return document.rules.map((rule) => ({
    key: nextKey++,
    id: rule.id,
    name: rule.name,
    serviceNumbers: rule.when.serviceNumbers ?? [],
    conditions: Object.entries(rule.when.attached ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(', '),
    businessType: rule.businessType,
    queue: rule.queue ?? null,
  }));
}

export function newRow(index: number): RuleRowDraft {
  return {
    key: nextKey++,
    id: `rule-${index + 1}`,
    name: '',
    serviceNumbers: [],
    conditions: '',
    businessType: null,
    queue: null,
  };
}

function conditionsOf(text: string): Record<string, string> | null {
  const attached: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const at = part.indexOf('=');
    if (at <= 0 || at === part.length - 1) return null;
    attached[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return attached;
}

/** The document the rows stand for (the attached fields kept as they are); rows whose text cannot be read. */
export function documentOf(
  rows: readonly RuleRowDraft[],
  base: RuleSetDocument,
  badCondition: string,
): { document: RuleSetDocument; problems: RuleProblems } {
  const problems: RuleProblems = { rows: {}, general: [] };
  const rules = rows.map((row, i) => {
    const attached = conditionsOf(row.conditions);
    if (attached === null) problems.rows[i] = { conditions: badCondition };
    const when = {
      ...(row.serviceNumbers.length > 0 ? { serviceNumbers: row.serviceNumbers } : {}),
      ...(attached && Object.keys(attached).length > 0 ? { attached } : {}),
    };
    return {
      id: row.id.trim(),
      name: row.name.trim(),
      when,
      businessType: row.businessType ?? '',
      ...(row.queue ? { queue: row.queue } : {}),
    };
  });
  return { document: { attachedFields: base.attachedFields, rules }, problems };
}

const ROW_PATH = /^rules\[(\d+)\]\.?([a-zA-Z]*)\.?([a-zA-Z]*)/;

/** The bridge's issues (`rules[2].when.attached.account`) placed on their row and field. */
export function placeIssues(issues: readonly RuleSetIssue[]): RuleProblems {
  const problems: RuleProblems = { rows: {}, general: [] };
  for (const issue of issues) {
    const match = ROW_PATH.exec(issue.path);
    if (!match) {
      problems.general.push(`${issue.path || '—'}: ${issue.message}`);
      continue;
    }
    const row = Number(match[1]);
    const field: RowField | null =
      match[2] === 'when'
        ? match[3] === 'serviceNumbers'
          ? 'serviceNumbers'
          : 'conditions'
        : ((['id', 'name', 'businessType', 'queue'] as const).find((f) => f === match[2]) ?? null);
    if (!field) {
      problems.general.push(`${issue.path}: ${issue.message}`);
      continue;
    }
    const fields = (problems.rows[row] ??= {});
    fields[field] ??= issue.message;
  }
  return problems;
}

export const problemCount = (problems: RuleProblems) =>
  problems.general.length +
  Object.values(problems.rows).reduce((sum, fields) => sum + Object.keys(fields).length, 0);
