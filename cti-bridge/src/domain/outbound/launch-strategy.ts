/**
 * How many customer calls a campaign launches now, per dial mode. The dialer asks its mode's strategy on every
 * change (an agent ready, a call ended) and places that many; predictive pacing is one more strategy that uses
 * the abandon budget and answer statistics instead of one call per agent.
 */
import { assertNever } from '../assert-never';
import { decidePacing } from './pacing/decision';
import type { PacingDecision, PacingInputs } from './pacing/pacing-types';

export interface CampaignFloor {
  /** Agents working this campaign who are ready and hold no card or call. */
  idleAgents: number;
  /** Customer legs placed and not yet answered or failed. */
  callsRinging: number;
  /** Leads that could be dialled right now. */
  dialableLeads: number;
}

export interface LaunchStrategy {
  /** Calls to place now; the dialer connects each to an agent it reserved (preview, progressive) or the first free. */
  callsToLaunch(floor: CampaignFloor): number;
  /** True when each call is placed for one agent reserved before the dial (no abandoned calls possible). */
  readonly agentFirst: boolean;
  /**
   * Calls launched ahead of agents (not `agentFirst`): the pacing decision for one interval's inputs — how many
   * calls, in which mode (a spent abandon budget degrades to progressive) and why.
   */
  pace?(inputs: PacingInputs): PacingDecision;
}

/** Preview: the agent dials from the card; the dialer launches nothing by itself. */
export const previewStrategy: LaunchStrategy = { callsToLaunch: () => 0, agentFirst: true };

/** Progressive: one call per idle agent, the moment they are idle. */
export const progressiveStrategy: LaunchStrategy = {
  callsToLaunch: (floor) => Math.max(0, Math.min(floor.idleAgents, floor.dialableLeads)),
  agentFirst: true,
};

/** Predictive: calls placed before agents are free, as many as the pacing decides (see pacing/decision.ts). */
export const predictiveStrategy: LaunchStrategy = {
  callsToLaunch: progressiveStrategy.callsToLaunch,
  agentFirst: false,
  pace: (inputs) => decidePacing(inputs),
};

export type DialMode = 'preview' | 'progressive' | 'predictive';

/** The strategy of a mode; predictive is supplied by the pacing module (null until it is plugged in). */
export function strategyFor(mode: DialMode, predictive: LaunchStrategy | null = null): LaunchStrategy | null {
  switch (mode) {
    case 'preview':
      return previewStrategy;
    case 'progressive':
      return progressiveStrategy;
    case 'predictive':
      return predictive;
    default:
      return assertNever(mode);
  }
}
