/**
 * Is a queue open at an instant: its weekly hours read in its own IANA zone (Intl's tz data, DST-correct), closed
 * all day on its holidays (local dates). An unknown zone is closed: a mistyped zone must not look open.
 */
import type { OpeningSpan, QueuePolicy } from './queue-policy';

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  /** Minutes after local midnight. */
  minutes: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The local date, weekday and minute in `zone` at `at`; null for an unknown zone. */
export function localTime(zone: string, at: number): LocalTime | null {
  const f = formatter(zone);
  if (!f) return null;
  const part: Record<string, string> = {};
  for (const p of f.formatToParts(at)) part[p.type] = p.value;
  const weekday = WEEKDAYS[part.weekday ?? ''];
  if (weekday === undefined) return null;
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    weekday,
    minutes: Number(part.hour) * 60 + Number(part.minute),
  };
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** A span whose `to` is not after `from` runs past midnight into the next day (22:00–06:00). */
function spanCovers(span: OpeningSpan, weekday: number, minutes: number): boolean {
  const from = minutesOf(span.from);
  const to = minutesOf(span.to);
  if (to > from) return span.day === weekday && minutes >= from && minutes < to;
  if (span.day === weekday) return minutes >= from;
  return (span.day + 1) % 7 === weekday && minutes < to;
}

export type OpenState = { open: true } | { open: false; why: 'holiday' | 'closed' | 'unknown-zone' };

export function openState(
  policy: Pick<QueuePolicy, 'timeZone' | 'openingHours' | 'holidays'>,
  at: number,
): OpenState {
  // the common case (no hours, no holidays) needs no calendar, only a known zone
  if (policy.openingHours === null && policy.holidays.size === 0)
    return formatter(policy.timeZone) ? { open: true } : { open: false, why: 'unknown-zone' };
  const local = localTime(policy.timeZone, at);
  if (!local) return { open: false, why: 'unknown-zone' };
  if (policy.holidays.has(local.date)) return { open: false, why: 'holiday' };
  if (policy.openingHours === null) return { open: true };
  return policy.openingHours.some((span) => spanCovers(span, local.weekday, local.minutes))
    ? { open: true }
    : { open: false, why: 'closed' };
}

export const isOpen = (policy: Pick<QueuePolicy, 'timeZone' | 'openingHours' | 'holidays'>, at: number) =>
  openState(policy, at).open;
