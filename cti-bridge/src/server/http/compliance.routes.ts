import {
  complianceCheckRequestSchema,
  complianceCheckResponseSchema,
} from '../../../protocol/compliance.schema';
import type { ComplianceService } from '../../services/compliance/compliance.service';
import { defineRoute, type RouteSpec } from '../route-spec';

const managers = ['supervisor', 'admin'] as const;

/** The dry run: the very gate a dial passes, at an instant of the caller's choosing, placing no call. */
export function complianceRoutes(deps: { compliance: ComplianceService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/compliance/check',
      summary: "The compliance gate's decision for a number (and campaign) at an instant, without dialling",
      tag: 'compliance',
      roles: managers,
      body: complianceCheckRequestSchema,
      response: complianceCheckResponseSchema,
      handle: ({ body, user }) => {
        const at = body.at === undefined ? undefined : Date.parse(body.at);
        const decision = deps.compliance.check(
          {
            path: 'dry-run',
            number: body.number,
            agentId: user?.id ?? null,
            campaignId: body.campaignId ?? null,
            leadId: body.leadId ?? null,
            agentReserved: true,
          },
          at,
        );
        const first = decision.zones[0] ?? null;
        return {
          allowed: decision.allowed,
          e164: decision.e164,
          timeZone: first?.zone ?? null,
          timeZones: decision.zones.map((zone) => zone.zone),
          localTime: first?.local ?? null,
          at: decision.at,
          reasons: decision.reasons,
        };
      },
    }),
  ];
}
