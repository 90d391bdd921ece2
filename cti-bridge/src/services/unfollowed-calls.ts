/**
 * Calls this bridge did not follow from start to end — it restarted while they were up, or they ended while no
 * bridge ran — as the PBX reports them: taken on from their interaction, or closed in it.
 */
import type { CallInProgress } from '../pbx/pbx-adapter';
import type { CallLeg } from '../repositories/interactions.repository';
import type { Logger } from '../logger';
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

/**
 * The PBX ended a call this bridge does not follow (it ended while no bridge ran): its interaction, if still
 * open, is closed as the call ended — talked until then if it was answered, else abandoned.
 */
export function closeUnfollowedCall(
  deps: { interactions: QueueInboundDeps['interactions']; log: Logger },
  callId: string,
  at: number,
): void {
  const row = deps.interactions.legOfPbxCall(callId)?.row;
  if (!row || row.endedAt !== null) return;
  if (row.answeredAt !== null) deps.interactions.ended(row.id, at, Math.max(0, at - row.answeredAt));
  else deps.interactions.abandoned(row.id, at, Math.max(0, at - row.queuedAt));
  deps.log.info('a call that ended while no bridge ran: recorded', {
    callId,
    answered: row.answeredAt !== null,
  });
}
