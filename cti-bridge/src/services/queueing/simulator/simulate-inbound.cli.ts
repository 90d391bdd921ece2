/**
 * `npm run simulate:inbound -- --agents 30 --rate 360/h --aht 240 [--wrap 0] [--patience none|<mean s>]
 * [--hours 100] [--sl 20] [--seed 1] [--json] [--rules FILE]`: a simulated inbound run through the real queueing
 * engine on a fake clock, and what it measured per queue and in total. `--rules FILE` (JSON, see
 * inbound-scenario.ts) runs a proposed set of queues and agents instead of one queue of `--agents` agents.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport } from './inbound-report';
import {
  inboundRulesSchema,
  inboundScenario,
  singleQueueRules,
  type InboundScenario,
} from './inbound-scenario';
import { simulateInbound } from './simulate-inbound';

/** Monday 5 January 2026, 00:00 UTC: opening hours in rule files are read from here. */
export const SIMULATION_START = Date.UTC(2026, 0, 5);

function number(name: string, value: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new Error(`--${name}: "${value}" is out of range`);
  return n;
}

/** `360/h`, `6/min`, `0.1/s` or a plain number of calls per hour. */
export function parseRate(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(h|min|s))?$/.exec(value.trim());
  if (!match) throw new Error(`--rate: "${value}" is not a rate (360/h, 6/min, 0.1/s)`);
  const per = { h: 1, min: 60, s: 3_600 }[match[2] ?? 'h'] ?? 1;
  const rate = Number(match[1]) * per;
  if (rate <= 0 || rate > 1_000_000) throw new Error(`--rate: "${value}" is out of range`);
  return rate;
}

export function parseCli(argv: readonly string[]): { scenario: InboundScenario; json: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      agents: { type: 'string', default: '30' },
      rate: { type: 'string', default: '360/h' },
      aht: { type: 'string', default: '240' },
      wrap: { type: 'string', default: '0' },
      patience: { type: 'string', default: 'none' },
      hours: { type: 'string', default: '100' },
      sl: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      rules: { type: 'string' },
    },
    strict: true,
  });
  const rules = values.rules
    ? inboundRulesSchema.parse(JSON.parse(readFileSync(values.rules, 'utf8')))
    : singleQueueRules();
  const scenario = inboundScenario(rules, {
    agents: number('agents', values.agents, (n) => Number.isInteger(n) && n >= 1 && n <= 10_000),
    ratePerHour: parseRate(values.rate),
    ahtSec: number('aht', values.aht, (n) => n > 0 && n <= 86_400),
    wrapSec: number('wrap', values.wrap, (n) => n >= 0 && n <= 86_400),
    patienceSec:
      values.patience === 'none' ? null : number('patience', values.patience, (n) => n > 0 && n <= 86_400),
    hours: number('hours', values.hours, (n) => n > 0 && n <= 24 * 366),
    slSec: number('sl', values.sl, (n) => n >= 0 && n <= 3_600),
    seed: number('seed', values.seed, Number.isInteger),
    startAt: SIMULATION_START,
  });
  return { scenario, json: values.json };
}

function main(): void {
  try {
    const { scenario, json } = parseCli(process.argv.slice(2));
    const report = simulateInbound(scenario);
    console.info(json ? JSON.stringify(report, null, 2) : formatReport(report));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (process.argv[1]?.endsWith('simulate-inbound.cli.ts')) main();
