import { inWindow, ratio, type AttemptRecord, type Window } from './metric-types';

export interface CampaignFigures {
  /** Attempts placed (a blocked attempt was never dialled). */
  dialled: number;
  /** Attempts that reached a person who was connected to an agent. */
  answered: number;
  /** Live answers with no agent to take them (predictive dialing). */
  abandoned: number;
  /** abandoned ÷ (answered + abandoned): the regulators' rate, over live answers. */
  abandonRate: number | null;
}

/** A campaign's dialing figures over a window, from its attempts (by the time each was placed). */
export function campaignFigures(attempts: readonly AttemptRecord[], window: Window): CampaignFigures {
  let dialled = 0;
  let answered = 0;
  let abandoned = 0;
  for (const attempt of attempts) {
    if (!inWindow(attempt.startedAt, window) || attempt.outcome === 'blocked') continue;
    dialled += 1;
    if (attempt.outcome === 'answered') answered += 1;
    if (attempt.outcome === 'abandoned') abandoned += 1;
  }
  return { dialled, answered, abandoned, abandonRate: ratio(abandoned, answered + abandoned) };
}
