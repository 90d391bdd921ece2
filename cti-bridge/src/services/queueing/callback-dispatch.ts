/**
 * Queue callbacks when their turn comes: routing chose an agent (queue order and agent choice as for calls);
 * the agent is reserved and offered the callback with its pop; on accept it is dialled through the one
 * compliance gate as an outbound interaction linked to the request (and so to the original call); its outcome is
 * recorded. Rule for a callback that does not connect (see README "Queueing and routing"):
 * - not accepted (declined, no answer within `acceptTimeoutMs`, the agent left): back to its place, for another
 *   agent first;
 * - refused by the gate (DNC, calling hours…): closed `blocked` with the reason codes (the gate audits it, and the
 *   refusal is audited as `queue-callback.blocked`);
 * - unanswered (no answer, busy, machine, failed): tried again after `retryDelayMs`, keeping its place, up to
 *   `maxAttempts` dials; then closed `failed` with the last outcome;
 * - answered: `completed`.
 */
import { fail, ok, type Result } from '../../../protocol/errors';
import type { DialOutcome } from '../../../protocol/outbound.schema';
import type { QueueCallbackOffer, QueueCallbackWithdrawn } from '../../../protocol/queue-callback.schema';
import type { AgentState } from '../../../protocol/agent-state.schema';
import { maskPhone } from '../../domain/mask';
import type { Logger } from '../../logger';
import type { AuditRepository } from '../../repositories/audit.repository';
import type { CustomerCardRepository } from '../../repositories/customer-card.repository';
import type {
  QueueCallbacksRepository,
  QueueCallbackRecord,
} from '../../repositories/queue-callbacks.repository';
import type { AgentChannel } from '../agent-channel';
import type { AgentFloor } from '../agent-floor';
import type { ComplianceService } from '../compliance/compliance.service';
import type { CustomerLookup } from '../customer-lookup';
import type { LiveOutbound, OutboundCalls } from '../outbound/outbound-calls';
import { callbackCallId } from './callback-places';
import type { CallbackDecision, QueueRouter } from './queue-router';

export interface CallbackDispatchDeps {
  now: () => number;
  floor: AgentFloor;
  channel: AgentChannel;
  compliance: Pick<ComplianceService, 'check'>;
  /** The placed calls (campaign dials' path: sim originate, or the agent's softphone through the SIP edge). */
  calls: () => Pick<OutboundCalls, 'place'> | null;
  callbacks: QueueCallbacksRepository;
  router: QueueRouter;
  lookup: CustomerLookup;
  cards: Pick<CustomerCardRepository, 'card'>;
  audit: Pick<AuditRepository, 'record'>;
  log: Logger;
  /** Timers report failures here instead of throwing. */
  guarded: <A extends unknown[]>(where: string, work: (...args: A) => void) => (...args: A) => void;
  callerId: () => string;
  acceptTimeoutMs?: number;
  retryDelayMs?: number;
  maxAttempts?: number;
}

interface Pending {
  agentId: number;
  record: QueueCallbackRecord;
  timer: NodeJS.Timeout;
}

