/**
 * The record of one routing decision: the rule that chose the call and the agent, in words for people
 * ("queue complaints, tier A, waited 45 s, agent level 8 of 10, speaks zh, idle 3 m 12 s") and as data for
 * reports. Stored on the interaction.
 */
import type { AgentRank } from './agent-choice';
import type { QueuePolicy } from './queue-policy';
import { MAX_SKILL_LEVEL, type QueuedCall } from './queued-call';

export interface RoutingDecision {
  callId: string;
  agentId: number;
  queueId: number;
  kind: QueuedCall['kind'];
  rule: string;
  detail: {
    queue: string;
    queuePriority: number;
    tier: string | null;
    tierRank: number;
    linePriority: number;
    arrivedAt: number;
    waitedMs: number;
    overflowedFrom: number[];
    agentLevel: number;
    maxLevel: number;
    language: string | null;
    languageMatch: boolean;
    idleMs: number;
    decidedAt: number;
  };
}

/** `3 m 12 s`, `45 s`, `1 h 02 m`. */
export function spoken(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

export function decisionOf(
  call: QueuedCall,
  policy: QueuePolicy,
  tierRank: number,
  agent: AgentRank,
  now: number,
  overflowCodes: readonly string[],
): RoutingDecision {
  const waitedMs = now - call.arrivedAt;
  const idleMs = now - agent.idleSince;
  // built by concatenation: this runs on every decision, and a parts array + join costs more than the rest
  let rule = `queue ${policy.code}`;
  if (overflowCodes.length > 0) rule += `, overflowed from ${overflowCodes.join(', ')}`;
  if (call.kind === 'callback') rule += ', callback in the caller’s place';
  rule += call.tier === null ? ', no tier' : `, tier ${call.tier}`;
  rule += `, waited ${spoken(waitedMs)}, agent level ${agent.level} of ${MAX_SKILL_LEVEL}`;
  if (call.language !== null)
    rule += agent.languageMatch ? `, speaks ${call.language}` : `, no ${call.language} speaker free`;
  rule += `, idle ${spoken(idleMs)}`;
  return {
    callId: call.callId,
    agentId: agent.agentId,
    queueId: policy.queueId,
    kind: call.kind,
    rule,
    detail: {
      queue: policy.code,
      queuePriority: policy.priority,
      tier: call.tier,
      tierRank,
      linePriority: call.linePriority,
      arrivedAt: call.arrivedAt,
      waitedMs,
      overflowedFrom: [...call.overflowedFrom],
      agentLevel: agent.level,
      maxLevel: MAX_SKILL_LEVEL,
      language: call.language,
      languageMatch: agent.languageMatch,
      idleMs,
      decidedAt: now,
    },
  };
}
