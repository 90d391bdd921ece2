import type { Logger } from '../../logger';
import type { AgentDirectory, PbxAdapter, PbxCapabilities, PbxEvents, RingFailure } from '../pbx-adapter';
import { EvapiClient } from './evapi-client';
import { OutsideCalls } from './outside-calls';
import { kamailioTimeOf, newSipCall, type SipCall } from './sip-call';
import type {
  BridgeAction,
  EndedEvent,
  KamailioEvent,
  OfferEvent,
  RingFailedEvent,
  SuspendedTx,
  TalkingEvent,
  TransferEvent,
} from './evapi-messages.schema';

/**
 * How long `start()` waits for Kamailio to tell what it holds (`synced`), so consoles that come back find their
 * calls known; not longer, as Kamailio may be down (the client keeps reconnecting).
 */
const START_SYNC_MAX_MS = 1500;

/** How long a transfer to a registered phone that is no agent's may ring (the bridge has no queue for it). */
const NON_AGENT_RING_MS = 30_000;

export interface KamailioPbxOptions {
  evapi: { host: string; port: number };
  log: Logger;
  now?: () => number;
}

/**
 * The PBX adapter for Ringside's own Kamailio (kamailio/kamailio.cfg). Kamailio suspends each inbound INVITE
 * and each agent dial and asks over evapi; this adapter turns those events into `PbxEvents` and the bridge's
 * answers into `route` / `reject` / `allow` / `block` decisions for the suspended transaction (t_continue).
 * The softphone answers, holds and transfers in SIP; the bridge learns of it from Kamailio's dialog events.
 */
export class KamailioPbx implements PbxAdapter {
  readonly kind = 'kamailio' as const;
  private readonly calls = new Map<string, SipCall>();
  private readonly client: EvapiClient;
  private readonly now: () => number;
  private events: PbxEvents | null = null;
  private directory: AgentDirectory | null = null;
  private readonly outside: OutsideCalls;
  private onSynced: (() => void) | null = null;

  constructor(private readonly options: KamailioPbxOptions) {
    this.now = options.now ?? Date.now;
    this.outside = new OutsideCalls({
      events: () => this.events,
      directory: () => this.directory,
      send: (action) => this.send(action),
      now: this.now,
    });
    this.client = new EvapiClient({
      ...options.evapi,
      log: options.log,
      onEvent: (event) => this.handle(event),
      onConnectionChange: (up) => {
        // Decisions sent while down were lost; Kamailio offers every still-waiting call again on the reconnect.
        if (up && this.calls.size > 0)
          options.log.info('evapi: reconnected with calls in progress', { calls: this.calls.size });
      },
    });
  }

  capabilities(): PbxCapabilities {
    return { answerFromConsole: false, ringTimeoutInPbx: true, hold: true };
  }

  async start(events: PbxEvents, directory: AgentDirectory): Promise<void> {
    this.events = events;
    this.directory = directory;
    const synced = new Promise<void>((done) => (this.onSynced = done));
    this.client.start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([synced, new Promise((done) => (timer = setTimeout(done, START_SYNC_MAX_MS)))]);
    clearTimeout(timer);
    this.onSynced = null;
  }

  async stop(): Promise<void> {
    await this.client.stop();
    this.calls.clear();
    this.outside.clear();
    this.events = null;
  }

