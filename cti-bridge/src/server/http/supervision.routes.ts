import { floorAgentsSchema, type FloorAgent } from '../../../protocol/supervision.schema';
import { defineRoute, type RouteSpec } from '../route-spec';

/** What the supervisors' floor controls list: every agent and supervisor with their live state. */
export function supervisionRoutes(deps: { floorAgents: () => FloorAgent[] }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/supervision/agents',
      summary: 'Agents and supervisors with their live state (supervisors and admins)',
      tag: 'supervision',
      roles: ['supervisor', 'admin'],
      response: floorAgentsSchema,
      handle: () => ({ agents: deps.floorAgents() }),
    }),
  ];
}
