import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localParts, localPartsByIntl } from '../../cti-bridge/src/domain/compliance/local-time';

/** Zones with DST both ways, half and quarter hours, a 30-minute DST (Lord Howe) and a skipped day (Apia). */
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Adak',
  'Pacific/Honolulu',
  'America/St_Johns',
  'Europe/London',
  'Europe/Dublin',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'UTC',
];

const NO_DST = [
  'America/Phoenix',
  'Pacific/Honolulu',
  'Asia/Shanghai',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'UTC',
];

const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2199, 11, 31);

describe('local time from the cached hourly offset', () => {
  it('equals Intl for any instant from 1900 to 2199 in zones with DST, odd offsets and skipped days', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (instant, zone) => {
        expect(localParts(instant, zone)).toEqual(localPartsByIntl(instant, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it.each(ZONES)('equals Intl minute by minute around every offset change of 2025–2027 in %s', (zone) => {
    // find the changes by sampling hourly, then check each minute (and the seconds either side) around them
    const start = Date.UTC(2025, 0, 1);
    const end = Date.UTC(2028, 0, 1);
    let checked = 0;
    let previous = offsetOf(start, zone);
    for (let hour = start; hour < end; hour += 3_600_000) {
      const offset = offsetOf(hour, zone);
      if (offset === previous) continue;
      previous = offset;
      for (let at = hour - 3_600_000; at <= hour + 3_600_000; at += 60_000)
        for (const instant of [at - 1, at, at + 999, at + 59_999]) {
          expect(localParts(instant, zone), new Date(instant).toISOString()).toEqual(
            localPartsByIntl(instant, zone),
          );
          checked++;
        }
    }
    expect(checked > 0).toBe(!NO_DST.includes(zone));
  });

  it('knows the same instant in New York across both 2026 DST changes', () => {
    expect(localParts(Date.parse('2026-03-08T06:59:00Z'), 'America/New_York')).toMatchObject({
      day: 8,
      hour: 1,
      minute: 59,
    });
    expect(localParts(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({ hour: 3 });
    expect(localParts(Date.parse('2026-11-01T05:59:00Z'), 'America/New_York')).toMatchObject({ hour: 1 });
    expect(localParts(Date.parse('2026-11-01T06:00:00Z'), 'America/New_York')).toMatchObject({ hour: 1 });
    expect(localParts(Date.parse('2026-11-01T07:00:00Z'), 'America/New_York')).toMatchObject({ hour: 2 });
  });

  it('refuses unknown zones and non-finite instants', () => {
    expect(localParts(0, 'Mars/Olympus_Mons')).toBeNull();
    expect(localParts(Number.NaN, 'UTC')).toBeNull();
    expect(localParts(Date.UTC(1800, 0, 1), 'Europe/London')).toEqual(
      localPartsByIntl(Date.UTC(1800, 0, 1), 'Europe/London'),
    );
  });
});

function offsetOf(instant: number, zone: string): number {
  const p = localPartsByIntl(instant, zone);
  if (!p) throw new Error(zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(instant / 60_000) * 60_000;
}
