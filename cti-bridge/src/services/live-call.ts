import type { CallOffer } from '../../protocol/call.schema';
import type { InboundCall } from '../pbx/pbx-adapter';
import type { CustomerCardRepository } from '../repositories/customer-card.repository';
import type { InteractionsRepository } from '../repositories/interactions.repository';
import type { QueueRow, ReferenceRepository, ServiceRoute } from '../repositories/reference.repository';
import { CALLBACK_KEY } from '../domain/routing-rules/default-rule-set';
import type { RuledCall } from './routing-rules/routing-rules.service';
import type { CustomerLookup } from './customer-lookup';

/** A call the bridge is handling right now (from arrival until the agent's wrap-up starts). */
export interface LiveCall {
  offer: Omit<CallOffer, 'offeredAt'>;
  queue: QueueRow;
  priority: number;
  /** The caller's language (the line's), preferred in the agent choice. */
  language: string | null;
  status: 'queued' | 'ringing' | 'connected';
  agentId: number | null;
  offeredAt: number | null;
  answeredAt: number | null;
  held: boolean;
  declinedBy: Set<number>;
  ringTimer: NodeJS.Timeout | null;
  /** A transfer target who was not ready goes back to this reason if they do not take the call. */
  notReadyReason: string | null;
  /** An upstream IVR asked for a callback instead of waiting (`caller` or a number), as attached to the call. */
  callbackTo?: string;
}

export function offerOf(call: LiveCall): CallOffer {
  return { ...call.offer, offeredAt: call.offeredAt ?? call.offer.queuedAt };
}

export interface QueueInboundDeps {
  lookup: CustomerLookup;
  reference: ReferenceRepository;
  interactions: InteractionsRepository;
  cards: CustomerCardRepository;
  /** Routing rules as data (service number + attached data); absent: the service-number table alone routes. */
  routeByRules?: (serviceNumber: string, attached: unknown) => RuledCall;
}

/**
 * Routes a new inbound call (service number → business type → queue), records its interaction and prepares
 * the pop, so an agent can be offered the call the moment one is free. Null for an unknown service number.
 */
export function queueInboundCall(deps: QueueInboundDeps, call: InboundCall): LiveCall | null {
  const did = deps.lookup.normalize(call.to);
  const serviceNumber = did.kind === 'number' ? did.e164 : call.to;
  const ruled = deps.routeByRules?.(serviceNumber, call.attached) ?? null;
  const route = ruled?.route ?? deps.reference.routeForServiceNumber(serviceNumber);
  if (!route) return null;
  const { caller, result } = deps.lookup.lookup(call.from);
  const customerId = result.match === 'unique' ? (result.customers[0]?.id ?? null) : null;
  const callerE164 = caller.kind === 'number' ? caller.e164 : null;
  // The card is read before this call's own interaction exists, so its history shows past calls only.
  const card = customerId === null ? null : (deps.cards.card(customerId) ?? null);
  const { businessType, queue } = route;
  const interactionId = deps.interactions.createInbound({
    pbxCallId: call.callId,
    businessTypeId: businessType.id,
    queueId: queue.id,
    customerId,
    callerRaw: call.from,
    callerE164,
    serviceNumber: route.serviceNumber,
    queuedAt: call.at,
    ...(ruled ? ruledColumns(ruled) : {}),
  });
  const live = waitingCall(route, {
    callId: call.callId,
    interactionId,
    callerRaw: call.from,
    callerE164,
    queuedAt: call.at,
    lookup: result,
    card,
    transferredFrom: null,
    ...(ruled && ruled.items.length > 0 ? { attached: ruled.items } : {}),
  });
  const callbackTo = ruled?.attached.values[CALLBACK_KEY];
  if (callbackTo !== undefined) live.callbackTo = callbackTo;
  return live;
}

/** What the interaction keeps of the rules' work: the attached data, what was dropped, the rule that chose. */
function ruledColumns(ruled: RuledCall) {
  const { values, dropped } = ruled.attached;
  return {
    attachedData: Object.keys(values).length > 0 ? values : null,
    attachedDropped: dropped.length > 0 ? dropped : null,
    ruleSetVersion: ruled.rule?.version ?? null,
    ruleId: ruled.rule?.id ?? null,
  };
}

/** What a call brings to its offer; the rest comes from the route (line, queue, ring timeout). */
export type CallFacts = Omit<
  LiveCall['offer'],
  'serviceNumber' | 'line' | 'businessType' | 'queue' | 'ringTimeoutMs'
>;

/** A call waiting for its first offer, on the route (service number → business type → queue) that serves it. */
export function waitingCall(route: ServiceRoute, facts: CallFacts): LiveCall {
  const { businessType, queue } = route;
  return {
    offer: {
      ...facts,
      serviceNumber: route.serviceNumber,
      line: { label: route.label, labelZh: route.labelZh },
      businessType: {
        id: businessType.id,
        code: businessType.code,
        name: businessType.nameEn,
        nameZh: businessType.nameZh,
      },
      queue: {
        id: queue.id,
        code: queue.code,
        name: queue.name,
        nameZh: queue.nameZh,
        wrapUpMode: queue.wrapUpMode,
      },
      ringTimeoutMs: queue.ringTimeoutSec * 1000,
    },
    queue,
    priority: route.priority,
    language: route.language,
    status: 'queued',
    agentId: null,
    offeredAt: null,
    answeredAt: null,
    held: false,
    declinedBy: new Set(),
    ringTimer: null,
    notReadyReason: null,
  };
}
