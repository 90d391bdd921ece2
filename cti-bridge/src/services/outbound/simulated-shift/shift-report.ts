/** What a simulated shift measured, as rates: occupancy, abandon rate with its 95% upper bound, talk per hour. */
import type { ShiftTotals } from './sim-dialer-loop';

export interface ShiftReport {
  occupancy: number;
  abandonRate: number;
  /** One-sided 95% Wilson upper bound of the abandon rate. */
  abandonUpper95: number;
  talkMinutesPerAgentHour: number;
  attempts: number;
  answers: number;
  abandons: number;
}

export function shiftReport(totals: ShiftTotals): ShiftReport {
  const { answers, abandons } = totals;
  const rate = answers > 0 ? abandons / answers : 0;
  return {
    occupancy: totals.busyMs / totals.staffedMs,
    abandonRate: rate,
    abandonUpper95: wilsonUpper(abandons, answers),
    talkMinutesPerAgentHour: (totals.talkMs / totals.staffedMs) * 60,
    attempts: totals.attempts,
    answers,
    abandons,
  };
}

export function wilsonUpper(successes: number, trials: number, z = 1.6449): number {
  if (trials === 0) return 1;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return Math.min(1, (centre + spread) / (1 + z2 / trials));
}
