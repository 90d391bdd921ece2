/**
 * The abandon budget over the campaign's window: how much of it is left and what abandon rate the next
 * interval may plan for. The plan aims below the target (a safety margin); being behind plan narrows the
 * allowance and being ahead widens it, each spread over the window's answers plus a cushion (so an early abandon
 * or a lucky hour moves it gradually, not into a burst or a crawl), and it never exceeds the target. With fewer
 * than two abandons left the budget is tight (allowance halved); once the window's rate is above the target
 * nothing more may be risked: the dialer goes progressive until answers bring the rate back down.
 */
import {
  ABANDON_WINDOW_MS,
  type AbandonRuleSet,
  type AbandonWindow,
  type BudgetStatus,
  type PacingPolicy,
} from './pacing-types';

/** A live answer once settled: it reached an agent in time, or was abandoned. Machines are not live answers. */
export interface SettledAnswer {
  at: number;
  abandoned: boolean;
}

/** Live answers and abandons inside the rule set's window ending at `now` (30 days rolling US, 24 h UK). */
export function abandonWindow(
  answers: Iterable<SettledAnswer>,
  ruleSet: AbandonRuleSet,
  now: number,
): AbandonWindow {
  const from = now - ABANDON_WINDOW_MS[ruleSet];
  const window = { answers: 0, abandons: 0 };
  for (const answer of answers) {
    if (answer.at <= from || answer.at > now) continue;
    window.answers += 1;
    if (answer.abandoned) window.abandons += 1;
  }
  return window;
}

export interface BudgetTuning {
  /** Share of the target kept in reserve: the plan aims at target × (1 − margin). */
  margin: number;
  /** Pseudo-answers that slow how fast a surplus widens the allowance (and damp the start of a window). */
  spreadAnswers: number;
  /** Remaining abandons below which the budget is tight: the allowance halves. */
  tightBelow: number;
}

export const BUDGET_TUNING: Readonly<BudgetTuning> = Object.freeze({
  margin: 0.2,
  spreadAnswers: 300,
  tightBelow: 2,
});

export function budgetStatus(
  policy: PacingPolicy,
  window: AbandonWindow,
  tuning: BudgetTuning = BUDGET_TUNING,
): BudgetStatus {
  const { answers, abandons } = window;
  const target = policy.abandonTarget;
  const rate = answers > 0 ? abandons / answers : 0;
  const remaining = target * answers - abandons;
  if (remaining < 0) return { state: 'spent', rate, remaining, allowance: 0 };
  const planned = target * (1 - tuning.margin);
  // Ahead of plan (fewer abandons than planned so far) widens the allowance, behind narrows it.
  const catchUp = (planned * answers - abandons) / (answers + tuning.spreadAnswers);
  let allowance = Math.min(target, Math.max(0, planned + catchUp));
  const tight = remaining < tuning.tightBelow;
  if (tight) allowance /= 2;
  return { state: tight ? 'tight' : 'open', rate, remaining, allowance };
}
