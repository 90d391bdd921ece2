/**
 * How the simulated dialer decides what to launch: Ringside's predictive pacing (the real domain module, fed
 * the estimates a live dialer keeps), progressive (one call per ready agent), or a fixed ratio of lines per
 * ready agent (what a supervisor tunes by hand).
 */
import { decidePacing } from '../../../domain/outbound/pacing/decision';
import {
  answerPrior,
  durationPrior,
  NEUTRAL_CALIBRATION,
  observeAttempt,
  observeDuration,
  observeLiveAnswer,
} from '../../../domain/outbound/pacing/estimators';
import type {
  AbandonWindow,
  PacingDecision,
  PacingEstimates,
  PacingPolicy,
} from '../../../domain/outbound/pacing/pacing-types';

export interface SimAgent {
  state: 'ready' | 'talking' | 'wrap';
  since: number;
}

export interface SimCall {
  state: 'ringing' | 'answered';
  launchedAt: number;
  answeredAt: number;
  /** Abandon risk the pacing predicted when this call was launched. */
  risk: number;
}

export interface DialerView {
  at: number;
  agents: readonly SimAgent[];
  readyAgents: number;
  inFlight: ReadonlySet<SimCall>;
  window: AbandonWindow;
  maxLines: number;
}

/** What the dialer learns as the shift goes: the live estimates are folded from these. */
export type DialerFact =
  | { kind: 'attempt-ended'; at: number; liveAnswer: boolean; ringMs: number }
  | { kind: 'talk-ended'; at: number; talkMs: number }
  | { kind: 'wrap-ended'; at: number; wrapMs: number }
  | { kind: 'answer-settled'; risk: number; abandoned: boolean };

export interface DialStrategy {
  readonly name: string;
  /** Decides again the moment an agent frees up (one call per ready agent needs it; pacing anticipates it). */
  readonly decidesWhenAgentFrees: boolean;
  launch(view: DialerView): { count: number; risk: number };
  observe(fact: DialerFact): void;
}

export type DialMode = { kind: 'predictive' } | { kind: 'progressive' } | { kind: 'ratio'; ratio: number };

export function dialStrategy(
  mode: DialMode,
  policy: PacingPolicy,
  onDecision?: (decision: PacingDecision) => void,
): DialStrategy {
  switch (mode.kind) {
    case 'predictive':
      return predictiveStrategy(policy, onDecision);
    case 'progressive':
      return ratioStrategy('progressive', 1);
    case 'ratio':
      return ratioStrategy(`ratio ${mode.ratio}`, mode.ratio);
  }
}

function ratioStrategy(name: string, ratio: number): DialStrategy {
  return {
    name,
    decidesWhenAgentFrees: true,
    launch(view) {
      const lines = Math.min(view.maxLines, Math.round(ratio * view.readyAgents));
      return { count: Math.max(0, lines - view.inFlight.size), risk: 0 };
    },
    observe() {},
  };
}

/** Weak priors: an unknown campaign is assumed to answer often (cautious) and to talk about two minutes. */
function initialEstimates(): PacingEstimates {
  return {
    answer: answerPrior(0.5, 10, 0),
    answerTime: durationPrior(10_000, 0.5, 5, 0),
    talk: durationPrior(120_000, 0.7, 3, 0),
    wrap: durationPrior(30_000, 0.5, 3, 0),
    calibration: NEUTRAL_CALIBRATION,
  };
}

function predictiveStrategy(
  policy: PacingPolicy,
  onDecision?: (decision: PacingDecision) => void,
): DialStrategy {
  let estimates = initialEstimates();
  return {
    name: 'predictive',
    decidesWhenAgentFrees: false,
    launch(view) {
      const floor = { ready: view.readyAgents, talkingMs: [] as number[], wrappingMs: [] as number[] };
      for (const agent of view.agents) {
        if (agent.state === 'talking') floor.talkingMs.push(view.at - agent.since);
        else if (agent.state === 'wrap') floor.wrappingMs.push(view.at - agent.since);
      }
      const lines = { ringingMs: [] as number[], answeredWaiting: 0 };
      for (const call of view.inFlight) {
        if (call.state === 'ringing') lines.ringingMs.push(view.at - call.launchedAt);
        else lines.answeredWaiting += 1;
      }
      const decision = decidePacing({ at: view.at, policy, estimates, floor, lines, window: view.window });
      onDecision?.(decision);
      return {
        count: decision.launch,
        risk: decision.figures.predictedAbandonRate / decision.figures.calibration,
      };
    },
    observe(fact) {
      switch (fact.kind) {
        case 'attempt-ended':
          estimates = { ...estimates, answer: observeAttempt(estimates.answer, fact.liveAnswer, fact.at) };
          if (fact.liveAnswer)
            estimates = {
              ...estimates,
              answerTime: observeDuration(estimates.answerTime, fact.ringMs, fact.at),
            };
          return;
        case 'talk-ended':
          estimates = { ...estimates, talk: observeDuration(estimates.talk, fact.talkMs, fact.at) };
          return;
        case 'wrap-ended':
          estimates = { ...estimates, wrap: observeDuration(estimates.wrap, fact.wrapMs, fact.at) };
          return;
        case 'answer-settled':
          estimates = {
            ...estimates,
            calibration: observeLiveAnswer(estimates.calibration, fact.risk, fact.abandoned),
          };
          return;
      }
    },
  };
}
