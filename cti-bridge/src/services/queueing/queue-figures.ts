/**
 * Today's figures per queue (offered, answered, within target, abandoned) on the queue's local day, and the
 * observed handle times the wait estimates use.
 */
import { localTime } from '../../domain/queueing/opening-hours';
import { HandleTimes } from '../../domain/queueing/estimated-wait';
import type { QueuePolicy } from '../../domain/queueing/queue-policy';
import type { QueueSnapshot } from '../../../protocol/queue.schema';

/** Until a queue has handled a call, its estimates assume this handle time. */
export const DEFAULT_HANDLE_SEC = 180;

interface Day {
  date: string;
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
}

export class QueueFigures {
  private readonly days = new Map<number, Day>();
  private readonly handleTimes = new Map<number, HandleTimes>();

  offered(policy: QueuePolicy, at: number): void {
    this.day(policy, at).offered++;
  }

  answered(policy: QueuePolicy, waitMs: number, at: number): void {
    const day = this.day(policy, at);
    day.answered++;
    if (waitMs <= policy.slaTargetSec * 1000) day.answeredWithinTarget++;
  }

  abandoned(policy: QueuePolicy, at: number): void {
    this.day(policy, at).abandoned++;
  }

  handled(queueId: number, handleSec: number): void {
    this.handleTimesOf(queueId).add(handleSec);
  }

  handleSec(queueId: number): number {
    return this.handleTimesOf(queueId).meanSec();
  }

  today(policy: QueuePolicy, at: number): QueueSnapshot['today'] {
    const { offered, answered, answeredWithinTarget, abandoned } = this.day(policy, at);
    return {
      offered,
      answered,
      answeredWithinTarget,
      abandoned,
      serviceLevel: offered === 0 ? null : answeredWithinTarget / offered,
    };
  }

  private day(policy: QueuePolicy, at: number): Day {
    const date = localTime(policy.timeZone, at)?.date ?? new Date(at).toISOString().slice(0, 10);
    let day = this.days.get(policy.queueId);
    if (!day || day.date !== date) {
      day = { date, offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0 };
      this.days.set(policy.queueId, day);
    }
    return day;
  }

  private handleTimesOf(queueId: number): HandleTimes {
    let times = this.handleTimes.get(queueId);
    if (!times) this.handleTimes.set(queueId, (times = new HandleTimes(DEFAULT_HANDLE_SEC)));
    return times;
  }
}
