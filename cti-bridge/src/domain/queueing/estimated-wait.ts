/**
 * Estimated wait for a caller at a position in the queue: with every agent busy, the caller is answered after
 * `position` agents free up, and N busy agents free up one every AHT / N on average, so the wait is
 * position × AHT / N (exact for M/M/N; averaged over arrivals it is Erlang C's mean wait, which the simulation
 * test checks). AHT is the mean of the queue's recent observed handle times (talk + wrap-up).
 */

/** Seconds; null when nobody staffs the queue (no estimate is honest then). */
export function estimatedWaitSec(position: number, staffedAgents: number, ahtSec: number): number | null {
  if (staffedAgents <= 0) return null;
  return (position * ahtSec) / staffedAgents;
}

/** The last `size` handle times of a queue, and their mean (a fallback until the first one is seen). */
export class HandleTimes {
  private readonly samples: number[] = [];
  private next = 0;
  private sum = 0;

  constructor(
    private readonly fallbackSec: number,
    private readonly size = 200,
  ) {}

  add(handleSec: number): void {
    if (!Number.isFinite(handleSec) || handleSec < 0) return;
    if (this.samples.length < this.size) {
      this.samples.push(handleSec);
    } else {
      this.sum -= this.samples[this.next] ?? 0;
      this.samples[this.next] = handleSec;
      this.next = (this.next + 1) % this.size;
    }
    this.sum += handleSec;
  }

  get count(): number {
    return this.samples.length;
  }

  meanSec(): number {
    return this.samples.length === 0 ? this.fallbackSec : this.sum / this.samples.length;
  }
}
