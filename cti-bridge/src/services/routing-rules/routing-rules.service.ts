import { fail, ok, type Result } from '../../../protocol/errors';
import {
  ruleSetDocumentSchema,
  type AttachedField,
  type AttachedItem,
  type RuleSetDocument,
  type RuleSetIssue,
  type RuleSetVersion,
  type TryRuleSetRequest,
  type TryRuleSetResult,
} from '../../../protocol/routing-rules.schema';
import { extractAttached, type AttachedData } from '../../domain/routing-rules/attached-data';
import { defaultRuleSet } from '../../domain/routing-rules/default-rule-set';
import { chooseByRules } from '../../domain/routing-rules/rule-match';
import { checkRuleSet, type RuleReferences } from '../../domain/routing-rules/rule-set-check';
import { tryRuleSet } from '../../domain/routing-rules/rule-try';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { ServiceRoute } from '../../repositories/reference.repository';
import type { RoutingRulesRepository, StoredRuleSet } from '../../repositories/routing-rules.repository';

export interface RoutingRulesDeps {
  now: () => number;
  repo: RoutingRulesRepository;
  audit: AuditRepository;
  /** The headers the version in force reads changed (and once at start): the PBX edge passes only these. */
  headersChanged?: (headers: string[]) => void;
}

/** How the rules routed one call: the queue (null: leave it to the service-number table) and its data. */
export interface RuledCall {
  route: ServiceRoute | null;
  rule: { version: number; id: string; name: string } | null;
  attached: AttachedData;
  /** The attached values the pop shows, with their labels. */
  items: AttachedItem[];
}

