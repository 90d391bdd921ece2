import type { LookupResult } from '../../protocol/customer.schema';
import type { TransferredCall } from '../pbx/pbx-adapter';
import type { CallLeg } from '../repositories/interactions.repository';
import { waitingCall, type LiveCall, type QueueInboundDeps } from './live-call';

/**
 * Builds the live call for a transferred caller's new leg: the same caller, customer, line and queue as the leg
 * the agent transferred (read from its interaction, which outlives that live call: a blind transferor may hang
 * up before the caller's new INVITE arrives), a new interaction pointing back to it, and a fresh pop whose
 * history already shows the transferred leg. Null when that leg's line no longer routes anywhere.
 */
export function transferLeg(
  deps: QueueInboundDeps,
  transfer: TransferredCall,
  from: CallLeg,
): LiveCall | null {
  const { row } = from;
  const route = deps.reference.routeForServiceNumber(row.serviceNumber) ?? outboundRoute(deps, row);
  if (!route) return null;
  const card = row.customerId === null ? null : (deps.cards.card(row.customerId) ?? null);
  const interactionId = deps.interactions.createTransferLeg({
    pbxCallId: transfer.callId,
    from: row,
    kind: transfer.kind,
    agentId: transfer.agentId,
    at: transfer.at,
  });
  return waitingCall(route, {
    callId: transfer.callId,
    interactionId,
    callerRaw: row.callerRaw,
    callerE164: row.callerE164,
    queuedAt: transfer.at,
    lookup: lookupOf(deps, row.callerRaw, card),
    card,
    transferredFrom: { interactionId: row.id, agent: from.agentName, kind: transfer.kind },
  });
}

/**
 * A campaign call's line is its caller ID, which need not be a service number: its transferred customer is
 * popped on the first line (the dialer's default caller ID).
 */
function outboundRoute(deps: QueueInboundDeps, row: CallLeg['row']) {
  if (row.direction !== 'outbound') return undefined;
  const first = deps.reference.serviceNumbers()[0];
  return first === undefined ? undefined : deps.reference.routeForServiceNumber(first);
}

/** The first agent may have picked or created the customer during the call: that choice is the match now. */
export function lookupOf(
  deps: QueueInboundDeps,
  callerRaw: string,
  card: LiveCall['offer']['card'],
): LookupResult {
  const { caller, result } = deps.lookup.lookup(callerRaw);
  if (!card) return result;
  const { id, name, company, tier, phones } = card;
  return {
    match: 'unique',
    normalized: caller.kind === 'number' ? caller.e164 : null,
    customers: [{ id, name, company, tier, phones }],
  };
}
