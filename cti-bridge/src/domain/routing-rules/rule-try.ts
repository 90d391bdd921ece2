import type { RuleSetDocument, TryRuleSetResult } from '../../../protocol/routing-rules.schema';
import { extractAttached } from './attached-data';
import { chooseByRules } from './rule-match';
import type { RuleReferences } from './rule-set-check';

/** The service number table's answer for a number: its business type and queue codes. */
export interface TableRoute {
  businessType: string;
  queue: string;
}

/**
 * Where a sample call would go under a (valid) rule set: its attached data read as the live path reads it, then
 * the first matching rule (its queue, or the business type's own), else the service number's queue.
 */
export function tryRuleSet(
  document: RuleSetDocument,
  call: { serviceNumber: string; attached: Readonly<Record<string, string>> },
  refs: Pick<RuleReferences, 'queues'>,
  table: TableRoute | null,
): TryRuleSetResult {
  const attached = extractAttached(document.attachedFields, call.attached);
  const base = { valid: true, issues: [], attached: attached.values, dropped: attached.dropped };
  const choice = chooseByRules(document, { serviceNumber: call.serviceNumber, attached: attached.values });
  if (choice) {
    const queue =
      choice.queue ??
      [...refs.queues].find(([, businessType]) => businessType === choice.businessType)?.[0] ??
      null;
    return {
      ...base,
      source: 'rule',
      rule: { id: choice.ruleId, name: choice.ruleName },
      businessType: choice.businessType,
      queue,
    };
  }
  if (table) return { ...base, source: 'service-number', rule: null, ...table };
  return { ...base, source: 'none', rule: null, businessType: null, queue: null };
}
