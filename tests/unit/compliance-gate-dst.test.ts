import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inWindow } from '../../cti-bridge/src/domain/compliance/calling-window';
import type {
  CampaignFacts,
  ComplianceFacts,
  DialIntent,
} from '../../cti-bridge/src/domain/compliance/compliance-types';
import { decide } from '../../cti-bridge/src/domain/compliance/gate';
import {
  localPartsByIntl,
  localStamp,
  type LocalParts,
} from '../../cti-bridge/src/domain/compliance/local-time';

/**
 * The gate reads local time from a per-zone, per-UTC-hour offset cache. These tests decide around each 2026 DST
 * change in the US and the UK and compare every decision with one computed straight from Intl (the uncached
 * path): the same window verdict, the same count of today's attempts, the same stamps recorded.
 */
const MINUTE = 60_000;
const HOUR = 3_600_000;

const CHANGES = [
  { name: 'US spring forward', at: Date.parse('2026-03-08T07:00:00Z'), zones: ['America/New_York'] },
  {
    name: 'US spring forward (Pacific)',
    at: Date.parse('2026-03-08T10:00:00Z'),
    zones: ['America/Los_Angeles'],
  },
  { name: 'US fall back', at: Date.parse('2026-11-01T06:00:00Z'), zones: ['America/New_York'] },
  { name: 'US fall back (Central)', at: Date.parse('2026-11-01T07:00:00Z'), zones: ['America/Chicago'] },
  { name: 'UK clocks forward', at: Date.parse('2026-03-29T01:00:00Z'), zones: ['Europe/London'] },
  { name: 'UK clocks back', at: Date.parse('2026-10-25T01:00:00Z'), zones: ['Europe/London'] },
] as const;

const campaign = (over: Partial<CampaignFacts>): CampaignFacts => ({
  id: 7,
  state: 'running',
  mode: 'progressive',
  rules: 'none',
  window: { from: '08:00', to: '21:00' },
  maxAttempts: 50,
  maxAttemptsPerDay: 2,
  retryDelaysSec: {},
  ...over,
});

const facts = (zones: readonly string[], c: CampaignFacts, attemptTimes: number[]): ComplianceFacts => ({
  e164: '+12125550123',
  timeZones: zones,
  dnc: { global: null, campaign: null, registry: null },
  campaign: c,
  campaignMissing: false,
  lead: { id: 1, attempts: attemptTimes.length, attemptTimes, lastOutcome: null, lastOutcomeAt: null },
  leadMissing: false,
  lastAbandonedAt: null,
  abandonBudget: null,
});

const intent: DialIntent = {
  path: 'campaign',
  number: '+12125550123',
  agentId: 3,
  campaignId: 7,
  leadId: 1,
  agentReserved: true,
};

const sameDay = (a: LocalParts, b: LocalParts) => a.year === b.year && a.month === b.month && a.day === b.day;

/** What the gate must answer, from Intl on every call: the window in each zone and today's attempts. */
function expected(f: ComplianceFacts, now: number) {
  const c = f.campaign as CampaignFacts;
  const local = f.timeZones.map((zone) => localPartsByIntl(now, zone) as LocalParts);
  const codes: string[] = [];
  if (!local.every((p) => inWindow(p.hour * 60 + p.minute, c.window, c.rules)))
    codes.push('OUTSIDE_CALLING_WINDOW');
  const zone = f.timeZones[0] as string;
  const today = local[0] as LocalParts;
  const attempts = f.lead?.attemptTimes ?? [];
  const todays = attempts.filter((t) => sameDay(localPartsByIntl(t, zone) as LocalParts, today)).length;
  if (todays >= c.maxAttemptsPerDay) codes.push('MAX_ATTEMPTS_TODAY');
  return {
    codes,
    zones: f.timeZones.map((z, i) => ({ zone: z, local: localStamp(local[i] as LocalParts) })),
  };
}

function actual(f: ComplianceFacts, now: number) {
  const decision = decide(intent, f, now);
  return { codes: decision.reasons.map((r) => r.code), zones: decision.zones };
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('gate decisions across the US and UK DST changes equal the uncached (Intl) path', () => {
  it.each(CHANGES)('$name: minute by minute from 3 h before to 3 h after', ({ at, zones }) => {
    // a window with its edges in the hours that repeat or vanish, and attempts on both sides of the change
    const c = campaign({ window: { from: '01:30', to: '02:30' }, maxAttemptsPerDay: 1 });
    for (let now = at - 3 * HOUR; now <= at + 3 * HOUR; now += MINUTE)
      for (const instant of [now - 1, now, now + 59_999]) {
        const f = facts(zones, c, [instant - 2 * HOUR - 17 * MINUTE]);
        expect(actual(f, instant), new Date(instant).toISOString()).toEqual(expected(f, instant));
      }
  });

  it.each(CHANGES)('$name: legal-window edges on the days either side (US rules)', ({ at, zones }) => {
    const c = campaign({ rules: 'US', window: { from: '08:00', to: '21:00' } });
    for (let now = at - 36 * HOUR; now <= at + 36 * HOUR; now += 15 * MINUTE) {
      const f = facts(zones, c, [now - 20 * HOUR, now - 9 * HOUR]);
      expect(actual(f, now), new Date(now).toISOString()).toEqual(expected(f, now));
    }
  });

  it('any instant within two days of a change, any window, any attempts: the same decision', () => {
    const change = fc.constantFrom(...CHANGES);
    fc.assert(
      fc.property(
        change,
        fc.integer({ min: -48 * HOUR, max: 48 * HOUR }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 1, max: 24 * 60 }),
        fc.array(fc.integer({ min: 0, max: 60 * HOUR }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        ({ at, zones }, shift, from, length, ago, perDay) => {
          const now = at + shift;
          const to = (from + length) % (24 * 60);
          if (to === from) return;
          const c = campaign({ window: { from: clock(from), to: clock(to) }, maxAttemptsPerDay: perDay });
          const f = facts(
            zones,
            c,
            ago.map((back) => now - back).sort((a, b) => a - b),
          );
          expect(actual(f, now)).toEqual(expected(f, now));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an area spanning two zones across the US change is decided in both, as Intl says', () => {
    const zones = ['America/Boise', 'America/Los_Angeles'];
    const c = campaign({ rules: 'US' });
    const at = Date.parse('2026-03-08T15:00:00Z');
    for (let now = at - 12 * HOUR; now <= at + 12 * HOUR; now += 5 * MINUTE) {
      const f = facts(zones, c, []);
      expect(actual(f, now), new Date(now).toISOString()).toEqual(expected(f, now));
    }
  });
});
