/**
 * The callee's local time, pure (Intl's tz data; DST-correct for any instant). The compliance gate decides with
 * its own rules; lead selection uses this only to leave a lead outside its window waiting instead of picking it.
 */

/** `HH:MM` (24 h) in the callee's local time; `to` is exclusive. */
export interface CallingWindow {
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Minutes after local midnight in `zone` at `at`; null for an unknown zone. */
export function localMinutes(zone: string, at: number): number | null {
  const f = formatter(zone);
  if (!f) return null;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** `HH:MM` in `zone` at `at`, for the card ("it is 14:05 there"); null for an unknown zone. */
export function localTimeText(zone: string, at: number): string | null {
  const minutes = localMinutes(zone, at);
  if (minutes === null) return null;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** True when local time in `zone` is inside the window (an unknown zone never is: fail closed). */
export function isInWindow(zone: string, window: CallingWindow, at: number): boolean {
  const now = localMinutes(zone, at);
  if (now === null) return false;
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  return from <= to ? now >= from && now < to : now >= from || now < to;
}
