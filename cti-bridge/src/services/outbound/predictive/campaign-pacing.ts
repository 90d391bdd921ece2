/**
 * What the live dialer keeps per predictive campaign between intervals: the estimates (folded from every observed
 * outcome with the pure reducers of the pacing module), the last decision, and when a decision was last stored.
 */
import {
  answerPrior,
  durationPrior,
  NEUTRAL_CALIBRATION,
  observeAttempt,
  observeDuration,
  observeLiveAnswer,
} from '../../../domain/outbound/pacing/estimators';
import type {
  AbandonRuleSet,
  FloorSnapshot,
  LinesSnapshot,
  PacingDecision,
  PacingEstimates,
  PacingPolicy,
} from '../../../domain/outbound/pacing/pacing-types';
import type { AgentState } from '../../../../protocol/agent-state.schema';
import type { CampaignView } from '../../../../protocol/campaign.schema';

/** A live answer with no agent within this long is abandoned (TSR, Ofcom). */
export const GRACE_MS = 2_000;

/** Weak priors, as in the simulated shift: an unknown campaign answers often (cautious), talks about two minutes. */
function initialEstimates(at: number): PacingEstimates {
  return {
    answer: answerPrior(0.5, 10, at),
    answerTime: durationPrior(10_000, 0.5, 5, at),
    talk: durationPrior(120_000, 0.7, 3, at),
    wrap: durationPrior(30_000, 0.5, 3, at),
    calibration: NEUTRAL_CALIBRATION,
  };
}

export class CampaignPacing {
  estimates: PacingEstimates;
  last: { decision: PacingDecision; placed: number } | null = null;
  storedAt = -Infinity;

  constructor(at: number) {
    this.estimates = initialEstimates(at);
  }

  /** A placed call reached its first outcome: a live answer (with its ring time) or not (machines included). */
  attemptEnded(liveAnswer: boolean, ringMs: number, at: number): void {
    const e = this.estimates;
    this.estimates = {
      ...e,
      answer: observeAttempt(e.answer, liveAnswer, at),
      answerTime: liveAnswer ? observeDuration(e.answerTime, ringMs, at) : e.answerTime,
    };
  }

  /** A live answer settled: taken by an agent in time, or abandoned; `risk` was predicted at its launch. */
  answerSettled(risk: number, abandoned: boolean): void {
    this.estimates = {
      ...this.estimates,
      calibration: observeLiveAnswer(this.estimates.calibration, risk, abandoned),
    };
  }

  talkEnded(talkMs: number, at: number): void {
    this.estimates = { ...this.estimates, talk: observeDuration(this.estimates.talk, talkMs, at) };
  }

  wrapEnded(wrapMs: number, at: number): void {
    this.estimates = { ...this.estimates, wrap: observeDuration(this.estimates.wrap, wrapMs, at) };
  }

  /** The risk the last decision planned per answer, without calibration (what the calibration compares with). */
  plannedRisk(): number {
    const figures = this.last?.decision.figures;
    return figures ? figures.predictedAbandonRate / figures.calibration : 0;
  }
}

export function policyOf(campaign: CampaignView): PacingPolicy {
  const ruleSet: AbandonRuleSet = campaign.rules === 'UK' ? 'uk-ofcom' : 'us-tsr';
  return { ruleSet, abandonTarget: campaign.abandonTarget, maxLines: campaign.maxLines, graceMs: GRACE_MS };
}

/** The campaign's agents now: ready ones with nothing in hand, and how long each busy one has talked or wrapped. */
export function floorOf(
  agents: readonly AgentState[],
  isFree: (agentId: number) => boolean,
  now: number,
): FloorSnapshot {
  const floor = { ready: 0, talkingMs: [] as number[], wrappingMs: [] as number[] };
  for (const agent of agents) {
    if (agent.status === 'ready' && isFree(agent.agentId)) floor.ready += 1;
    // an agent rung for a call reserved for them (progressive fallback) is about to talk
    else if (agent.status === 'on-call' || agent.status === 'ringing' || agent.status === 'ready')
      floor.talkingMs.push(agent.status === 'on-call' ? now - agent.since : 0);
    else if (agent.status === 'wrap-up') floor.wrappingMs.push(now - agent.since);
  }
  return floor;
}

export function linesOf(startedAt: readonly number[], answeredWaiting: number, now: number): LinesSnapshot {
  return { ringingMs: startedAt.map((at) => now - at), answeredWaiting };
}
