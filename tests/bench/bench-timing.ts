/**
 * Timing a step many times back to back, with what else the process did meanwhile: V8's garbage collections
 * (from `perf_hooks` gc entries), so a tail can be told apart — the code's own, a GC pause, or the scheduler's
 * (see `spinSamples`: a fixed amount of CPU work, whose tail is only preemption).
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface TimedRun {
  /** Milliseconds per call, in call order. */
  samples: number[];
  /** Calls over `slowMs`, and how many of those overlapped a GC pause. */
  slow: number;
  slowInGc: number;
  /** GC pauses during the run: count and total (ms). */
  gcCount: number;
  gcMs: number;
}

const tick = () => new Promise((done) => setTimeout(done, 0));

/** Calls `step(i)` for i = 0..n-1, timing each call; `slowMs` sets what counts as a slow call (0.1 = 100 µs). */
export async function timed(n: number, step: (i: number) => unknown, slowMs = 0.1): Promise<TimedRun> {
  const gcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const starts = new Float64Array(n);
  const took = new Float64Array(n); // preallocated: the timing itself allocates nothing per call
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    step(i);
    starts[i] = t0;
    took[i] = performance.now() - t0;
  }
  await tick(); // gc entries are delivered after the loop gives the event loop a turn
  await tick();
  observer.disconnect();
  let slow = 0;
  let slowInGc = 0;
  let g = 0;
  for (let i = 0; i < n; i++) {
    const from = starts[i] as number;
    const to = from + (took[i] as number);
    if ((took[i] as number) <= slowMs) continue;
    slow++;
    while (
      g < gcs.length &&
      (gcs[g] as PerformanceEntry).startTime + (gcs[g] as PerformanceEntry).duration < from
    )
      g++;
    const gc = gcs[g];
    if (gc && gc.startTime < to) slowInGc++;
  }
  return {
    samples: Array.from(took),
    slow,
    slowInGc,
    gcCount: gcs.length,
    gcMs: gcs.reduce((sum, e) => sum + e.duration, 0),
  };
}

/** A note for a timed row: calls over 100 µs and 1 ms, and which of them overlapped a GC pause. */
export function tailNote(run: TimedRun): string {
  const over1ms = run.samples.filter((t) => t > 1).length;
  return `${run.slow} over 100 µs (${run.slowInGc} during GC), ${over1ms} over 1 ms; ${run.gcCount} GC pauses, ${run.gcMs.toFixed(1)} ms`;
}

/** `n` timings of a fixed ~`workUs` of CPU work: what the scheduler alone adds to any step at this moment. */
export async function spinSamples(n: number, workUs = 20): Promise<TimedRun> {
  let x = 0;
  const work = (count: number) => {
    for (let k = 0; k < count; k++) x = (x * 31 + k) % 1_000_003;
  };
  // calibrate: the fastest of a few timed rounds (warmed up, so optimised) gives the time per iteration
  const probe = 200_000;
  let best = Infinity;
  for (let round = 0; round < 8; round++) {
    const t0 = performance.now();
    work(probe);
    best = Math.min(best, performance.now() - t0);
  }
  const iterations = Math.max(1, Math.round((probe * workUs) / (best * 1000)));
  const run = await timed(n, () => work(iterations));
  if (x < 0) throw new Error('unreachable'); // keeps the work observable
  return run;
}
