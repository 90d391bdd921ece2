/**
 * Wall-clock time in an IANA zone, DST-correct through Intl (the ICU zone data Node ships). Formatters are
 * cached per zone: building one costs tens of microseconds, using one about one.
 */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter !== undefined) return formatter;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    formatter = null; // RangeError: not a zone ICU knows
  }
  if (formatters.size > 1000) formatters.clear(); // bounded: zones come from data
  formatters.set(zone, formatter);
  return formatter;
}

export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && formatterFor(zone) !== null;
}

/** The wall-clock parts at `instant` in `zone`, or null when the zone is unknown. */
export function localParts(instant: number, zone: string): LocalParts | null {
  const formatter = formatterFor(zone);
  if (!formatter || !Number.isFinite(instant)) return null;
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(instant))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year, month, day, hour, minute } = parts;
  if (year === undefined || month === undefined || day === undefined || hour === undefined) return null;
  return { year, month, day, hour, minute: minute ?? 0 };
}

const pad = (n: number) => String(n).padStart(2, '0');

export const localDay = (p: LocalParts) => `${p.year}-${pad(p.month)}-${pad(p.day)}`;
export const localStamp = (p: LocalParts) => `${localDay(p)}T${pad(p.hour)}:${pad(p.minute)}`;
