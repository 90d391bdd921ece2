import type { AgentSkillsChanged } from '../../protocol/agent-skills.schema';
import { createAgentSkillsRepository } from '../repositories/agent-skills.repository';
import type { AuditRepository } from '../repositories/audit.repository';
import type { RingsideDb } from '../repositories/database';
import { agentSkillsRoutes } from '../server/http/agent-skills.routes';
import { createAgentSkillsService } from '../services/skills/agent-skills.service';

export interface AgentSkillsWiringDeps {
  db: RingsideDb;
  now: () => number;
  audit: AuditRepository;
  displayName: (userId: number) => string;
  /** After a change is stored: the floor and the router take it, the agent's consoles are told. */
  applied: (agentId: number, fact: AgentSkillsChanged) => void;
}

/** The skills capability's composition: the editor's API over the profiles repository. */
export function createAgentSkillsWiring(deps: AgentSkillsWiringDeps) {
  const service = createAgentSkillsService({
    now: deps.now,
    profiles: createAgentSkillsRepository(deps.db),
    audit: deps.audit,
    displayName: deps.displayName,
    applied: deps.applied,
  });
  return { service, routes: agentSkillsRoutes({ skills: service }) };
}
