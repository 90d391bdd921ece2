import type { ReactNode } from 'react';
import type { AgentBoard } from '../../services/protocol';

/**
 * The actions slot of each agent row (force not ready, log out, end a stuck call, listen…): the floor-control
 * feature registers its renderer here; the wallboard shows whatever it returns in the row's last cell.
 */
export type AgentActions = (row: AgentBoard) => ReactNode;

let actions: AgentActions = () => null;

export function setAgentActions(render: AgentActions): void {
  actions = render;
}

export function agentActions(row: AgentBoard): ReactNode {
  return actions(row);
}
