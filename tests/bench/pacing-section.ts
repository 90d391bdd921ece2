/** The pacing section of `npm run bench`: one markdown table, a row per cell, and whether each target holds. */
import {
  allowedOver,
  pacingCell,
  pacingCells,
  pacingOptionsFromEnv,
  type CellResult,
  type ModeSummary,
  type PacingBenchOptions,
} from './pacing-bench';

/** Occupancy targets at p = 0.3 (steady), by agents. */
const OCCUPANCY_AT_P30: Readonly<Record<number, number>> = { 20: 0.88, 50: 0.92, 100: 0.94 };

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

function modeCells(m: ModeSummary, seeds: number): string[] {
  return [
    `${m.occupancy.toFixed(3)}`,
    `${pct(m.abandonMean, 2)} / ${pct(m.abandonWorst, 2)}`,
    m.seedsOver > allowedOver(seeds) ? `**${m.seedsOver}/${seeds}**` : `${m.seedsOver}/${seeds}`,
  ];
}

/** Which of the targets a cell meets: abandon in 19 of 20 seeds, occupancy vs hindsight and at p = 0.3. */
export function cellVerdict(cell: CellResult, seeds: number): string {
  const misses: string[] = [];
  if (cell.predictive.seedsOver > allowedOver(seeds)) misses.push('abandon over 3% in too many seeds');
  if (!cell.drift && cell.predictive.occupancy < cell.bestRatio.occupancy - 0.02)
    misses.push('> 2 points below best ratio');
  const floor = cell.pAnswer === 0.3 && !cell.drift ? OCCUPANCY_AT_P30[cell.agents] : undefined;
  if (floor !== undefined && cell.predictive.occupancy < floor) misses.push(`occupancy < ${floor}`);
  return misses.length === 0 ? 'met' : `**missed: ${misses.join('; ')}**`;
}

export function pacingTable(cells: readonly CellResult[], options: PacingBenchOptions): string {
  const header = [
    'N',
    'p',
    'p over shift',
    'progressive occ.',
    'best ratio (hindsight)',
    'ratio occ.',
    'ratio abandon mean / worst',
    'ratio seeds > 3%',
    'predictive occ.',
    'predictive abandon mean / worst',
    'predictive seeds > 3%',
    'targets',
  ];
  const rows = cells.map((cell) => [
    String(cell.agents),
    String(cell.pAnswer),
    cell.drift ? 'drift ±50%' : 'steady',
    cell.progressive.occupancy.toFixed(3),
    cell.bestRatio.label.replace('ratio ', ''),
    ...modeCells(cell.bestRatio, options.seeds),
    ...modeCells(cell.predictive, options.seeds),
    cellVerdict(cell, options.seeds),
  ]);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Runs every cell (BENCH_PACING=0 skips it) and returns the section's markdown. */
export function pacingSection(log: (message: string) => void): string[] {
  if (process.env.BENCH_PACING === '0') return ['### Predictive pacing', '', 'skipped (BENCH_PACING=0)'];
  const options = pacingOptionsFromEnv();
  const cells = pacingCells(options).map((cell) => {
    log(`Pacing: ${cell.agents} agents, p ${cell.pAnswer}, ${cell.drift ? 'drifting' : 'steady'}…`);
    return pacingCell(options, cell);
  });
  return [
    '### Predictive pacing (simulated shifts)',
    '',
    `- ${options.seeds} seeds per cell, ${options.hours}-hour shifts, handle ≈ 3 min (talk 150 s ± 90, wrap 30 s ± 10), ` +
      'answers after 12 s ± 6, no-answers ring 25 s; abandon = live answer without an agent within 2 s; target 3%',
    '- occupancy = (talk + wrap) / staffed time; ratio = lines per ready agent (rounded to whole calls), the best ' +
      'found in hindsight per cell on a 0.05 grid (highest occupancy with abandons ≤ 3% in all but one seed in 20)',
    '- targets: predictive abandons ≤ 3% in all but one seed in 20 in every cell; occupancy within 2 points of the ' +
      'best ratio at steady p; at p = 0.3 steady ≥ 0.88 (N 20), 0.92 (N 50), 0.94 (N 100)',
    '',
    pacingTable(cells, options),
  ];
}
