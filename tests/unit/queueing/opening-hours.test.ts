import { describe, expect, it } from 'vitest';
import { localTime, openState } from '../../../cti-bridge/src/domain/queueing/opening-hours';
import type { OpeningSpan } from '../../../cti-bridge/src/domain/queueing/queue-policy';

const weekdays = (from: string, to: string): OpeningSpan[] =>
  [1, 2, 3, 4, 5].map((day) => ({ day, from, to }));
const at = (iso: string) => Date.parse(iso);

describe('opening hours, read in the queue’s own zone', () => {
  it.each([
    {
      rule: 'New York, Monday 09:30 EDT (the day after DST began): open',
      zone: 'America/New_York',
      hours: weekdays('09:00', '17:00'),
      instant: '2026-03-09T13:30:00Z',
      expected: { open: true },
    },
    {
      rule: 'New York, the same UTC hour the Friday before is 08:30 EST: closed',
      zone: 'America/New_York',
      hours: weekdays('09:00', '17:00'),
      instant: '2026-03-06T13:30:00Z',
      expected: { open: false, why: 'closed' },
    },
    {
      rule: 'Shanghai, Monday 09:30 local is Sunday 01:30 UTC: open',
      zone: 'Asia/Shanghai',
      hours: weekdays('09:00', '18:00'),
      instant: '2026-03-09T01:30:00Z',
      expected: { open: true },
    },
    {
      rule: 'the closing minute is closed (to is exclusive)',
      zone: 'Asia/Shanghai',
      hours: weekdays('09:00', '18:00'),
      instant: '2026-03-09T10:00:00Z',
      expected: { open: false, why: 'closed' },
    },
    {
      rule: 'a holiday on the local date closes the day though the UTC date is the day before',
      zone: 'Asia/Shanghai',
      hours: null,
      holidays: ['2026-10-01'],
      instant: '2026-09-30T17:00:00Z',
      expected: { open: false, why: 'holiday' },
    },
    {
      rule: 'the same instant is not a holiday in New York (still 30 September there)',
      zone: 'America/New_York',
      hours: null,
      holidays: ['2026-10-01'],
      instant: '2026-09-30T17:00:00Z',
      expected: { open: true },
    },
    {
      rule: 'a night span (Friday 22:00 to 06:00) covers Saturday 05:00',
      zone: 'Europe/London',
      hours: [{ day: 5, from: '22:00', to: '06:00' }],
      instant: '2026-03-14T05:00:00Z',
      expected: { open: true },
    },
    {
      rule: 'null hours: open around the clock',
      zone: 'UTC',
      hours: null,
      instant: '2026-03-15T03:00:00Z',
      expected: { open: true },
    },
    {
      rule: 'an unknown zone is closed, never open by mistake',
      zone: 'Mars/Olympus',
      hours: null,
      instant: '2026-03-15T03:00:00Z',
      expected: { open: false, why: 'unknown-zone' },
    },
  ])('$rule', ({ zone, hours, holidays, instant, expected }) => {
    const policy = { timeZone: zone, openingHours: hours, holidays: new Set(holidays ?? []) };
    expect(openState(policy, at(instant))).toEqual(expected);
  });

  it('reads the local date, weekday and minute', () => {
    expect(localTime('Asia/Shanghai', at('2026-09-30T17:00:00Z'))).toEqual({
      date: '2026-10-01',
      weekday: 4,
      minutes: 60,
    });
  });
});
