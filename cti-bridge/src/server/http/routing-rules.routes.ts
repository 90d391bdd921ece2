import { z } from 'zod';
import {
  publishDraftSchema,
  ruleSetDocumentSchema,
  ruleSetVersionSchema,
  saveDraftSchema,
  tryRuleSetRequestSchema,
  tryRuleSetResultSchema,
  validateResponseSchema,
} from '../../../protocol/routing-rules.schema';
import type { RoutingRulesService } from '../../services/routing-rules/routing-rules.service';
import { unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

const admins = ['admin'] as const;
const managers = ['supervisor', 'admin'] as const;

const referencesSchema = z.object({
  businessTypes: z.array(z.object({ code: z.string(), name: z.string(), nameZh: z.string() })),
  queues: z.array(
    z.object({ code: z.string(), name: z.string(), nameZh: z.string().nullable(), businessType: z.string() }),
  ),
  serviceNumbers: z.array(z.object({ e164: z.string(), label: z.string(), labelZh: z.string().nullable() })),
});
export type RoutingReferences = z.infer<typeof referencesSchema>;

export interface RoutingRulesRoutesDeps {
  rules: RoutingRulesService;
  references: () => RoutingReferences;
}

/** Routing rules: supervisors read them; only admins edit, validate and publish (each audited). */
export function routingRulesRoutes(deps: RoutingRulesRoutesDeps): RouteSpec[] {
  const { rules } = deps;
  return [
    defineRoute({
      method: 'GET',
      url: '/api/routing-rules/versions',
      summary: 'Every routing rule set: the draft, then the published versions newest first (one in force)',
      tag: 'routing',
      roles: managers,
      response: z.array(ruleSetVersionSchema),
      handle: () => rules.versions(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/routing-rules/in-force',
      summary: 'The rule set routing uses now: its version (0: the built-in rules) and document',
      tag: 'routing',
      roles: managers,
      response: z.object({ version: z.number().int(), document: ruleSetDocumentSchema }),
      handle: () => rules.inForceView(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/routing-rules/references',
      summary: 'What rules may name: business types, queues and service numbers',
      tag: 'routing',
      roles: managers,
      response: referencesSchema,
      handle: () => deps.references(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/routing-rules/draft',
      summary: 'The draft rule set (a copy of the version in force when none is saved)',
      tag: 'routing',
      roles: admins,
      response: ruleSetVersionSchema,
      handle: () => rules.draft(),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/routing-rules/draft',
      summary: 'Save the draft rule set (audited); it must have the rule set shape',
      tag: 'routing',
      roles: admins,
      body: saveDraftSchema,
      response: ruleSetVersionSchema,
      handle: ({ body, user }) =>
        unwrap(
          rules.saveDraft({
            document: body.document,
            ...(body.note ? { note: body.note } : {}),
            userId: user?.id ?? 0,
          }),
        ),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/routing-rules/validate',
      summary: 'Check a rule set without saving it: every problem with its place',
      tag: 'routing',
      roles: admins,
      body: z.object({ document: z.unknown() }),
      response: validateResponseSchema,
      handle: ({ body }) => rules.validate(body.document),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/routing-rules/try',
      summary:
        'Where a sample call (service number + attached headers) would go under a rule set or the draft',
      tag: 'routing',
      roles: admins,
      body: tryRuleSetRequestSchema,
      response: tryRuleSetResultSchema,
      handle: ({ body }) => rules.tryCall(body),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/routing-rules/publish',
      summary: 'Publish the draft as the next version; routing uses it from the next call (audited)',
      tag: 'routing',
      roles: admins,
      body: publishDraftSchema,
      response: ruleSetVersionSchema,
      status: 201,
      handle: ({ body, user }) =>
        unwrap(rules.publish({ ...(body.note ? { note: body.note } : {}), userId: user?.id ?? 0 })),
    }),
  ];
}
