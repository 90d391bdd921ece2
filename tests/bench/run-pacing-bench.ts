/**
 * The pacing section of `npm run bench` alone (no database, no Kamailio): `npx tsx tests/bench/run-pacing-bench.ts`,
 * sized by BENCH_PACING_SEEDS / BENCH_PACING_HOURS. Writes .bench/pacing.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pacingSection } from './pacing-section';

const rootDir = resolve(import.meta.dirname, '../..');
const started = process.cpuUsage();
const report = [...pacingSection((message) => console.info(message)), ''].join('\n');
const cpuSeconds = (process.cpuUsage(started).user / 1e6).toFixed(0);
console.info(`\n${report}\n(${cpuSeconds} s of CPU)`);
mkdirSync(join(rootDir, '.bench'), { recursive: true });
writeFileSync(join(rootDir, '.bench', 'pacing.md'), report);
