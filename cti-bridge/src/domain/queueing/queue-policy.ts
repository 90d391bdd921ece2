/**
 * What the queueing engine needs to know about a queue, as plain data (read from the `queues` row and its
 * holidays by the service, or from a simulator's rule file).
 */

/** One open span of a week: weekday 0 (Sunday) … 6, `HH:MM` from (inclusive) to (exclusive; `24:00` allowed). */
export interface OpeningSpan {
  day: number;
  from: string;
  to: string;
}

export type MaxWaitAction = 'overflow' | 'after-hours';
export type AfterHoursAction = 'callback' | 'refuse';

export interface QueuePolicy {
  queueId: number;
  code: string;
  /** The skill (business type) an agent needs to take this queue's calls. */
  businessTypeId: number;
  /** Higher first across queues. */
  priority: number;
  /** Tiers served first to last; a caller with no tier (or one not listed) comes after them. */
  tierOrder: readonly string[];
  slaTargetSec: number;
  slaTargetPercent: number;
  /** Total wait (from the caller's first arrival) after which `maxWaitAction` applies; null: no limit. */
  maxWaitSec: number | null;
  maxWaitAction: MaxWaitAction;
  maxWaitQueueId: number | null;
  /** Seconds in this queue after which the call also waits in `overflowQueueId` (keeping its arrival time). */
  overflowAfterSec: number | null;
  overflowQueueId: number | null;
  timeZone: string;
  /** Null: open around the clock. */
  openingHours: readonly OpeningSpan[] | null;
  /** Local calendar dates (`YYYY-MM-DD`) the queue is closed. */
  holidays: ReadonlySet<string>;
  afterHoursAction: AfterHoursAction;
  afterHoursReason: string | null;
  callbacksEnabled: boolean;
}

/** A policy with the defaults of a fresh `queues` row, for tests and simulator rule files. */
export function queuePolicy(
  fields: Pick<QueuePolicy, 'queueId' | 'code' | 'businessTypeId'> & Partial<QueuePolicy>,
): QueuePolicy {
  return {
    priority: 0,
    tierOrder: ['A', 'B', 'C'],
    slaTargetSec: 20,
    slaTargetPercent: 80,
    maxWaitSec: null,
    maxWaitAction: 'after-hours',
    maxWaitQueueId: null,
    overflowAfterSec: null,
    overflowQueueId: null,
    timeZone: 'UTC',
    openingHours: null,
    holidays: new Set(),
    afterHoursAction: 'refuse',
    afterHoursReason: null,
    callbacksEnabled: true,
    ...fields,
  };
}
