import type { z } from 'zod';
import {
  ruleSetDocumentSchema,
  type RuleSetDocument,
  type RuleSetIssue,
} from '../../../protocol/routing-rules.schema';

/** What a rule set may name: the business types, queues (with their business type) and service numbers that exist. */
export interface RuleReferences {
  businessTypes: ReadonlySet<string>;
  /** Queue code → its business type code. */
  queues: ReadonlyMap<string, string>;
  serviceNumbers: ReadonlySet<string>;
}

export type RuleSetCheck =
  { valid: true; document: RuleSetDocument } | { valid: false; issues: RuleSetIssue[] };

const pathOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    '',
  );

const zodIssues = (error: z.ZodError): RuleSetIssue[] =>
  error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));

/**
 * Checks a proposed rule set: its shape (zod) and that everything it names exists, so a published version can
 * always route. Returns every problem with its place, for the admin to fix in one go.
 */
export function checkRuleSet(input: unknown, refs: RuleReferences): RuleSetCheck {
  const parsed = ruleSetDocumentSchema.safeParse(input);
  if (!parsed.success) return { valid: false, issues: zodIssues(parsed.error) };
  const document = parsed.data;
  const issues: RuleSetIssue[] = [];
  document.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (!refs.businessTypes.has(rule.businessType))
      issues.push({ path: `${at}.businessType`, message: `no business type ${rule.businessType}` });
    if (rule.queue !== undefined) {
      const queueType = refs.queues.get(rule.queue);
      if (queueType === undefined) issues.push({ path: `${at}.queue`, message: `no queue ${rule.queue}` });
      else if (queueType !== rule.businessType)
        issues.push({
          path: `${at}.queue`,
          message: `queue ${rule.queue} serves ${queueType}, not ${rule.businessType}`,
        });
    } else if (![...refs.queues.values()].includes(rule.businessType))
      issues.push({ path: `${at}.queue`, message: `no queue serves ${rule.businessType}; name one` });
    (rule.when.serviceNumbers ?? []).forEach((number, j) => {
      if (!refs.serviceNumbers.has(number))
        issues.push({ path: `${at}.when.serviceNumbers[${j}]`, message: `no service number ${number}` });
    });
  });
  return issues.length > 0 ? { valid: false, issues } : { valid: true, document };
}
