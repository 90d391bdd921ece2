import type { Window } from './metric-types';

export const intervalMinutes = [15, 30, 60] as const;
export type IntervalMinutes = (typeof intervalMinutes)[number];

/**
 * The report intervals covering a window: aligned to the clock (every 15, 30 or 60 minutes of UTC, which
 * lines up with local time in every whole-hour zone), each clipped to the window.
 */
export function intervalsOf(window: Window, minutes: IntervalMinutes): Window[] {
  const size = minutes * 60_000;
  const out: Window[] = [];
  for (let start = Math.floor(window.from / size) * size; start < window.to; start += size)
    out.push({ from: Math.max(start, window.from), to: Math.min(start + size, window.to) });
  return out;
}

/** Midnight (in `zone`) of the day holding `now`: the start of "today" on the wallboard. */
export function startOfDay(now: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(now));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight = ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000;
  return now - sinceMidnight - (now % 1000);
}
