import type { OriginateOutcome, OriginateProgress, OriginateRequest } from '../pbx-adapter';

/**
 * How the simulated customers of one campaign behave. The defaults are in the range outbound centres report for
 * consumer lists: about half the calls are picked up, a third of those by machines; a few are busy or fail.
 */
export interface SimOutboundProfile {
  /** Chance that someone (a person or a machine) picks up, when rung long enough. */
  answerRate: number;
  /** Of the pick-ups, the share that are answering machines. */
  machineShare: number;
  busyRate: number;
  /** Network failures (bad number, congestion). */
  failRate: number;
  /** Ring time before a pick-up, ms, uniform in [min, max]; a pick-up after the ring limit is a no-answer. */
  pickUpMs: readonly [number, number];
  /** From the dial to the first ring (or to the busy tone / failure), ms, uniform in [min, max]. */
  setupMs: readonly [number, number];
  /** Time an answering-machine detector needs after the pick-up, ms. */
  machineDetectMs: number;
  /** A live customer hangs up after this talk time, ms, uniform; null: the customer waits for the agent. */
  talkMs: readonly [number, number] | null;
}

export const defaultOutboundProfile: SimOutboundProfile = {
  answerRate: 0.55,
  machineShare: 0.3,
  busyRate: 0.06,
  failRate: 0.03,
  pickUpMs: [3_000, 24_000],
  setupMs: [500, 2_500],
  machineDetectMs: 2_500,
  talkMs: null,
};

/** The course one simulated call will take: when it rings, and which outcome comes when (ms after the dial). */
export interface SimCallPlan {
  ringingAfterMs: number | null;
  outcome: OriginateOutcome;
  outcomeAfterMs: number;
  /** For a live answer: when the customer hangs up, ms after the answer (null: never by themselves). */
  hangUpAfterMs: number | null;
}

const between = (random: () => number, [min, max]: readonly [number, number]) =>
  Math.round(min + random() * (max - min));

/** Draws one call's course; pure given the random source, so a seed reproduces a whole campaign run. */
export function planSimCall(
  profile: SimOutboundProfile,
  ringTimeoutMs: number,
  random: () => number,
): SimCallPlan {
  const setup = between(random, profile.setupMs);
  const roll = random();
  if (roll < profile.failRate)
    return { ringingAfterMs: null, outcome: 'failed', outcomeAfterMs: setup, hangUpAfterMs: null };
  if (roll < profile.failRate + profile.busyRate)
    return { ringingAfterMs: null, outcome: 'busy', outcomeAfterMs: setup, hangUpAfterMs: null };
  const noAnswer: SimCallPlan = {
    ringingAfterMs: setup,
    outcome: 'no-answer',
    outcomeAfterMs: setup + ringTimeoutMs,
    hangUpAfterMs: null,
  };
  if (random() >= profile.answerRate) return noAnswer;
  const pickUp = between(random, profile.pickUpMs);
  if (pickUp >= ringTimeoutMs) return noAnswer;
  if (random() < profile.machineShare)
    return {
      ringingAfterMs: setup,
      outcome: 'machine',
      outcomeAfterMs: setup + pickUp + profile.machineDetectMs,
      hangUpAfterMs: null,
    };
  return {
    ringingAfterMs: setup,
    outcome: 'answered',
    outcomeAfterMs: setup + pickUp,
    hangUpAfterMs: profile.talkMs ? between(random, profile.talkMs) : null,
  };
}

interface PlacedCall {
  request: OriginateRequest;
  timers: NodeJS.Timeout[];
  connected: boolean;
}

export interface SimOutboundDeps {
  now: () => number;
  random: () => number;
  progress: (callId: string, progress: OriginateProgress, at: number) => void;
  customerHungUp: (callId: string, at: number) => void;
  /** See `PbxEvents.agentForAnswered`: asked for a call answered without an agent. */
  agentForAnswered: (callId: string, campaignId: number, tried: readonly number[]) => number | null;
}

/** A live answer with no agent within this long is abandoned (TSR / Ofcom: 2 s). */
export const CONNECT_WINDOW_MS = 2_000;
/** How often the sim asks again for an agent while a live answer waits. */
const CONNECT_RETRY_MS = 100;

/** An abandon message the sim "played" (it has no audio): what the tests and the demo can check. */
export interface PlayedMessage {
  callId: string;
  campaignId: number;
  /** The campaign's message; null: the PBX's default one. */
  message: string | null;
  at: number;
}

