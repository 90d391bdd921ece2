import type {
  MediaFork,
  CallInjector,
  InboundCall,
  OriginateRequest,
  PbxAdapter,
  PbxCapabilities,
  PbxEvents,
} from '../pbx-adapter';
import { SimOutbound, type PlayedMessage, type SimOutboundProfile } from './sim-outbound';

interface SimCall {
  call: InboundCall;
  ringingAgent: number | null;
  connectedAgent: number | null;
  patienceTimer: NodeJS.Timeout | null;
}

export interface SimPbxOptions {
  now?: () => number;
  /** Caller patience when a request does not give one; the caller abandons after it unless answered. */
  defaultPatienceSec?: number;
  /** The outbound customers' dice (answer, busy, ring time…); seed it for reproducible runs. */
  random?: () => number;
}

/**
 * The embedded default PBX: calls without audio, in process. Callers abandon after their patience unless
 * connected; agents answer through the console. It implements the same adapter the Kamailio edge does.
 */
export class SimPbx implements PbxAdapter, CallInjector {
  readonly kind = 'sim' as const;
  private events: PbxEvents | null = null;
  private readonly calls = new Map<string, SimCall>();
  private sequence = 0;
  private readonly now: () => number;
  private readonly defaultPatienceSec: number;
  private readonly outbound: SimOutbound;

  constructor(options: SimPbxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.defaultPatienceSec = options.defaultPatienceSec ?? 600;
    this.outbound = new SimOutbound({
      now: () => this.now(),
      random: options.random ?? Math.random,
      progress: (callId, progress, at) => this.events?.outboundProgress(callId, progress, at),
      customerHungUp: (callId, at) => this.events?.callerHungUp(callId, at),
      agentForAnswered: (callId, campaignId, tried) =>
        this.events?.agentForAnswered?.(callId, campaignId, tried) ?? null,
    });
  }

  /** No audio here: a listener gets no offer, and the same flow as on a real PBX. */
  readonly mediaFork: MediaFork = {
    subscribe: (callId) => Promise.resolve({ offer: null, handle: `sim-${callId}` }),
    answer: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
  };

  capabilities(): PbxCapabilities {
    return {
      answerFromConsole: true,
      ringTimeoutInPbx: false,
      hold: true,
      callsOutliveBridge: false,
      originate: true,
      agentPhoneDials: false,
      machineDetection: true,
      hangupConnected: true,
      playMessage: true,
      forkMedia: true,
    };
  }

  /** Places a simulated customer leg; its course is drawn from the campaign's profile (`setOutboundProfile`). */
  originate(request: OriginateRequest): boolean {
    if (!this.events) return false;
    return this.outbound.originate(request);
  }

  /** Tunes how this campaign's simulated customers answer (demo, tests, the dialer benchmark). */
  setOutboundProfile(campaignId: number, profile: Partial<SimOutboundProfile>): void {
    this.outbound.setProfile(campaignId, profile);
  }

  /** Abandon messages the sim played to callees no agent took in time (it has no audio: it records them). */
  playedMessages(): readonly PlayedMessage[] {
    return this.outbound.playedMessages();
  }

  /** The customer of a connected outbound call hangs up now. */
  customerHangsUp(callId: string): void {
    this.outbound.customerHangsUp(callId);
  }

  async start(events: PbxEvents): Promise<void> {
    this.events = events;
  }

  async stop(): Promise<void> {
    for (const sim of this.calls.values()) if (sim.patienceTimer) clearTimeout(sim.patienceTimer);
    this.calls.clear();
    this.outbound.clear();
    this.events = null;
  }

  injectCall(request: {
    from: string;
    to: string;
    patienceSec?: number;
    callbackAfterSec?: number;
    attached?: Record<string, string>;
  }): { callId: string } {
    const events = this.requireStarted();
    this.sequence += 1;
    const callId = `sim-${this.now().toString(36)}-${this.sequence}`;
    const call: InboundCall = { callId, from: request.from, to: request.to, at: this.now() };
    if (request.attached) call.attached = request.attached;
    const patienceMs = (request.patienceSec ?? this.defaultPatienceSec) * 1000;
    const sim: SimCall = { call, ringingAgent: null, connectedAgent: null, patienceTimer: null };
    sim.patienceTimer =
      request.callbackAfterSec === undefined
        ? setTimeout(() => this.callerHangsUp(callId), patienceMs)
        : setTimeout(() => this.callerChoosesCallback(callId), request.callbackAfterSec * 1000);
    this.calls.set(callId, sim);
    events.inboundCall(call);
    return { callId };
  }

  /** The caller hangs up now (tests and the traffic generator use this too). */
  callerHangsUp(callId: string): void {
    const sim = this.calls.get(callId);
    if (!sim) return;
    this.release(sim);
    this.events?.callerHungUp(callId, this.now());
  }

  /** The waiting caller presses "call me back" and leaves the line (PbxEvents.callbackChosen). */
  callerChoosesCallback(callId: string): void {
    const sim = this.calls.get(callId);
    if (!sim || sim.connectedAgent !== null) return;
    this.release(sim);
    if (this.events?.callbackChosen) this.events.callbackChosen(callId, this.now());
    else this.events?.callerHungUp(callId, this.now());
  }

  ringAgent(callId: string, agentId: number, _ringTimeoutMs: number): void {
    const sim = this.calls.get(callId);
    if (sim) sim.ringingAgent = agentId;
  }

  stopRinging(callId: string, agentId: number): void {
    const sim = this.calls.get(callId);
    if (sim?.ringingAgent === agentId) sim.ringingAgent = null;
  }

  answer(callId: string, agentId: number): void {
    const sim = this.calls.get(callId);
    if (!sim || sim.ringingAgent !== agentId) return;
    if (sim.patienceTimer) clearTimeout(sim.patienceTimer);
    sim.patienceTimer = null;
    sim.ringingAgent = null;
    sim.connectedAgent = agentId;
    this.events?.answered(callId, agentId, this.now());
  }

  hold(_callId: string, _held: boolean): void {
    // No media in the simulator: hold is a state the bridge records.
  }

  hangup(callId: string): void {
    const sim = this.calls.get(callId);
    if (sim) this.release(sim);
    this.outbound.release(callId);
  }

  /** Calls the simulator still carries, for tests and the traffic generator. */
  activeCallIds(): string[] {
    return [...this.calls.keys()];
  }

  private release(sim: SimCall): void {
    if (sim.patienceTimer) clearTimeout(sim.patienceTimer);
    this.calls.delete(sim.call.callId);
  }

  private requireStarted(): PbxEvents {
    if (!this.events) throw new Error('SimPbx is not started');
    return this.events;
  }
}
