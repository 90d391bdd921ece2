import { fail, ok, type Result } from '../../../protocol/errors';
import type {
  AgentSkillsChanged,
  AgentSkillsView,
  SetAgentSkills,
  SkillOptions,
} from '../../../protocol/agent-skills.schema';
import type { AgentSkillsRepository } from '../../repositories/agent-skills.repository';
import type { AuditRepository } from '../../repositories/audit.repository';

export interface AgentSkillsDeps {
  now: () => number;
  profiles: AgentSkillsRepository;
  audit: Pick<AuditRepository, 'record'>;
  displayName: (userId: number) => string;
  /**
   * The profile was written: routing takes it from the next decision on (a call already waiting is offered now if
   * the agent is free and now the best for it), and the agent's consoles are told.
   */
  applied: (agentId: number, fact: AgentSkillsChanged) => void;
}

/** Agents and supervisors take calls; admins do not, so they have no routing profile to edit. */
const onTheFloor = (view: AgentSkillsView) => view.role !== 'admin';

const summary = (view: AgentSkillsView) => ({
  skills: Object.fromEntries(view.skills.map((s) => [s.businessType, s.level])),
  languages: view.languages,
});

/**
 * Supervisors and admins set an agent's skills (levels 1–10 per business type) and languages. Each change is
 * audited with who, why, and the profile before and after; routing uses it at once and the agent is told.
 */
export function createAgentSkillsService(deps: AgentSkillsDeps) {
  const { profiles } = deps;
  return {
    options: (): SkillOptions => profiles.options(),

    get(agentId: number): Result<AgentSkillsView> {
      const view = profiles.profile(agentId);
      return view ? ok(view) : fail('NOT_FOUND', 'no such user');
    },

    set(actorId: number, agentId: number, input: SetAgentSkills): Result<AgentSkillsView> {
      const before = profiles.profile(agentId);
      if (!before) return fail('NOT_FOUND', 'no such user');
      if (!onTheFloor(before))
        return fail('VALIDATION_FAILED', 'admins take no calls: only agents and supervisors have skills');
      const ids = profiles.businessTypeIds();
      const unknown = input.skills.filter((s) => !ids.has(s.businessType)).map((s) => s.businessType);
      if (unknown.length > 0)
        return fail('VALIDATION_FAILED', `skills: unknown business type ${unknown.slice(0, 5).join(', ')}`);
      profiles.replace(
        agentId,
        input.skills.map((s) => ({ businessTypeId: ids.get(s.businessType) as number, level: s.level })),
        input.languages,
      );
      const after = profiles.profile(agentId) as AgentSkillsView;
      const at = deps.now();
      deps.audit.record({
        at,
        actorUserId: actorId,
        action: 'user.skills-changed',
        subject: `user:${agentId}`,
        decision: 'done',
        reason: input.reason,
        details: { from: summary(before), to: summary(after) },
      });
      deps.applied(agentId, { profile: after, by: deps.displayName(actorId), reason: input.reason, at });
      return ok(after);
    },
  };
}

export type AgentSkillsService = ReturnType<typeof createAgentSkillsService>;
