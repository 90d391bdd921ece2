/** Latency summaries and the markdown table the bench prints. */

export interface BenchRow {
  measurement: string;
  n: number | string;
  p50: string;
  p95: string;
  p99: string;
  note: string;
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles (no interpolation), in the unit the samples were taken in. */
export function latency(samples: readonly number[]): Latency {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Milliseconds, readable across six orders of magnitude (µs lookups to second-long scans). */
export function ms(value: number): string {
  if (value < 1) return `${Math.round(value * 1000)} µs`;
  if (value < 100) return `${value.toFixed(2)} ms`;
  return `${Math.round(value)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function latencyRow(measurement: string, samples: readonly number[], note: string): BenchRow {
  const l = latency(samples);
  return { measurement, n: l.n, p50: ms(l.p50), p95: ms(l.p95), p99: ms(l.p99), note };
}

/** A single reading (memory, sizes): the value goes in the p50 column, the tail columns stay empty. */
export function valueRow(measurement: string, value: string, note: string): BenchRow {
  return { measurement, n: 1, p50: value, p95: '–', p99: '–', note };
}

export function opsPerSecond(count: number, elapsedMs: number): string {
  const rate = (count * 1000) / elapsedMs;
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US')} ops/s`;
}

export function markdownTable(rows: readonly BenchRow[]): string {
  const header: BenchRow = {
    measurement: 'measurement',
    n: 'n',
    p50: 'p50',
    p95: 'p95',
    p99: 'p99',
    note: 'note',
  };
  const line = (r: BenchRow) =>
    `| ${r.measurement} | ${r.n.toLocaleString('en-US')} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.note} |`;
  return [line(header), '|---|--:|--:|--:|--:|---|', ...rows.map(line)].join('\n');
}

/** Times one async step in milliseconds. */
export async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await step();
  return { ms: performance.now() - started, value };
}

/** Runs `run` once per item, sequentially, timing each call (ms) and keeping its result. */
export function measure<S, T>(items: readonly S[], run: (item: S) => T) {
  const ms: number[] = [];
  const results: T[] = [];
  const started = performance.now();
  for (const item of items) {
    const t0 = performance.now();
    results.push(run(item));
    ms.push(performance.now() - t0);
  }
  return { ms, results, totalMs: performance.now() - started };
}
