import type { Logger } from '../../logger';
import type { AgentDirectory, PbxAdapter, PbxCapabilities, PbxEvents } from '../pbx-adapter';
import { EvapiClient } from './evapi-client';
import type { BridgeAction, KamailioEvent } from './evapi-messages.schema';
import { InboundCalls } from './inbound-calls';
import { OutsideCalls } from './outside-calls';
import { kamailioTimeOf } from './sip-call';

/** A dial's final failure code as an outcome: busy, unanswered, or failed. */
function dialFailureOf(code: number): 'busy' | 'no-answer' | 'failed' {
  if (code === 486 || code === 600) return 'busy';
  if (code === 408 || code === 480 || code === 487) return 'no-answer';
  return 'failed';
}

/**
 * How long `start()` waits for Kamailio to tell what it holds (`synced`), so consoles that come back find their
 * calls known; not longer, as Kamailio may be down (the client keeps reconnecting).
 */
const START_SYNC_MAX_MS = 1500;

export interface KamailioPbxOptions {
  evapi: { host: string; port: number };
  log: Logger;
  now?: () => number;
}

/**
 * The PBX adapter for Ringside's own Kamailio (kamailio/kamailio.cfg). Kamailio suspends each inbound INVITE
 * and each agent dial and asks over evapi; this adapter turns those events into `PbxEvents` and the bridge's
 * answers into `route` / `reject` / `allow` / `block` decisions for the suspended transaction (t_continue):
 * the calls the bridge routes in `InboundCalls`, the agents' own calls in `OutsideCalls`. The softphone
 * answers, holds and transfers in SIP; the bridge learns of it from Kamailio's dialog events.
 */
export class KamailioPbx implements PbxAdapter {
  readonly kind = 'kamailio' as const;
  private readonly inbound: InboundCalls;
  private readonly client: EvapiClient;
  private readonly now: () => number;
  private events: PbxEvents | null = null;
  private directory: AgentDirectory | null = null;
  private readonly outside: OutsideCalls;
  private onSynced: (() => void) | null = null;

  constructor(private readonly options: KamailioPbxOptions) {
    this.now = options.now ?? Date.now;
    const deps = {
      events: () => this.events,
      directory: () => this.directory,
      send: (action: BridgeAction) => this.send(action),
      now: this.now,
      log: options.log,
    };
    this.outside = new OutsideCalls(deps);
    this.inbound = new InboundCalls(deps);
    this.client = new EvapiClient({
      ...options.evapi,
      log: options.log,
      onEvent: (event) => this.handle(event),
      onConnectionChange: (up) => {
        // Decisions sent while down were lost; Kamailio offers every still-waiting call again on the reconnect.
        if (up && this.inbound.size > 0)
          options.log.info('evapi: reconnected with calls in progress', { calls: this.inbound.size });
      },
    });
  }

  capabilities(): PbxCapabilities {
    // Preview and progressive calls are placed by the agent's softphone on the bridge's command (the edge gates
    // them with the attempt's ids); server-placed calls need the bridge as a SIP user agent (not yet).
    return {
      answerFromConsole: false,
      ringTimeoutInPbx: true,
      hold: true,
      callsOutliveBridge: true,
      originate: false,
      machineDetection: false,
      hangupConnected: false,
      playMessage: false,
      forkMedia: false,
    };
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
    this.inbound.clear();
    this.outside.clear();
    this.events = null;
  }

  isConnected(): boolean {
    return this.client.isConnected();
  }

  ringAgent(callId: string, agentId: number, ringTimeoutMs: number): void {
    this.inbound.ringAgent(callId, agentId, ringTimeoutMs);
  }

  stopRinging(callId: string, agentId: number): void {
    this.inbound.stopRinging(callId, agentId);
  }

  answer(): void {
    // The softphone answers; Kamailio reports the 200 OK as `answered`.
  }

  hold(): void {
    // The softphone holds with a re-INVITE that Kamailio relays in the dialog.
  }

  hangup(callId: string): void {
    this.inbound.hangup(callId);
  }

  originate(): boolean {
    return false;
  }

  // ---- Kamailio's events -------------------------------------------------------------------------------

  private handle(event: KamailioEvent): void {
    const events = this.events;
    if (!events) return;
    switch (event.event) {
      case 'offer':
        return this.inbound.offered(events, event);
      case 'ring-failed':
        return this.inbound.ringFailed(events, event);
      case 'transfer':
        return this.inbound.transferred(events, event);
      case 'transfer-failed':
        return this.inbound.transferFailed(events, event.callid, event.reason);
      case 'cancel':
        return this.inbound.callerLeft(events, event.callid, kamailioTimeOf(event, this.now()));
      case 'timeout':
        return this.inbound.callerLeft(events, event.callid, this.now());
      case 'answered':
        // an agent's dial (a campaign attempt the softphone placed, or a manual one): its customer answered
        if (event.kind === 'outbound') return events.outboundProgress(event.callid, 'answered', this.now());
        return this.inbound.answered(events, event.callid, event.kind, event.agent);
      case 'ended':
        if (event.kind === 'outbound') {
          this.outside.ended(event.callid);
          // the agent's phone is the caller of its own dial
          const at = kamailioTimeOf(event, this.now());
          if (event.by === 'caller') return events.agentHungUp(event.callid, at);
          return events.callerHungUp(event.callid, at);
        }
        if (event.kind === 'internal') return this.outside.ended(event.callid);
        return this.inbound.ended(events, event);
      case 'talking':
        if (event.kind === 'outbound' || event.kind === 'internal')
          return this.outside.started(event.callid, event.peer ? [event.agent, event.peer] : [event.agent]);
        return this.inbound.talking(events, event);
      case 'synced':
        return this.onSynced?.();
      case 'dial':
        return this.outside.dial(event);
      case 'internal':
        return this.outside.started(event.callid, [event.from, event.to]);
      case 'failed':
        // once: Kamailio may report a failed dialog more than once
        if (event.kind === 'outbound' && this.outside.has(event.callid))
          events.outboundProgress(event.callid, 'failed', this.now());
        return this.outside.ended(event.callid);
      case 'dial-failed':
        return events.outboundProgress(event.callid, dialFailureOf(event.code), this.now());
      case 'stale':
        this.options.log.debug('evapi: decision for a transaction that is gone', { tindex: event.tindex });
        return this.outside.decisionStale(event);
    }
  }

  private send(action: BridgeAction): void {
    this.client.send(action);
  }
}
