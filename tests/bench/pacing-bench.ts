/**
 * Predictive pacing in `npm run bench`: simulated 8-hour shifts (handle ~3 min) for agents N × answer
 * probability p × steady/drifting p, each over the same seeds for progressive, the best fixed ratio found in
 * hindsight (a grid search per cell: the most lines per ready agent that keeps abandons ≤ target in all but one
 * seed in 20), and Ringside's predictive pacing. Occupancy and abandon rate, mean and worst seed.
 * BENCH_PACING_SEEDS (default 20) and BENCH_PACING_HOURS (default 8) trade precision for time; BENCH_PACING=0 skips.
 */
import { simulateShift } from '../../cti-bridge/src/services/outbound/simulated-shift/simulate-shift';
import { shiftScenario } from '../../cti-bridge/src/services/outbound/simulated-shift/shift-scenario';
import type { DialMode } from '../../cti-bridge/src/services/outbound/simulated-shift/dial-strategies';
import type { ShiftReport } from '../../cti-bridge/src/services/outbound/simulated-shift/shift-report';

export interface PacingBenchOptions {
  seeds: number;
  hours: number;
  agents: readonly number[];
  pAnswers: readonly number[];
  drifts: readonly boolean[];
}

export interface ModeSummary {
  label: string;
  occupancy: number;
  worstOccupancy: number;
  abandonMean: number;
  abandonWorst: number;
  /** Seeds with abandons above the target. */
  seedsOver: number;
}

export interface CellResult {
  agents: number;
  pAnswer: number;
  drift: boolean;
  progressive: ModeSummary;
  bestRatio: ModeSummary;
  predictive: ModeSummary;
}

const TARGET = 0.03;
const RATIO_STEP = 0.05;

export function pacingOptionsFromEnv(): PacingBenchOptions {
  const int = (name: string, fallback: number): number => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    return value;
  };
  return {
    seeds: Math.round(int('BENCH_PACING_SEEDS', 20)),
    hours: int('BENCH_PACING_HOURS', 8),
    agents: [5, 20, 50, 100],
    pAnswers: [0.15, 0.3, 0.5],
    drifts: [false, true],
  };
}

/** Seeds allowed over the target: one in twenty. */
export const allowedOver = (seeds: number): number => Math.floor(seeds / 20);

function runSeeds(
  options: PacingBenchOptions,
  cell: { agents: number; pAnswer: number; drift: boolean },
  mode: DialMode,
  stopAfterOver = Infinity,
): ShiftReport[] {
  const reports: ShiftReport[] = [];
  let over = 0;
  for (let seed = 1; seed <= options.seeds && over <= stopAfterOver; seed += 1) {
    const report = simulateShift(shiftScenario({ ...cell, hours: options.hours, seed }), mode);
    if (report.abandonRate > TARGET) over += 1;
    reports.push(report);
  }
  return reports;
}

export function summarise(label: string, reports: readonly ShiftReport[]): ModeSummary {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const occupancy = reports.map((r) => r.occupancy);
  const abandon = reports.map((r) => r.abandonRate);
  return {
    label,
    occupancy: mean(occupancy),
    worstOccupancy: Math.min(...occupancy),
    abandonMean: mean(abandon),
    abandonWorst: Math.max(...abandon),
    seedsOver: abandon.filter((a) => a > TARGET).length,
  };
}

/**
 * The most lines per ready agent that keeps the abandon target in all but one seed in twenty: occupancy and
 * abandons both grow with the ratio, so a bisection over a 0.05 grid finds it. A screening pass on a quarter of
 * the seeds rules out most ratios cheaply; the answer is then confirmed on all seeds (stepping down if needed).
 */
function bestRatio(
  options: PacingBenchOptions,
  cell: { agents: number; pAnswer: number; drift: boolean },
): ModeSummary {
  const screen = { ...options, seeds: Math.max(2, Math.ceil(options.seeds / 4)) };
  const holds = (ratio: number, opts: PacingBenchOptions): ShiftReport[] | null => {
    const limit = allowedOver(opts.seeds);
    const reports = runSeeds(opts, cell, { kind: 'ratio', ratio }, limit);
    const over = reports.filter((r) => r.abandonRate > TARGET).length;
    return over <= limit && reports.length === opts.seeds ? reports : null;
  };
  let lo = 20; // index: ratio = index × step; 1.0 always holds (it never abandons)
  let hi = Math.ceil(2.5 / cell.pAnswer / RATIO_STEP);
  while (holds(hi * RATIO_STEP, screen)) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (holds(mid * RATIO_STEP, screen)) lo = mid;
    else hi = mid;
  }
  for (let index = lo; index >= 20; index -= 1) {
    const ratio = Math.round(index * RATIO_STEP * 100) / 100;
    const reports = holds(ratio, options);
    if (reports) return summarise(`ratio ${ratio}`, reports);
  }
  return summarise('ratio 1', runSeeds(options, cell, { kind: 'ratio', ratio: 1 }));
}

export function pacingCell(
  options: PacingBenchOptions,
  cell: { agents: number; pAnswer: number; drift: boolean },
): CellResult {
  return {
    ...cell,
    progressive: summarise('progressive', runSeeds(options, cell, { kind: 'progressive' })),
    bestRatio: bestRatio(options, cell),
    predictive: summarise('predictive', runSeeds(options, cell, { kind: 'predictive' })),
  };
}

export function pacingCells(
  options: PacingBenchOptions,
): { agents: number; pAnswer: number; drift: boolean }[] {
  return options.drifts.flatMap((drift) =>
    options.pAnswers.flatMap((pAnswer) => options.agents.map((agents) => ({ agents, pAnswer, drift }))),
  );
}