export function createCallbackDispatch(deps: CallbackDispatchDeps) {
  const acceptTimeoutMs = deps.acceptTimeoutMs ?? 30_000;
  const retryDelayMs = deps.retryDelayMs ?? 10 * 60_000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const pending = new Map<number, Pending>();
  /** Outbound call id → the callback it returns. */
  const dialled = new Map<string, { callbackId: number; attempts: number }>();

  const waitAgain = (record: QueueCallbackRecord, nextAttemptAt: number | null, declinedBy: number[]) =>
    deps.router.callbackWaiting({
      id: record.id,
      queueId: record.queueId,
      arrivedAt: record.arrivedAt,
      tier: record.customerId === null ? null : (deps.cards.card(record.customerId)?.tier ?? null),
      nextAttemptAt,
      declinedBy,
    });

  function offer({ callbackId, decision }: CallbackDecision): void {
    const now = deps.now();
    const record = deps.callbacks.find(callbackId);
    if (!record || record.state !== 'waiting') {
      deps.router.callbackDone(callbackId);
      return;
    }
    const { agentId } = decision;
    const callId = callbackCallId(callbackId);
    const reserved = deps.floor.apply(agentId, {
      type: 'offer',
      callId,
      interactionId: record.originalInteractionId ?? 0,
    });
    if (!reserved.ok || !deps.callbacks.offered(callbackId, agentId, now)) {
      if (reserved.ok) deps.floor.apply(agentId, { type: 'offer-withdrawn', missed: false });
      deps.router.callbackUntaken(callbackId, null);
      return;
    }
    const { result } = deps.lookup.lookup(record.e164);
    const customerId = result.match === 'unique' ? (result.customers[0]?.id ?? null) : record.customerId;
    const pop: QueueCallbackOffer = {
      callbackId,
      queue: record.queue,
      businessType: record.businessType,
      callerE164: record.e164,
      source: record.source,
      arrivedAt: record.arrivedAt,
      requestedAt: record.requestedAt,
      offeredAt: now,
      attempts: record.attempts,
      lastOutcome: record.outcome,
      originalInteractionId: record.originalInteractionId,
      lookup: result,
      card: customerId === null ? null : (deps.cards.card(customerId) ?? null),
      routingRule: decision.rule,
      acceptTimeoutMs,
    };
    const timer = setTimeout(
      deps.guarded('queue callback accept timeout', () => withdraw(callbackId, 'timeout')),
      acceptTimeoutMs,
    );
    pending.set(callbackId, { agentId, record, timer });
    deps.channel.emit(agentId, 'queue-callback:offered', pop);
    deps.log.info('queue callback offered', { callbackId, agentId, to: maskPhone(record.e164) });
  }

  /** The offer ends without a dial; the callback goes back to its place (another agent first). */
  function withdraw(callbackId: number, reason: QueueCallbackWithdrawn['reason'], moveAgent = true): void {
    const held = pending.get(callbackId);
    if (!held) return;
    pending.delete(callbackId);
    clearTimeout(held.timer);
    if (moveAgent) deps.floor.apply(held.agentId, { type: 'offer-withdrawn', missed: reason === 'timeout' });
    deps.callbacks.backToWaiting(callbackId, deps.now());
    deps.router.callbackUntaken(callbackId, held.agentId);
    deps.channel.emit(held.agentId, 'queue-callback:withdrawn', { callbackId, reason });
  }

  function accept(agentId: number, callbackId: number): Result<DialOutcome> {
    const held = pending.get(callbackId);
    if (!held || held.agentId !== agentId)
      return fail('INVALID_STATE', 'this callback is not offered to you');
    const calls = deps.calls();
    if (!calls) return fail('NOT_AVAILABLE', 'outbound calls are not available');
    pending.delete(callbackId);
    clearTimeout(held.timer);
    const { record } = held;
    const now = deps.now();
    // the reservation ends here; placing the call reserves the agent again at once (same turn of the loop)
    deps.floor.apply(agentId, { type: 'offer-withdrawn', missed: false });
    const decision = deps.compliance.check({
      path: 'callback',
      number: record.e164,
      agentId,
      campaignId: null,
      leadId: null,
      agentReserved: true,
    });
    if (!decision.allowed || !decision.e164) {
      const codes = decision.reasons.map((r) => r.code).join(',');
      deps.callbacks.closed(callbackId, 'blocked', codes, now);
      deps.router.callbackDone(callbackId);
      deps.audit.record({
        at: now,
        actorUserId: agentId,
        action: 'queue-callback.blocked',
        subject: `queue-callback:${callbackId}`,
        decision: 'blocked',
        reason: codes,
        details: { queue: record.queue.code, originalInteractionId: record.originalInteractionId },
      });
      return ok({ placed: false, reasons: decision.reasons });
    }
    const call = calls.place({
      agentId,
      campaignId: null,
      leadId: null,
      businessTypeId: record.businessType.id,
      customerId: record.customerId,
      e164: decision.e164,
      callerId: deps.callerId(),
      ringTimeoutMs: 30_000,
    });
    if (!call) {
      deps.callbacks.backToWaiting(callbackId, now);
      deps.router.callbackUntaken(callbackId, null);
      return fail('INVALID_STATE', 'you cannot take a call now');
    }
    const attempts = record.attempts + 1;
    deps.callbacks.dialling(callbackId, {
      agentId,
      interactionId: call.interactionId,
      attemptId: call.attemptId,
      attempts,
      at: now,
    });
    dialled.set(call.callId, { callbackId, attempts });
    deps.log.info('queue callback dialled', { callbackId, callId: call.callId, attempts });
    return ok({ placed: true, callId: call.callId, interactionId: call.interactionId });
  }

  function decline(agentId: number, callbackId: number): Result<null> {
    const held = pending.get(callbackId);
    if (!held || held.agentId !== agentId)
      return fail('INVALID_STATE', 'this callback is not offered to you');
    withdraw(callbackId, 'declined');
    return ok(null);
  }

  /** A placed call reached its outcome: a callback's is recorded, and an unanswered one tried again or closed. */
  function outcome(call: LiveOutbound): void {
    const entry = dialled.get(call.callId);
    if (!entry) return;
    dialled.delete(call.callId);
    const { callbackId, attempts } = entry;
    const now = deps.now();
    const result = call.outcome ?? 'failed';
    if (result === 'answered') {
      deps.callbacks.closed(callbackId, 'completed', 'answered', now);
      deps.router.callbackDone(callbackId);
    } else if (result === 'blocked') {
      deps.callbacks.closed(callbackId, 'blocked', (call.blockCodes ?? []).join(',') || 'blocked', now);
      deps.router.callbackDone(callbackId);
    } else if (attempts >= maxAttempts) {
      deps.callbacks.closed(callbackId, 'failed', result, now);
      deps.router.callbackDone(callbackId);
    } else {
      const record = deps.callbacks.find(callbackId);
      deps.callbacks.retryLater(callbackId, result, now + retryDelayMs, now);
      if (record) waitAgain(record, now + retryDelayMs, []);
    }
    deps.log.info('queue callback outcome', { callbackId, outcome: result, attempts });
  }

  /** The agent's state moved without them taking the offer (logged out, a supervisor's force): withdrawn. */
  function agentStateChanged(state: AgentState): void {
    for (const [callbackId, held] of pending) {
      if (held.agentId !== state.agentId || state.callId === callbackCallId(callbackId)) continue;
      withdraw(callbackId, state.status === 'logged-out' ? 'agent-logged-out' : 'gone', false);
    }
  }

  return {
    offer: (decisions: CallbackDecision[]) => decisions.forEach(offer),
    accept,
    decline,
    outcome,
    agentStateChanged,
    stop(): void {
      for (const held of pending.values()) clearTimeout(held.timer);
      pending.clear();
    },
  };
}

export type CallbackDispatch = ReturnType<typeof createCallbackDispatch>;
