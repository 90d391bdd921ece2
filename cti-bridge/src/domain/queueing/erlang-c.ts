/**
 * Erlang C (M/M/N, no abandonment): the textbook figures the simulator and the wait estimates are checked
 * against. `agents` N, offered load `erlangs` A = arrival rate × mean handle time.
 */

/** Probability that an arriving call has to wait; 1 when the load is at or over the agents. */
export function erlangCWaitProbability(agents: number, erlangs: number): number {
  if (erlangs >= agents) return 1;
  // Erlang B by its stable recurrence, then C from B
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  const rho = erlangs / agents;
  return b / (1 - rho + rho * b);
}

/** Share of calls answered within `withinSec`. */
export function erlangCServiceLevel(
  agents: number,
  erlangs: number,
  ahtSec: number,
  withinSec: number,
): number {
  if (erlangs >= agents) return 0;
  const pw = erlangCWaitProbability(agents, erlangs);
  return 1 - pw * Math.exp((-(agents - erlangs) * withinSec) / ahtSec);
}

/** Average speed of answer (mean wait over all calls), seconds. */
export function erlangCAsa(agents: number, erlangs: number, ahtSec: number): number {
  if (erlangs >= agents) return Number.POSITIVE_INFINITY;
  return (erlangCWaitProbability(agents, erlangs) * ahtSec) / (agents - erlangs);
}
