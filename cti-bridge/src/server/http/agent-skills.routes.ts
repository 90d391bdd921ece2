import { idParamSchema } from '../../../protocol/http.schema';
import {
  agentSkillsViewSchema,
  setAgentSkillsSchema,
  skillOptionsSchema,
} from '../../../protocol/agent-skills.schema';
import type { AgentSkillsService } from '../../services/skills/agent-skills.service';
import { ApiError, unwrap } from '../http-errors';
import { defineRoute, type RouteSpec } from '../route-spec';

const editors = ['supervisor', 'admin'] as const;

/**
 * Agents' skills (levels 1–10 per business type) and languages: supervisors and admins read and replace them
 * (audited with who and why, used by routing at once); every signed-in user reads their own.
 */
export function agentSkillsRoutes(deps: { skills: AgentSkillsService }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/skills/options',
      summary: 'Business types and languages the skills editor offers',
      tag: 'users',
      roles: editors,
      response: skillOptionsSchema,
      handle: () => deps.skills.options(),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/users/:id/skills',
      summary: "An agent's skills with levels and languages (supervisors and admins)",
      tag: 'users',
      roles: editors,
      params: idParamSchema,
      response: agentSkillsViewSchema,
      handle: ({ params }) => unwrap(deps.skills.get(params.id)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/users/:id/skills',
      summary:
        "Replace an agent's skills and languages with a reason: audited, used by routing at once, the agent told",
      tag: 'users',
      roles: editors,
      params: idParamSchema,
      body: setAgentSkillsSchema,
      response: agentSkillsViewSchema,
      handle: ({ params, body, user }) => {
        if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
        return unwrap(deps.skills.set(user.id, params.id, body));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/me/skills',
      summary: 'My own skills with levels and languages',
      tag: 'users',
      roles: ['agent', 'supervisor', 'admin'],
      response: agentSkillsViewSchema,
      handle: ({ user }) => {
        if (!user) throw new ApiError('UNAUTHENTICATED', 'a valid bearer token is required');
        return unwrap(deps.skills.get(user.id));
      },
    }),
  ];
}
