import type { RoutingRule, RuleSetDocument } from '../../../protocol/routing-rules.schema';

export interface RuleInput {
  /** The dialled service number, E.164 where it could be read, else as dialled. */
  serviceNumber: string;
  /** Validated attached values, by key (see `extractAttached`). */
  attached: Readonly<Record<string, string>>;
}

export interface RuleChoice {
  ruleId: string;
  ruleName: string;
  businessType: string;
  /** Null: the business type's own queue. */
  queue: string | null;
}

const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;

export function ruleMatches(rule: RoutingRule, input: RuleInput): boolean {
  const { serviceNumbers, attached } = rule.when;
  if (serviceNumbers && serviceNumbers.length > 0 && !serviceNumbers.includes(input.serviceNumber))
    return false;
  for (const [key, expected] of Object.entries(attached ?? {})) {
    const actual = input.attached[key];
    if (actual === undefined || !same(actual, expected)) return false;
  }
  return true;
}

/** The first rule that matches, in the document's order; null leaves the call to the service-number table. */
export function chooseByRules(doc: RuleSetDocument, input: RuleInput): RuleChoice | null {
  const rule = doc.rules.find((candidate) => ruleMatches(candidate, input));
  if (!rule) return null;
  return { ruleId: rule.id, ruleName: rule.name, businessType: rule.businessType, queue: rule.queue ?? null };
}
