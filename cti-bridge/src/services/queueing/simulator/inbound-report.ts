/** What a simulated inbound run measured, per queue (where calls arrived) and in total, and how it is printed. */

export interface QueueFigures {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  /** Refused at max wait or outside opening hours. */
  refused: number;
  /** Callers who took a callback (answered by the callback later counts in `answered`). */
  callbacks: number;
  /** Answered within the `--sl` seconds, over offered. */
  serviceLevel: number;
  /** Mean wait of answered calls, seconds. */
  asaSec: number;
  abandonRate: number;
  /** Mean estimated wait told to callers at arrival, seconds. */
  meanEstimateSec: number;
}

export interface InboundReport {
  queues: QueueFigures[];
  total: QueueFigures;
  /** Busy (talk + wrap-up) time over staffed time. */
  occupancy: number;
  agents: number;
  hours: number;
  slSec: number;
  /** Routing decisions made. */
  decisions: number;
}

export class QueueTally {
  offered = 0;
  answered = 0;
  abandoned = 0;
  refused = 0;
  callbacks = 0;
  withinSl = 0;
  waitSumSec = 0;
  estimateSumSec = 0;

  add(other: QueueTally): void {
    this.offered += other.offered;
    this.answered += other.answered;
    this.abandoned += other.abandoned;
    this.refused += other.refused;
    this.callbacks += other.callbacks;
    this.withinSl += other.withinSl;
    this.waitSumSec += other.waitSumSec;
    this.estimateSumSec += other.estimateSumSec;
  }

  figures(queue: string): QueueFigures {
    const per = (n: number, d: number) => (d === 0 ? 0 : n / d);
    return {
      queue,
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      refused: this.refused,
      callbacks: this.callbacks,
      serviceLevel: per(this.withinSl, this.offered),
      asaSec: per(this.waitSumSec, this.answered),
      abandonRate: per(this.abandoned, this.offered),
      meanEstimateSec: per(this.estimateSumSec, this.offered),
    };
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: InboundReport): string {
  const header = [
    'queue',
    'offered',
    'answered',
    'abandoned',
    'refused',
    'callbacks',
    `SL ${report.slSec} s`,
    'ASA',
    'abandon rate',
  ];
  const rows = [...report.queues, report.total].map((q) => [
    q.queue,
    String(q.offered),
    String(q.answered),
    String(q.abandoned),
    String(q.refused),
    String(q.callbacks),
    pct(q.serviceLevel),
    `${q.asaSec.toFixed(1)} s`,
    pct(q.abandonRate),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [
    `${report.agents} agents, ${report.hours} h simulated, ${report.decisions} routing decisions`,
    line(header),
    ...rows.map(line),
    `occupancy ${pct(report.occupancy)}`,
  ].join('\n');
}
