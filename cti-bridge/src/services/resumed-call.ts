import type { CallInProgress } from '../pbx/pbx-adapter';
import type { CallLeg } from '../repositories/interactions.repository';
import { waitingCall, type LiveCall, type QueueInboundDeps } from './live-call';
import { lookupOf } from './transfer-leg';

/**
 * The live call for a call this bridge did not see start (it restarted mid-call), rebuilt from its interaction:
 * the pop the agent had (line, queue, customer, where a transfer came from), connected to that agent since the
 * answer. An answer the previous bridge did not get to record is recorded now. Null when the interaction is
 * unknown or already ended, or its line no longer routes: then there is nothing left to follow.
 */
export function resumedCall(deps: QueueInboundDeps, call: CallInProgress): LiveCall | null {
  const leg = deps.interactions.legOfPbxCall(call.callId);
  if (!leg || leg.row.endedAt !== null) return null;
  const { row } = leg;
  const route = deps.reference.routeForServiceNumber(row.serviceNumber);
  if (!route) return null;
  const card = row.customerId === null ? null : (deps.cards.card(row.customerId) ?? null);
  const live = waitingCall(route, {
    callId: call.callId,
    interactionId: row.id,
    callerRaw: row.callerRaw,
    callerE164: row.callerE164,
    queuedAt: row.queuedAt,
    lookup: lookupOf(deps, row.callerRaw, card),
    card,
    transferredFrom: transferredFrom(deps, leg),
  });
  const answeredAt = row.answeredAt ?? call.answeredAt;
  if (row.answeredAt === null || row.agentId !== call.agentId) {
    deps.interactions.answered(row.id, call.agentId, answeredAt, Math.max(0, answeredAt - row.queuedAt));
  }
  return {
    ...live,
    status: 'connected',
    agentId: call.agentId,
    offeredAt: row.offeredAt ?? answeredAt,
    answeredAt,
  };
}

function transferredFrom(deps: QueueInboundDeps, leg: CallLeg): LiveCall['offer']['transferredFrom'] {
  const { transferredFromId, transferKind } = leg.row;
  if (transferredFromId === null || transferKind === null) return null;
  const from = deps.interactions.legById(transferredFromId);
  return { interactionId: transferredFromId, agent: from?.agentName ?? null, kind: transferKind };
}
