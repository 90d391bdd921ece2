import { decideDial } from '../domain/compliance';
import type { DialDecision } from '../domain/dial-decision';
import { maskPhone } from '../domain/mask';
import type { DialRequest } from '../pbx/pbx-adapter';
import type { AuditRepository } from '../repositories/audit.repository';
import type { DncRepository } from '../repositories/dnc.repository';
import type { CustomerLookup } from './customer-lookup';

/**
 * The one server-side gate every dial passes, whoever asks (the SIP edge, a campaign, the console). Each
 * decision, allowed or blocked, is written to the audit log with its reason.
 */
export function createComplianceGate(deps: {
  lookup: CustomerLookup;
  dnc: DncRepository;
  audit: AuditRepository;
}) {
  return {
    checkDial(request: DialRequest): DialDecision {
      let decision: DialDecision;
      try {
        const number = deps.lookup.normalize(request.to);
        const e164 = number.kind === 'number' ? number.e164 : null;
        const entry = e164 ? deps.dnc.globalEntry(e164) : undefined;
        decision = decideDial({ e164, dncReason: entry ? (entry.reason ?? entry.source) : null });
      } catch (error) {
        // Fail closed: a gate that cannot decide must not let the call through.
        decision = {
          allowed: false,
          code: 'GATE_ERROR',
          reason: error instanceof Error ? error.message : 'gate failed',
        };
      }
      deps.audit.record({
        at: request.at,
        actorUserId: request.agentId,
        action: 'dial.check',
        subject: `call:${request.callId}`,
        decision: decision.allowed ? 'allowed' : 'blocked',
        reason: decision.allowed ? null : decision.code,
        details: { to: maskPhone(request.to) },
      });
      return decision;
    },
  };
}

export type ComplianceGate = ReturnType<typeof createComplianceGate>;