const issuesText = (issues: readonly RuleSetIssue[]) =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.path || 'document'}: ${issue.message}`)
    .join('; ') + (issues.length > 5 ? ` (and ${issues.length - 5} more)` : '');

/** The attached fields added, removed and changed by header (for the audit trail); null when none changed. */
function fieldChanges(before: readonly AttachedField[], after: readonly AttachedField[]) {
  const byHeader = (fields: readonly AttachedField[]) =>
    new Map(fields.map((field) => [field.header.toLowerCase(), field]));
  const old = byHeader(before);
  const now = byHeader(after);
  const added = after.filter((field) => !old.has(field.header.toLowerCase()));
  const removed = before.filter((field) => !now.has(field.header.toLowerCase())).map((f) => f.header);
  const changed = after.flatMap((field) => {
    const was = old.get(field.header.toLowerCase());
    return was && JSON.stringify(was) !== JSON.stringify(field) ? [{ from: was, to: field }] : [];
  });
  return added.length + removed.length + changed.length > 0 ? { added, removed, changed } : null;
}

/**
 * Routing rules: the version in force (cached; a publish replaces it at once, so the next call uses it), the
 * draft admins edit, validation against what exists, publishing, and routing a call by them. Every change is
 * audited.
 */
export function createRoutingRulesService(deps: RoutingRulesDeps) {
  const { repo, audit, now } = deps;
  let inForce: { version: number; document: RuleSetDocument } | null = null;

  /** Types in service: a retired one may be named by no new rule. */
  const inService = () => repo.businessTypes().filter((type) => type.retiredAt === null);
  const references = (): RuleReferences => {
    const types = repo.businessTypes();
    const codeOf = new Map(types.map((type) => [type.id, type.code]));
    return {
      businessTypes: new Set(inService().map((type) => type.code)),
      queues: new Map(repo.queues().map((queue) => [queue.code, codeOf.get(queue.businessTypeId) ?? ''])),
      serviceNumbers: new Set(repo.serviceNumbers().map((number) => number.e164)),
    };
  };
  /** Version 0: the IVR's choice of each type in service that a queue serves (a rule with no queue is invalid). */
  const fallback = (): RuleSetDocument => {
    const served = new Set(repo.queues().map((queue) => queue.businessTypeId));
    return defaultRuleSet(
      inService()
        .filter((type) => served.has(type.id))
        .map((type) => ({ code: type.code, name: type.nameEn })),
    );
  };
  let nothingPublished = false;
  const current = () => {
    if (inForce) return inForce;
    // until a version is published, the built-in rules follow the types and queues as they change
    if (nothingPublished) return { version: 0, document: fallback() };
    const stored = repo.latestPublished();
    const parsed = stored ? ruleSetDocumentSchema.safeParse(stored.document) : null;
    if (stored?.version && parsed?.success)
      return (inForce = { version: stored.version, document: parsed.data });
    nothingPublished = true;
    return { version: 0, document: fallback() };
  };
  const view = (stored: StoredRuleSet): RuleSetVersion => {
    const parsed = ruleSetDocumentSchema.safeParse(stored.document);
    return {
      ...stored,
      inForce: stored.version !== null && stored.version === current().version,
      document: parsed.success ? parsed.data : { attachedFields: [], rules: [] },
    };
  };
  const record = (
    action: string,
    userId: number,
    decision: 'done' | 'blocked',
    details: Record<string, unknown>,
  ) => audit.record({ at: now(), actorUserId: userId, action, subject: 'routing-rules', decision, details });

  /** The draft, or (none yet) a copy of the version in force to start one from. */
  const draft = (): RuleSetVersion => {
    const draft = repo.draft();
    if (draft) return view(draft);
    const { document } = current();
    return {
      id: 0,
      version: null,
      status: 'draft',
      note: null,
      createdBy: null,
      updatedAt: now(),
      publishedBy: null,
      publishedAt: null,
      inForce: false,
      document,
    };
  };

  return {
    inForce: current,

    /** The headers the version in force reads (the PBX edge is told them at start and on each publish). */
    headers(): string[] {
      return current().document.attachedFields.map((field) => field.header);
    },

    /** Business types were added, renamed or retired: the default rule set (version 0) is built again. */
    typesChanged(): void {
      if (inForce?.version === 0) inForce = null;
    },

    /** The rule set routing uses now (version 0: the built-in rules), for whoever may read it. */
    inForceView(): { version: number; document: RuleSetDocument } {
      return current();
    },

    /** Routes a call by the rules in force: reads its attached data, then the first matching rule. */
    route(serviceNumber: string, rawAttached: unknown): RuledCall {
      const { version, document } = current();
      const attached = extractAttached(document.attachedFields, rawAttached);
      const items = document.attachedFields
        .filter((field) => field.showInPop && attached.values[field.key] !== undefined)
        .map((field) => ({
          key: field.key,
          label: field.label,
          labelZh: field.labelZh ?? null,
          value: attached.values[field.key] ?? '',
        }));
      const choice = chooseByRules(document, { serviceNumber, attached: attached.values });
      if (!choice) return { route: null, rule: null, attached, items };
      const businessType = repo.businessTypes().find((type) => type.code === choice.businessType);
      const queue = repo
        .queues()
        .find((row) => (choice.queue ? row.code === choice.queue : row.businessTypeId === businessType?.id));
      if (!businessType || !queue) return { route: null, rule: null, attached, items };
      const number = repo.serviceNumbers().find((row) => row.e164 === serviceNumber);
      return {
        route: {
          serviceNumber,
          label: number?.label ?? serviceNumber,
          labelZh: number?.labelZh ?? null,
          priority: number?.priority ?? 0,
          // a language the caller chose upstream (IVR, header) wins over the line's
          language: attached.values.language ?? number?.language ?? 'en',
          businessType,
          queue,
        },
        rule: { version, id: choice.ruleId, name: choice.ruleName },
        attached,
        items,
      };
    },

    versions(): RuleSetVersion[] {
      return repo.list().map(view);
    },

    draft,

    validate(document: unknown): { valid: boolean; issues: RuleSetIssue[] } {
      const check = checkRuleSet(document, references());
      return check.valid ? { valid: true, issues: [] } : { valid: false, issues: check.issues };
    },

    /** Where a sample call would go under the given rule set (else the saved draft); routes nothing. */
    tryCall(input: TryRuleSetRequest): TryRuleSetResult {
      const refs = references();
      const check = checkRuleSet(input.document ?? draft().document, refs);
      if (!check.valid)
        return {
          valid: false,
          issues: check.issues,
          source: 'none',
          rule: null,
          businessType: null,
          queue: null,
          attached: {},
          dropped: [],
        };
      const call = { serviceNumber: input.serviceNumber, attached: input.attached };
      return tryRuleSet(check.document, call, refs, repo.tableRoute(input.serviceNumber) ?? null);
    },

    /** Saves the draft: it must have the rule set's shape (names are checked at validate and publish). */
    saveDraft(input: { document: unknown; note?: string; userId: number }): Result<RuleSetVersion> {
      const parsed = ruleSetDocumentSchema.safeParse(input.document);
      if (!parsed.success) {
        const check = checkRuleSet(input.document, references());
        const issues = check.valid ? [] : check.issues;
        return fail('VALIDATION_FAILED', issuesText(issues));
      }
      repo.saveDraft({ document: parsed.data, note: input.note ?? null, userId: input.userId, at: now() });
      record('routing-rules.draft-saved', input.userId, 'done', {
        rules: parsed.data.rules.length,
        attachedFields: parsed.data.attachedFields.map((field) => field.header),
      });
      return ok(draft());
    },

    /** Publishes the draft as the next version, in force for the next call; refused (and audited) when invalid. */
    publish(input: { note?: string; userId: number }): Result<RuleSetVersion> {
      const draft = repo.draft();
      if (!draft) return fail('INVALID_STATE', 'there is no draft to publish; save one first');
      const check = checkRuleSet(draft.document, references());
      if (!check.valid) {
        record('routing-rules.publish-refused', input.userId, 'blocked', {
          issues: check.issues.slice(0, 20),
        });
        return fail('VALIDATION_FAILED', issuesText(check.issues));
      }
      const version = repo.publishDraft({
        document: check.document,
        note: input.note ?? null,
        userId: input.userId,
        at: now(),
      });
      if (version === null) return fail('CONFLICT', 'the draft was published meanwhile');
      const before = current().document.attachedFields;
      inForce = { version, document: check.document };
      const fields = fieldChanges(before, check.document.attachedFields);
      if (fields)
        audit.record({
          at: now(),
          actorUserId: input.userId,
          action: 'routing-rules.attached-fields-changed',
          subject: 'routing-rules',
          decision: 'done',
          reason: input.note ?? null,
          details: { version, ...fields },
        });
      deps.headersChanged?.(check.document.attachedFields.map((field) => field.header));
      record('routing-rules.published', input.userId, 'done', {
        version,
        rules: check.document.rules.map((rule) => rule.id),
        attachedFields: check.document.attachedFields.map((field) => field.header),
      });
      const published = repo.latestPublished();
      return published ? ok(view(published)) : fail('INTERNAL', 'the published version could not be read');
    },
  };
}

export type RoutingRulesService = ReturnType<typeof createRoutingRulesService>;
