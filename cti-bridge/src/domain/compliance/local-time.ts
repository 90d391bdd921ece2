/**
 * Wall-clock time in an IANA zone, DST-correct through Intl (the ICU zone data Node ships).
 *
 * The gate asks for local times several times per decision (the window in each zone, the day of each past
 * attempt, the stamps it records), and `formatToParts` costs microseconds and allocates an array of parts each
 * time. So Intl is asked for the zone's UTC offset once per zone and UTC hour, and the wall clock is computed
 * from the instant plus that offset. An hour is cached only when the offset at its first and its last second
 * agree: the zone data never changes an offset twice within an hour, so such an hour has no transition in it;
 * an hour with a transition (DST starts or ends) is always computed through Intl.
 */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The cached arithmetic covers 1900–2199 (proleptic Gregorian, as Intl is there); outside it, Intl only. */
const FAST_FROM = Date.UTC(1900, 0, 1);
const FAST_TO = Date.UTC(2200, 0, 1);
const MAX_CACHED_HOURS = 4096;

/**
 * Per zone, built once: its formatter, UTC hour → the offset throughout that hour (NaN: the offset changes
 * within it), and the last hour asked for (one decision asks for the same zone and hour several times).
 */
interface ZoneClock {
  formatter: Intl.DateTimeFormat;
  hours: Map<number, number>;
  lastHour: number;
  lastOffset: number;
}

const clocks = new Map<string, ZoneClock | null>();

function clockOf(zone: string): ZoneClock | null {
  const known = clocks.get(zone);
  if (known !== undefined) return known;
  let clock: ZoneClock | null = null;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    clock = { formatter, hours: new Map(), lastHour: NaN, lastOffset: NaN };
  } catch {
    clock = null; // RangeError: not a zone ICU knows
  }
  if (clocks.size > 1000) clocks.clear(); // bounded: zones come from data
  clocks.set(zone, clock);
  return clock;
}

export function isValidTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && clockOf(zone) !== null;
}

interface WallParts extends LocalParts {
  second: number;
}

function intlParts(formatter: Intl.DateTimeFormat, instant: number): WallParts | null {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter.formatToParts(instant))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year, month, day, hour, minute, second } = parts;
  if (year === undefined || month === undefined || day === undefined || hour === undefined) return null;
  return { year, month, day, hour, minute: minute ?? 0, second: second ?? 0 };
}

/** The zone's offset from UTC at this whole second (ms), as Intl's wall clock says. */
function offsetAt(formatter: Intl.DateTimeFormat, second: number): number | null {
  const p = intlParts(formatter, second);
  if (!p) return null;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - second;
}

/** The offset throughout the UTC hour of `instant`, or NaN when it changes within that hour. */
function hourOffset(clock: ZoneClock, instant: number): number {
  const hour = Math.floor(instant / HOUR);
  if (clock.lastHour === hour) return clock.lastOffset;
  let offset = clock.hours.get(hour);
  if (offset === undefined) {
    const first = offsetAt(clock.formatter, hour * HOUR);
    const last = offsetAt(clock.formatter, hour * HOUR + HOUR - 1000);
    offset = first !== null && first === last ? first : NaN;
    if (clock.hours.size >= MAX_CACHED_HOURS) clock.hours.clear();
    clock.hours.set(hour, offset);
  }
  clock.lastHour = hour;
  clock.lastOffset = offset;
  return offset;
}

/**
 * The wall clock at `wall` (an instant shifted by the zone's offset), proleptic Gregorian (H. Hinnant's
 * civil_from_days). Builds its one result object with every field at once: an object spread here (`{...ymd,
 * hour, minute}`) made V8 build a slow object each call — 8 µs and most of the gate's garbage.
 */
function wallParts(wall: number): LocalParts {
  const days = Math.floor(wall / DAY);
  const ofDay = wall - days * DAY;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1,
    hour: Math.floor(ofDay / HOUR),
    minute: Math.floor((ofDay % HOUR) / MINUTE),
  };
}

/** The wall-clock parts at `instant` in `zone`, or null when the zone is unknown. */
export function localParts(instant: number, zone: string): LocalParts | null {
  const clock = clockOf(zone);
  if (!clock || !Number.isFinite(instant)) return null;
  const offset = instant >= FAST_FROM && instant < FAST_TO ? hourOffset(clock, instant) : NaN;
  return Number.isNaN(offset) ? byIntl(clock, instant) : wallParts(instant + offset);
}

/** The same answer straight from Intl, every time: what `localParts` is tested against, and its fallback. */
export function localPartsByIntl(instant: number, zone: string): LocalParts | null {
  const clock = clockOf(zone);
  return clock && Number.isFinite(instant) ? byIntl(clock, instant) : null;
}

function byIntl(clock: ZoneClock, instant: number): LocalParts | null {
  const parts = intlParts(clock.formatter, instant);
  return (
    parts && { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute }
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

const localDay = (p: LocalParts) => `${p.year}-${pad(p.month)}-${pad(p.day)}`;
export const localStamp = (p: LocalParts) => `${localDay(p)}T${pad(p.hour)}:${pad(p.minute)}`;