/** The simulator's outbound side: places customer legs and plays each one's planned course on the clock. */
export class SimOutbound {
  private readonly calls = new Map<string, PlacedCall>();
  private readonly profiles = new Map<number, SimOutboundProfile>();
  private readonly played: PlayedMessage[] = [];

  constructor(private readonly deps: SimOutboundDeps) {}

  /** How the customers of this campaign behave from now on (the demo and tests tune answer rates per campaign). */
  setProfile(campaignId: number, profile: Partial<SimOutboundProfile>): void {
    this.profiles.set(campaignId, { ...this.profileOf(campaignId), ...profile });
  }

  profileOf(campaignId: number): SimOutboundProfile {
    return this.profiles.get(campaignId) ?? defaultOutboundProfile;
  }

  originate(request: OriginateRequest): boolean {
    if (this.calls.has(request.callId)) return false;
    const plan = planSimCall(this.profileOf(request.campaignId), request.ringTimeoutMs, this.deps.random);
    const call: PlacedCall = { request, timers: [], connected: false };
    this.calls.set(request.callId, call);
    const { callId } = request;
    if (plan.ringingAfterMs !== null)
      this.after(call, plan.ringingAfterMs, () => this.report(callId, 'ringing'));
    this.after(call, plan.outcomeAfterMs, () => {
      if (plan.outcome === 'answered' && request.agentId === null) return this.connectAhead(call, plan);
      this.report(callId, plan.outcome);
      if (plan.outcome === 'answered' || plan.outcome === 'machine') call.connected = true;
      else this.release(callId);
      if (plan.outcome === 'answered') this.hangUpLater(call, plan);
    });
    return true;
  }

  /** Abandon messages played so far, oldest first. */
  playedMessages(): readonly PlayedMessage[] {
    return this.played;
  }

  /**
   * A live answer to a call placed ahead of agents: ask the bridge for an agent now and every 100 ms for the
   * connect window; connected (auto-answer) the moment one is named, else the message plays and the call ends.
   */
  private connectAhead(call: PlacedCall, plan: SimCallPlan): void {
    const { callId, campaignId } = call.request;
    const answeredAt = this.deps.now();
    const attempt = (): void => {
      if (!this.calls.has(callId)) return;
      const agentId = this.deps.agentForAnswered(callId, campaignId, []);
      if (agentId !== null) {
        call.connected = true;
        this.report(callId, 'answered');
        return this.hangUpLater(call, plan);
      }
      if (this.deps.now() - answeredAt + CONNECT_RETRY_MS <= CONNECT_WINDOW_MS)
        return this.after(call, CONNECT_RETRY_MS, attempt);
      this.after(call, Math.max(0, answeredAt + CONNECT_WINDOW_MS - this.deps.now()), () => {
        this.played.push({
          callId,
          campaignId,
          message: call.request.abandonMessage ?? null,
          at: this.deps.now(),
        });
        this.report(callId, 'abandoned');
        this.release(callId);
      });
    };
    attempt();
  }

  private hangUpLater(call: PlacedCall, plan: SimCallPlan): void {
    if (plan.hangUpAfterMs === null) return;
    const { callId } = call.request;
    this.after(call, plan.hangUpAfterMs, () => {
      this.release(callId);
      this.deps.customerHungUp(callId, this.deps.now());
    });
  }

  has(callId: string): boolean {
    return this.calls.has(callId);
  }

  /** The bridge ends the call (the agent hung up, a machine, a dial given up): no further events. */
  release(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    for (const timer of call.timers) clearTimeout(timer);
    this.calls.delete(callId);
  }

  /** The customer of a connected call hangs up now (tests and demos). */
  customerHangsUp(callId: string): void {
    if (!this.calls.get(callId)?.connected) return;
    this.release(callId);
    this.deps.customerHungUp(callId, this.deps.now());
  }

  clear(): void {
    for (const callId of [...this.calls.keys()]) this.release(callId);
  }

  private after(call: PlacedCall, ms: number, run: () => void): void {
    call.timers.push(setTimeout(run, ms));
  }

  private report(callId: string, progress: OriginateProgress): void {
    if (this.calls.has(callId)) this.deps.progress(callId, progress, this.deps.now());
  }
}
