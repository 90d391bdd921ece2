import { inWindow, ratio, type CallRecord, type MetricRules, type Window } from './metric-types';

/** A queue's (or any group of calls') figures over a window; see the README's "Supervisor figures". */
export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  answeredInTarget: number;
  /** answered within target ÷ (answered + abandoned − short abandons). */
  serviceLevel: number | null;
  /** Σ wait of answered calls ÷ answered. */
  asaMs: number | null;
  /** abandoned ÷ offered. */
  abandonRate: number | null;
  /** (abandoned − short) ÷ (offered − short). */
  abandonRateExShort: number | null;
  /** Answered calls whose wrap-up is over. */
  handled: number;
  talkMs: number;
  wrapMs: number;
  /** Σ (talk + hold + wrap) ÷ handled. */
  ahtMs: number | null;
}

/** Calls attributed to a window: those that entered it (queued, or placed) inside it. */
export const callsIn = (calls: readonly CallRecord[], window: Window): CallRecord[] =>
  calls.filter((call) => inWindow(call.queuedAt, window));

/**
 * The one formula set for calls. `calls` are the calls of one group (queue, agent, campaign, disposition)
 * already attributed to the window. Transfer legs count as handled by their agent, never as offered.
 */
export function callFigures(calls: readonly CallRecord[], rules: MetricRules): CallFigures {
  let offered = 0;
  let answered = 0;
  let abandoned = 0;
  let shortAbandoned = 0;
  let answeredInTarget = 0;
  let waitSum = 0;
  let handled = 0;
  let talkMs = 0;
  let wrapMs = 0;
  for (const call of calls) {
    if (!call.transferLeg) offered += 1;
    if (call.answeredAt !== null) {
      answered += 1;
      const wait = call.waitMs ?? 0;
      waitSum += wait;
      if (wait <= rules.slaTargetMs) answeredInTarget += 1;
      if (call.wrapMs !== null) {
        handled += 1;
        talkMs += call.talkMs ?? 0;
        wrapMs += call.wrapMs;
      }
    } else if (call.abandoned) {
      abandoned += 1;
      if ((call.waitMs ?? 0) < rules.shortAbandonMs) shortAbandoned += 1;
    }
  }
  return {
    offered,
    answered,
    abandoned,
    shortAbandoned,
    answeredInTarget,
    serviceLevel: ratio(answeredInTarget, answered + abandoned - shortAbandoned),
    asaMs: ratio(waitSum, answered),
    abandonRate: ratio(abandoned, offered),
    abandonRateExShort: ratio(abandoned - shortAbandoned, offered - shortAbandoned),
    handled,
    talkMs,
    wrapMs,
    ahtMs: ratio(talkMs + wrapMs, handled),
  };
}

/** Groups records by a key (a queue, an agent…), skipping records without one. */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
