/**
 * Which lead a campaign dials next, pure: the clock reading and the candidates come in, one lead (or why none)
 * goes out. Due callbacks come first (the agent's own, then anyone's), then priority, then the lead that has
 * waited longest. A lead whose retry time has not come, or whose callee is outside the calling window right now,
 * waits: picking it would not be an attempt, so it is simply not picked.
 */
import { isInWindow, type CallingWindow } from './local-time';

export type LeadStatus = 'new' | 'dialing' | 'retry' | 'callback' | 'done' | 'exhausted' | 'blocked';

export interface LeadCandidate {
  id: number;
  status: LeadStatus;
  priority: number;
  attempts: number;
  /** Not before this instant (retry delay, or a callback's time). Null: now. */
  nextAttemptAt: number | null;
  /** IANA zones the callee may be in; every one must be inside the window. */
  timeZones: readonly string[];
  /** A scheduled callback: its owner (null: anyone may take it). */
  callbackOwnerId: number | null;
  createdAt: number;
}

export interface SelectionContext {
  now: number;
  agentId: number;
  window: CallingWindow;
  maxAttempts: number;
  /** Leads this bridge already holds for an agent (a preview card open, a call ringing). */
  reserved: ReadonlySet<number>;
}

export type Selection =
  | { kind: 'lead'; lead: LeadCandidate; callback: boolean }
  | { kind: 'none'; reason: 'no-leads' | 'waiting-retry' | 'outside-window'; nextAt: number | null };

const open = (status: LeadStatus) => status === 'new' || status === 'retry' || status === 'callback';

/** Why a lead cannot be dialled by this agent now; null when it can. */
export function waitReason(
  lead: LeadCandidate,
  ctx: SelectionContext,
): 'closed' | 'not-mine' | 'waiting-retry' | 'outside-window' | null {
  if (!open(lead.status) || ctx.reserved.has(lead.id) || lead.attempts >= ctx.maxAttempts) return 'closed';
  if (lead.status === 'callback' && lead.callbackOwnerId !== null && lead.callbackOwnerId !== ctx.agentId)
    return 'not-mine';
  if (lead.nextAttemptAt !== null && lead.nextAttemptAt > ctx.now) return 'waiting-retry';
  if (!lead.timeZones.every((zone) => isInWindow(zone, ctx.window, ctx.now))) return 'outside-window';
  return null;
}

/** Orders dialable leads: own due callbacks, anyone's due callbacks, then priority, then longest waiting. */
function rank(lead: LeadCandidate, agentId: number): [number, number, number, number] {
  const callbackRank =
    lead.status !== 'callback'
      ? 2
      : lead.callbackOwnerId === agentId
        ? 0
        : lead.callbackOwnerId === null
          ? 1
          : 3;
  return [callbackRank, -lead.priority, lead.nextAttemptAt ?? lead.createdAt, lead.id];
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

export function selectNextLead(candidates: readonly LeadCandidate[], ctx: SelectionContext): Selection {
  let best: { lead: LeadCandidate; rank: number[] } | null = null;
  let retryAt: number | null = null;
  let outsideWindow = false;
  for (const lead of candidates) {
    const why = waitReason(lead, ctx);
    if (why === 'waiting-retry') retryAt = Math.min(retryAt ?? Infinity, lead.nextAttemptAt ?? Infinity);
    if (why === 'outside-window') outsideWindow = true;
    if (why !== null) continue;
    const r = rank(lead, ctx.agentId);
    if (!best || before(r, best.rank)) best = { lead, rank: r };
  }
  if (best) return { kind: 'lead', lead: best.lead, callback: best.lead.status === 'callback' };
  if (outsideWindow) return { kind: 'none', reason: 'outside-window', nextAt: retryAt };
  if (retryAt !== null) return { kind: 'none', reason: 'waiting-retry', nextAt: retryAt };
  return { kind: 'none', reason: 'no-leads', nextAt: null };
}
