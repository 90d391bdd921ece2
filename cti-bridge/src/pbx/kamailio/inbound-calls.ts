import type { Logger } from '../../logger';
import type { AgentDirectory, HangupWhy, PbxEvents, RingFailure } from '../pbx-adapter';
import { kamailioTimeOf, newSipCall, type SipCall } from './sip-call';
import type {
  BridgeAction,
  EndedEvent,
  OfferEvent,
  RingFailedEvent,
  SuspendedTx,
  TalkingEvent,
  TransferEvent,
} from './evapi-messages.schema';

/** How long a transfer to a registered phone that is no agent's may ring (the bridge has no queue for it). */
const NON_AGENT_RING_MS = 30_000;

export interface InboundCallsDeps {
  events: () => PbxEvents | null;
  directory: () => AgentDirectory | null;
  send: (action: BridgeAction) => void;
  now: () => number;
  log: Logger;
}

/**
 * The calls the bridge routes (inbound, and transferred legs) as Kamailio holds them, by SIP Call-ID: Kamailio's
 * events about them become `PbxEvents`, and the bridge's choices `route` / `connect` / `reject` decisions for the
 * suspended transaction. A call Kamailio tells of that this bridge never saw (it restarted) is taken on.
 */
export class InboundCalls {
  private readonly calls = new Map<string, SipCall>();

  constructor(private readonly deps: InboundCallsDeps) {}

  get size(): number {
    return this.calls.size;
  }

  clear(): void {
    this.calls.clear();
  }

