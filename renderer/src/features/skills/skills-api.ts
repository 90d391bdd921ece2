import { apiRequest } from '../../services/api-client';
import { agentSkillsViewSchema, skillOptionsSchema, type SetAgentSkills } from '../../services/protocol';

/** The skills endpoints: supervisors and admins edit anyone on the floor; everyone reads their own. */
export const skillsApi = {
  options: () => apiRequest(skillOptionsSchema, '/api/skills/options'),
  get: (agentId: number) => apiRequest(agentSkillsViewSchema, `/api/users/${agentId}/skills`),
  set: (agentId: number, body: SetAgentSkills) =>
    apiRequest(agentSkillsViewSchema, `/api/users/${agentId}/skills`, { method: 'POST', body }),
  mine: () => apiRequest(agentSkillsViewSchema, '/api/me/skills'),
};
