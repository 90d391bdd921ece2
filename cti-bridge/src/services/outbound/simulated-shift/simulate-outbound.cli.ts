/**
 * `npm run simulate:outbound -- --agents 20 --p-answer 0.3 --hours 8 --seed 1 [--drift]
 * [--mode predictive|progressive|ratio:2.4] [--lines N] [--target 0.03] [--explain MINUTES] [--json]`: one simulated
 * outbound shift on a fake clock, paced by the real pacing module (or progressive / a fixed ratio to compare), and
 * what it measured. `--explain 30` also prints the pacing decision (as the supervisor would read it) every 30 minutes.
 */
import type { PacingDecision } from '../../../domain/outbound/pacing/pacing-types';
import { parseArgs } from 'node:util';
import type { DialMode } from './dial-strategies';
import { shiftScenario, type ShiftScenario } from './shift-scenario';
import { simulateShift } from './simulate-shift';

export function parseMode(value: string): DialMode {
  if (value === 'predictive' || value === 'progressive') return { kind: value };
  const ratio = /^ratio:(\d+(?:\.\d+)?)$/.exec(value);
  if (ratio && Number(ratio[1]) >= 1) return { kind: 'ratio', ratio: Number(ratio[1]) };
  throw new Error(
    `--mode must be predictive, progressive or ratio:<lines per ready agent ≥ 1>, got "${value}"`,
  );
}

function number(name: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`--${name}: "${value}" is out of range`);
  return n;
}

export function parseCli(argv: readonly string[]): {
  scenario: ShiftScenario;
  mode: DialMode;
  json: boolean;
  /** Print a decision's explanation every this many minutes of the shift (predictive only). */
  explainEveryMinutes: number | undefined;
} {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      agents: { type: 'string' },
      'p-answer': { type: 'string' },
      hours: { type: 'string' },
      seed: { type: 'string' },
      drift: { type: 'boolean', default: false },
      mode: { type: 'string', default: 'predictive' },
      lines: { type: 'string' },
      target: { type: 'string' },
      json: { type: 'boolean', default: false },
      explain: { type: 'string' },
    },
    strict: true,
  });
  const overrides: Partial<ShiftScenario> = { drift: values.drift };
  const set = <K extends keyof ShiftScenario>(key: K, value: ShiftScenario[K] | undefined): void => {
    if (value !== undefined) overrides[key] = value;
  };
  set(
    'agents',
    number('agents', values.agents, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000),
  );
  set(
    'pAnswer',
    number('p-answer', values['p-answer'], (n) => n > 0 && n <= 1),
  );
  set(
    'hours',
    number('hours', values.hours, (n) => n > 0 && n <= 24 * 31),
  );
  set('seed', number('seed', values.seed, Number.isInteger));
  set(
    'abandonTarget',
    number('target', values.target, (n) => n > 0 && n < 1),
  );
  const scenario = shiftScenario(overrides);
  const lines = number('lines', values.lines, (n) => Number.isInteger(n) && n >= 1);
  return {
    scenario: lines ? { ...scenario, maxLines: lines } : scenario,
    mode: parseMode(values.mode),
    json: values.json,
    explainEveryMinutes: number('explain', values.explain, (n) => n > 0),
  };
}

/** Every `minutes`, the first decision of that interval, explained (with the shift time it was taken at). */
function explainer(minutes: number | undefined): ((decision: PacingDecision) => void) | undefined {
  if (minutes === undefined) return undefined;
  let next = 0;
  return (decision) => {
    if (decision.inputs.at < next) return;
    next = decision.inputs.at + minutes * 60_000;
    const clock = new Date(decision.inputs.at).toISOString().slice(11, 16);
    console.info(`[${clock}] ${decision.explanation}`);
  };
}

function main(): void {
  const { scenario, mode, json, explainEveryMinutes } = parseCli(process.argv.slice(2));
  const report = simulateShift(scenario, mode, explainer(explainEveryMinutes));
  if (json) {
    console.info(JSON.stringify({ scenario, mode, report }, null, 2));
    return;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const modeName = mode.kind === 'ratio' ? `ratio ${mode.ratio}` : mode.kind;
  console.info(
    [
      `${modeName}: ${scenario.agents} agents, p(answer) ${scenario.pAnswer}${scenario.drift ? ' drifting ±50%' : ''}, ` +
        `${scenario.hours} h, seed ${scenario.seed}, ${scenario.maxLines} lines, target ${pct(scenario.abandonTarget)}`,
      `occupancy            ${pct(report.occupancy)}`,
      `abandon rate         ${pct(report.abandonRate)} (95% upper bound ${pct(report.abandonUpper95)}; ` +
        `${report.abandons} of ${report.answers} live answers)`,
      `talk min/agent-hour  ${report.talkMinutesPerAgentHour.toFixed(1)}`,
      `attempts             ${report.attempts}`,
      `answers              ${report.answers}`,
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