  isConnected(): boolean {
    return this.client.isConnected();
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

  answer(): void {
    // The softphone answers; Kamailio reports the 200 OK as `answered`.
  }

  hold(): void {
    // The softphone holds with a re-INVITE that Kamailio relays in the dialog.
  }

  hangup(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    if (call.offering) {
      // refused while the bridge looked at it: no such service number, or a transfer target who is busy
      call.release =
        call.transferTo !== null ? { code: 486, reason: 'Busy Here' } : { code: 404, reason: 'Not Found' };
      return;
    }
    if (call.answeredBy !== null) {
      // Ending a confirmed dialog is the softphone's BYE; the bridge has already closed its side.
      this.options.log.debug('hangup of a connected SIP call is left to the softphone', { callId });
      return;
    }
    call.release = { code: 480, reason: 'Temporarily Unavailable' };
    call.pending = null;
    if (call.suspended) this.releaseCall(call);
  }

  // ---- Kamailio's events -------------------------------------------------------------------------------

  private handle(event: KamailioEvent): void {
    const events = this.events;
    if (!events) return;
    switch (event.event) {
      case 'offer':
        return this.offered(events, event);
      case 'ring-failed':
        return this.ringFailed(events, event);
      case 'transfer':
        return this.transferred(events, event);
      case 'transfer-failed':
        return this.transferFailed(events, event.callid, event.reason);
      case 'cancel':
        return this.callerLeft(events, event.callid, kamailioTimeOf(event, this.now()));
      case 'timeout':
        return this.callerLeft(events, event.callid, this.now());
      case 'answered':
        return this.answered(events, event.callid, event.kind, event.agent);
      case 'ended':
        return this.ended(events, event);
      case 'talking':
        return this.talking(events, event);
      case 'synced':
        return this.onSynced?.();
      case 'dial':
        return this.outside.dial(event);
      case 'internal':
        return this.outside.started(event.callid, [event.from, event.to]);
      case 'failed':
        return this.outside.ended(event.callid);
      case 'stale':
        this.options.log.debug('evapi: decision for a transaction that is gone', { tindex: event.tindex });
        return this.outside.decisionStale(event);
    }
  }

  private offered(events: PbxEvents, offer: OfferEvent): void {
    const known = this.calls.get(offer.callid);
    if (known) {
      if (offer.replayed) this.waitingAgain(known, offer);
      return;
    }
    const call = this.track(offer, null);
    if (offer.replayed) this.options.log.info('evapi: a waiting call offered again', { callId: call.callId });
    events.inboundCall({
      callId: call.callId,
      from: offer.pai ?? offer.from,
      to: offer.service,
      at: kamailioTimeOf(offer, this.now()),
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

  private transferred(events: PbxEvents, transfer: TransferEvent): void {
    if (this.calls.has(transfer.callid)) return;
    const agentId = this.directory?.agentIdOf(transfer.agent) ?? null;
    if (agentId === null) {
      // a phone that is no agent's (Kamailio only lets transfers reach registered subscribers): let it through
      this.send({
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
      at: this.now(),
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

  private transferFailed(events: PbxEvents, callId: string, reason: RingFailure): void {
    const call = this.calls.get(callId);
    if (call?.transferTo == null) return;
    this.calls.delete(callId);
    // also when Kamailio gave up before the bridge's `connect` arrived: the bridge may have offered it already
    events.ringFailed(callId, call.ringing ?? call.transferTo, reason, this.now());
  }

  private ringFailed(events: PbxEvents, failed: RingFailedEvent): void {
    const { callid: callId, reason, offer } = failed;
    const tx = { tindex: failed.tindex, tlabel: failed.tlabel };
    const call = this.calls.get(callId);
    if (!call) {
      if (offer?.service === undefined || offer.from === undefined)
        return this.send({ action: 'reject', ...tx, code: 480, reason: 'Unknown call' });
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
    if (agentId !== null) events.ringFailed(callId, agentId, reason, this.now());
  }

  /** Also for a call this bridge does not follow: one that waited while no bridge ran is closed from its record. */
  private callerLeft(events: PbxEvents, callId: string, at: number): void {
    const call = this.calls.get(callId);
    if (call && call.answeredBy !== null) return;
    this.calls.delete(callId);
    events.callerHungUp(callId, at);
  }

  private answered(events: PbxEvents, callId: string, kind: string, agent: string): void {
    const call = this.calls.get(callId);
    if (!call || kind === 'outbound' || kind === 'internal') return;
    const agentId = this.directory?.agentIdOf(agent) ?? null;
    if (agentId === null) {
      this.options.log.warn('answered by a phone that is no agent', { callId });
      return;
    }
    call.answeredBy = agentId;
    call.ringing = null;
    events.answered(callId, agentId, this.now());
  }

  /** Also for a call this bridge does not follow: one that ended while no bridge ran is closed from its record. */
  private ended(events: PbxEvents, ended: EndedEvent): void {
    const { callid: callId, kind } = ended;
    if (kind === 'outbound' || kind === 'internal') return this.outside.ended(callId);
    this.calls.delete(callId);
    const at = kamailioTimeOf(ended, this.now());
    if (ended.by === 'callee') events.agentHungUp(callId, at);
    else events.callerHungUp(callId, at);
  }

  /** A call in progress when this bridge connected: one it does not know yet is followed from now on. */
  private talking(events: PbxEvents, talking: TalkingEvent): void {
    const { callid: callId, kind } = talking;
    if (kind === 'outbound' || kind === 'internal')
      return this.outside.started(callId, talking.peer ? [talking.agent, talking.peer] : [talking.agent]);
    const known = this.calls.get(callId);
    // known, but its answer was lost with the connection: it is answered now
    if (known)
      return known.answeredBy === null ? this.answered(events, callId, kind, talking.agent) : undefined;
    const agentId = this.directory?.agentIdOf(talking.agent) ?? null;
    if (agentId === null) return;
    const call = newSipCall({ callid: callId, tindex: -1, tlabel: -1 }, null);
    this.calls.set(callId, { ...call, suspended: false, offering: false, answeredBy: agentId });
    events.callInProgress({ callId, agentId, answeredAt: kamailioTimeOf(talking, this.now()) });
  }

  // ---- decisions -----------------------------------------------------------------------------------------

  private route(call: SipCall, agentId: number, ringTimeoutMs: number): void {
    const target = this.directory?.sipUsernameOf(agentId) ?? null;
    if (!target) {
      this.options.log.warn('agent has no SIP identity', { callId: call.callId, agentId });
      call.ringing = null;
      queueMicrotask(() => this.events?.ringFailed(call.callId, agentId, 'unavailable', this.now()));
      return;
    }
    call.suspended = false;
    const ring_ms = Math.max(1000, Math.round(ringTimeoutMs));
    call.ringTimeoutMs = ring_ms;
    this.send({ action: call.transferTo !== null ? 'connect' : 'route', ...call.tx, target, ring_ms });
  }

  private releaseCall(call: SipCall): void {
    const release = call.release ?? { code: 480, reason: 'Temporarily Unavailable' };
    this.calls.delete(call.callId);
    call.suspended = false;
    this.send({ action: 'reject', ...call.tx, ...release });
  }

  private send(action: BridgeAction): void {
    this.client.send(action);
  }
}