  ringAgent(callId: string, agentId: number, ringTimeoutMs: number): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (call.suspended) {
      call.ringing = agentId;
      this.route(call, agentId, ringTimeoutMs);
    } else call.pending = { agentId, ringTimeoutMs };
  }

  stopRinging(callId: string, agentId: number): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (call.pending?.agentId === agentId) call.pending = null;
    // A branch already ringing cannot be cancelled alone; its end is then not reported as this agent's fault.
    if (call.ringing === agentId) call.ringing = null;
  }

  hangup(callId: string, why?: HangupWhy): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (why !== undefined && call.answeredBy === null) {
      // 6xx: the IVR learns the callback was taken (or was already) and, a global answer, tries no other destination
      call.release = {
        code: 603,
        reason: why === 'callback-already-queued' ? 'Callback Already Queued' : 'Callback Queued',
      };
      call.pending = null;
      if (call.suspended && !call.offering) this.releaseCall(call);
      return;
    }
    if (call.offering) {
      // refused while the bridge looked at it: no such service number, or a transfer target who is busy
      call.release =
        call.transferTo !== null ? { code: 486, reason: 'Busy Here' } : { code: 404, reason: 'Not Found' };
      return;
    }
    if (call.answeredBy !== null) {
      // Ending a confirmed dialog is the softphone's BYE; the bridge has already closed its side.
      this.deps.log.debug('hangup of a connected SIP call is left to the softphone', { callId });
      return;
    }
    call.release = { code: 480, reason: 'Temporarily Unavailable' };
    call.pending = null;
    if (call.suspended) this.releaseCall(call);
  }

  // ---- Kamailio's events -------------------------------------------------------------------------------

  offered(events: PbxEvents, offer: OfferEvent): void {
    const known = this.calls.get(offer.callid);
    if (known) {
      if (offer.replayed) this.waitingAgain(known, offer);
      return;
    }
    const call = this.track(offer, null);
    if (offer.replayed) this.deps.log.info('evapi: a waiting call offered again', { callId: call.callId });
    events.inboundCall({
      callId: call.callId,
      from: offer.pai ?? offer.from,
      to: offer.service,
      at: kamailioTimeOf(offer, this.deps.now()),
      ...(isRecord(offer.attached) ? { attached: offer.attached } : {}),
    });
    this.offerHandled(call);
  }

  /**
   * Kamailio says a call we had decided on still waits: the decision was lost with the connection (sent while it
   * was down). Send it again; a decision that did arrive meanwhile makes this one stale, which is harmless.
   */
  private waitingAgain(call: SipCall, offer: OfferEvent): void {
    call.tx = { tindex: offer.tindex, tlabel: offer.tlabel };
    if (call.suspended) return;
    call.suspended = true;
    if (call.release) return this.releaseCall(call);
    const agentId = call.ringing ?? call.pending?.agentId ?? null;
    call.pending = null;
    if (agentId !== null) this.route(call, agentId, call.ringTimeoutMs);
  }

  transferred(events: PbxEvents, transfer: TransferEvent): void {
    if (this.calls.has(transfer.callid)) return;
    const agentId = this.deps.directory()?.agentIdOf(transfer.agent) ?? null;
    if (agentId === null) {
      // a phone that is no agent's (Kamailio only lets transfers reach registered subscribers): let it through
      this.deps.send({
        action: 'connect',
        tindex: transfer.tindex,
        tlabel: transfer.tlabel,
        target: transfer.agent,
        ring_ms: NON_AGENT_RING_MS,
      });
      return;
    }
    const call = this.track(transfer, agentId);
    events.transferredCall({
      callId: call.callId,
      fromCallId: transfer.from_callid,
      agentId,
      kind: transfer.kind,
      at: this.deps.now(),
    });
    this.offerHandled(call);
  }

  private track(event: { callid: string } & SuspendedTx, transferTo: number | null): SipCall {
    const call = newSipCall(event, transferTo);
    this.calls.set(call.callId, call);
    return call;
  }

  /** The bridge has seen the new call; a refusal it made meanwhile is sent now. */
  private offerHandled(call: SipCall): void {
    call.offering = false;
    if (call.release && call.suspended) this.releaseCall(call);
  }

  transferFailed(events: PbxEvents, callId: string, reason: RingFailure): void {
    const call = this.calls.get(callId);
    if (call?.transferTo == null) return;
    this.calls.delete(callId);
    // also when Kamailio gave up before the bridge's `connect` arrived: the bridge may have offered it already
    events.ringFailed(callId, call.ringing ?? call.transferTo, reason, this.deps.now());
  }

  ringFailed(events: PbxEvents, failed: RingFailedEvent): void {
    const { callid: callId, reason, offer } = failed;
    const tx = { tindex: failed.tindex, tlabel: failed.tlabel };
    const call = this.calls.get(callId);
    if (!call) {
      if (offer?.service === undefined || offer.from === undefined)
        return this.deps.send({ action: 'reject', ...tx, code: 480, reason: 'Unknown call' });
      // rung by a bridge before this one (restarted meanwhile): the call waits again, so take it on
      const { service, from } = offer;
      return this.offered(events, {
        ...offer,
        service,
        from,
        event: 'offer',
        callid: callId,
        ...tx,
        replayed: 1,
      });
    }
    call.tx = tx;
    call.suspended = true;
    const agentId = call.ringing;
    call.ringing = null;
    if (call.release) return this.releaseCall(call);
    const pending = call.pending;
    call.pending = null;
    if (pending) {
      call.ringing = pending.agentId;
      this.route(call, pending.agentId, pending.ringTimeoutMs);
    }
    if (agentId !== null) events.ringFailed(callId, agentId, reason, this.deps.now());
  }

  /** Also for a call this bridge does not follow: one that waited while no bridge ran is closed from its record. */
  callerLeft(events: PbxEvents, callId: string, at: number): void {
    const call = this.calls.get(callId);
    if (call && call.answeredBy !== null) return;
    this.calls.delete(callId);
    events.callerHungUp(callId, at);
  }

  answered(events: PbxEvents, callId: string, kind: string, agent: string): void {
    const call = this.calls.get(callId);
    if (!call || kind === 'outbound' || kind === 'internal') return;
    const agentId = this.deps.directory()?.agentIdOf(agent) ?? null;
    if (agentId === null) {
      this.deps.log.warn('answered by a phone that is no agent', { callId });
      return;
    }
    call.answeredBy = agentId;
    call.ringing = null;
    events.answered(callId, agentId, this.deps.now());
  }

  /** Also for a call this bridge does not follow: one that ended while no bridge ran is closed from its record. */
  ended(events: PbxEvents, ended: EndedEvent): void {
    const callId = ended.callid;
    this.calls.delete(callId);
    const at = kamailioTimeOf(ended, this.deps.now());
    if (ended.by === 'callee') events.agentHungUp(callId, at);
    else events.callerHungUp(callId, at);
  }

  /** A call in progress when this bridge connected: one it does not know yet is followed from now on. */
  talking(events: PbxEvents, talking: TalkingEvent): void {
    const { callid: callId, kind } = talking;
    const known = this.calls.get(callId);
    // known, but its answer was lost with the connection: it is answered now
    if (known)
      return known.answeredBy === null ? this.answered(events, callId, kind, talking.agent) : undefined;
    const agentId = this.deps.directory()?.agentIdOf(talking.agent) ?? null;
    if (agentId === null) return;
    const call = newSipCall({ callid: callId, tindex: -1, tlabel: -1 }, null);
    this.calls.set(callId, { ...call, suspended: false, offering: false, answeredBy: agentId });
    events.callInProgress({ callId, agentId, answeredAt: kamailioTimeOf(talking, this.deps.now()) });
  }

  // ---- decisions -----------------------------------------------------------------------------------------

  private route(call: SipCall, agentId: number, ringTimeoutMs: number): void {
    const target = this.deps.directory()?.sipUsernameOf(agentId) ?? null;
    if (!target) {
      this.deps.log.warn('agent has no SIP identity', { callId: call.callId, agentId });
      call.ringing = null;
      queueMicrotask(() =>
        this.deps.events()?.ringFailed(call.callId, agentId, 'unavailable', this.deps.now()),
      );
      return;
    }
    call.suspended = false;
    const ring_ms = Math.max(1000, Math.round(ringTimeoutMs));
    call.ringTimeoutMs = ring_ms;
    this.deps.send({ action: call.transferTo !== null ? 'connect' : 'route', ...call.tx, target, ring_ms });
  }

  private releaseCall(call: SipCall): void {
    const release = call.release ?? { code: 480, reason: 'Temporarily Unavailable' };
    this.calls.delete(call.callId);
    call.suspended = false;
    this.deps.send({ action: 'reject', ...call.tx, ...release });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
