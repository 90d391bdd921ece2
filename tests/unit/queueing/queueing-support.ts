import { QueueingEngine } from '../../../cti-bridge/src/domain/queueing/queueing-engine';
import { queuePolicy, type QueuePolicy } from '../../../cti-bridge/src/domain/queueing/queue-policy';
import type { QueuedCall } from '../../../cti-bridge/src/domain/queueing/queued-call';

export const SALES = 1;
export const SUPPORT = 2;
export const COMPLAINTS = 3;

/** Queue ids equal their business type ids here: sales 1, support 2, complaints 3. */
export const policies = (overrides: Partial<Record<number, Partial<QueuePolicy>>> = {}): QueuePolicy[] =>
  [
    { queueId: SALES, code: 'sales', businessTypeId: SALES },
    { queueId: SUPPORT, code: 'support', businessTypeId: SUPPORT },
    { queueId: COMPLAINTS, code: 'complaints', businessTypeId: COMPLAINTS },
  ].map((p) => queuePolicy({ ...p, ...overrides[p.queueId] }));

export function call(callId: string, arrivedAt: number, fields: Partial<QueuedCall> = {}): QueuedCall {
  return {
    callId,
    queueId: SALES,
    overflowedFrom: [],
    tier: null,
    language: null,
    linePriority: 0,
    arrivedAt,
    queuedAt: arrivedAt,
    declinedBy: new Set(),
    kind: 'call',
    ...fields,
  };
}

export interface AgentSpec {
  id: number;
  skills: Record<number, number>;
  languages?: string[];
  idleSince?: number;
  free?: boolean;
}

export function engineWith(
  agents: AgentSpec[],
  calls: QueuedCall[] = [],
  policyList = policies(),
): QueueingEngine {
  const engine = new QueueingEngine(policyList);
  for (const a of agents) {
    engine.setAgent(
      a.id,
      new Map(Object.entries(a.skills).map(([type, level]) => [Number(type), level])),
      new Set(a.languages ?? ['en']),
    );
    if (a.free ?? true) engine.agentFree(a.id, a.idleSince ?? 0);
  }
  for (const c of calls) engine.enqueue(c);
  return engine;
}
