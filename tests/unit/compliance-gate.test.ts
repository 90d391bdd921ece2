import { describe, expect, it } from 'vitest';
import { windowProblem } from '../../cti-bridge/src/domain/compliance/calling-window';
import type {
  CampaignFacts,
  ComplianceFacts,
  DialIntent,
} from '../../cti-bridge/src/domain/compliance/compliance-types';
import { decide } from '../../cti-bridge/src/domain/compliance/gate';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

const campaign = (over: Partial<CampaignFacts> = {}): CampaignFacts => ({
  id: 7,
  state: 'running',
  mode: 'progressive',
  rules: 'US',
  window: { from: '08:00', to: '21:00' },
  maxAttempts: 5,
  maxAttemptsPerDay: 3,
  retryDelaysSec: { busy: 600, 'no-answer': 3600 },
  ...over,
});

const facts = (over: Partial<ComplianceFacts> = {}): ComplianceFacts => ({
  e164: '+12125550123',
  timeZones: ['America/New_York'],
  dnc: { global: null, campaign: null, registry: null },
  campaign: campaign(),
  campaignMissing: false,
  lead: { id: 1, attempts: 0, attemptTimes: [], lastOutcome: null, lastOutcomeAt: null },
  leadMissing: false,
  lastAbandonedAt: null,
  abandonBudget: null,
  ...over,
});

const intent = (over: Partial<DialIntent> = {}): DialIntent => ({
  path: 'campaign',
  number: '+12125550123',
  agentId: 3,
  campaignId: 7,
  leadId: 1,
  agentReserved: true,
  ...over,
});

const codesOf = (f: ComplianceFacts, now: number, i: DialIntent = intent()) =>
  decide(i, f, now).reasons.map((r) => r.code);

describe('calling window in the callee local time (08:00–21:00, US rules), DST-correct', () => {
  it.each([
    // zone, instant (UTC), local time, allowed
    ['Asia/Shanghai', '2026-07-15T00:00:00Z', '08:00', true],
    ['Asia/Shanghai', '2026-07-15T13:00:00Z', '21:00', false],
    ['America/New_York', '2026-07-15T12:00:00Z', '08:00 EDT', true],
    ['America/New_York', '2026-07-15T11:59:00Z', '07:59 EDT', false],
    ['America/New_York', '2026-07-16T01:00:00Z', '21:00 EDT', false],
    ['America/New_York', '2026-07-16T00:59:00Z', '20:59 EDT', true],
    ['America/Chicago', '2026-07-15T12:00:00Z', '07:00 CDT', false],
    ['America/Chicago', '2026-07-15T13:00:00Z', '08:00 CDT', true],
    ['America/Denver', '2026-01-15T15:00:00Z', '08:00 MST', true],
    ['America/Denver', '2026-01-15T14:59:00Z', '07:59 MST', false],
    ['America/Los_Angeles', '2026-07-16T03:59:00Z', '20:59 PDT', true],
    ['America/Los_Angeles', '2026-07-16T04:00:00Z', '21:00 PDT', false],
    ['America/Anchorage', '2026-01-15T17:00:00Z', '08:00 AKST', true],
    ['America/Anchorage', '2026-07-15T15:59:00Z', '07:59 AKDT', false],
    ['Pacific/Honolulu', '2026-01-15T18:00:00Z', '08:00 HST', true],
    ['Pacific/Honolulu', '2026-07-15T17:59:00Z', '07:59 HST (no DST)', false],
    ['Europe/London', '2026-01-15T08:00:00Z', '08:00 GMT', true],
    ['Europe/London', '2026-07-15T20:00:00Z', '21:00 BST', false],
    // US spring forward (8 Mar 2026): the same UTC hour is 07:30 EST the day before, 08:30 EDT that day
    ['America/New_York', '2026-03-07T12:30:00Z', '07:30 EST', false],
    ['America/New_York', '2026-03-08T12:30:00Z', '08:30 EDT', true],
    // US fall back (1 Nov 2026)
    ['America/New_York', '2026-10-31T12:30:00Z', '08:30 EDT', true],
    ['America/New_York', '2026-11-01T12:30:00Z', '07:30 EST', false],
    ['America/Chicago', '2026-11-02T01:30:00Z', '19:30 CST', true],
    // UK clocks go forward 29 Mar, back 25 Oct 2026
    ['Europe/London', '2026-03-28T07:30:00Z', '07:30 GMT', false],
    ['Europe/London', '2026-03-29T07:30:00Z', '08:30 BST', true],
    ['Europe/London', '2026-10-24T07:30:00Z', '08:30 BST', true],
    ['Europe/London', '2026-10-25T07:30:00Z', '07:30 GMT', false],
  ])('%s at %s (%s) → allowed %s', (zone, instant, _local, allowed) => {
    const decision = decide(intent(), facts({ timeZones: [zone] }), at(instant));
    expect(decision.allowed).toBe(allowed);
    if (!allowed) expect(decision.reasons.map((r) => r.code)).toEqual(['OUTSIDE_CALLING_WINDOW']);
  });

  it.each([
    ['2026-07-15T14:30:00Z', false], // 08:30 in Boise, 07:30 in Los Angeles
    ['2026-07-15T15:30:00Z', true], // 09:30 and 08:30
    ['2026-07-16T03:30:00Z', false], // 20:30 in Los Angeles, 21:30 in Boise
  ])('an area spanning two zones is callable only when both allow it (%s → %s)', (instant, allowed) => {
    const f = facts({ timeZones: ['America/Boise', 'America/Los_Angeles'] });
    expect(decide(intent(), f, at(instant)).allowed).toBe(allowed);
  });

  it('UK rules hold the legal window even if a stored campaign window is wider', () => {
    const wide = facts({
      timeZones: ['Europe/London'],
      campaign: campaign({ rules: 'UK', window: { from: '07:00', to: '22:00' } }),
    });
    expect(codesOf(wide, at('2026-01-15T07:30:00Z'))).toEqual(['OUTSIDE_CALLING_WINDOW']);
    const none = facts({
      timeZones: ['Europe/London'],
      campaign: campaign({ rules: 'none', window: { from: '07:00', to: '22:00' } }),
    });
    expect(codesOf(none, at('2026-01-15T07:30:00Z'))).toEqual([]);
  });

  it('a window across midnight works with no rule set', () => {
    const night = facts({
      timeZones: ['Asia/Shanghai'],
      campaign: campaign({ rules: 'none', window: { from: '22:00', to: '02:00' } }),
    });
    expect(codesOf(night, at('2026-07-15T15:00:00Z'))).toEqual([]); // 23:00
    expect(codesOf(night, at('2026-07-15T19:00:00Z'))).toEqual(['OUTSIDE_CALLING_WINDOW']); // 03:00
  });

  it.each([[[]], [['Mars/Olympus_Mons']]])('an unknown zone (%j) blocks: fail closed', (zones) => {
    expect(codesOf(facts({ timeZones: zones }), at('2026-07-15T16:00:00Z'))).toEqual(['TIME_ZONE_UNKNOWN']);
  });

  it('tells the local time in every zone', () => {
    const decision = decide(
      intent(),
      facts({ timeZones: ['America/Boise', 'America/Los_Angeles'] }),
      at('2026-07-15T15:30:00Z'),
    );
    expect(decision.zones).toEqual([
      { zone: 'America/Boise', local: '2026-07-15T09:30' },
      { zone: 'America/Los_Angeles', local: '2026-07-15T08:30' },
    ]);
  });
});

describe('a window wider than the law is refused', () => {
  it.each([
    [{ from: '08:00', to: '21:00' }, 'US', null],
    [{ from: '09:00', to: '17:30' }, 'UK', null],
    [{ from: '07:59', to: '21:00' }, 'US', 'too-wide'],
    [{ from: '08:00', to: '21:01' }, 'UK', 'too-wide'],
    [{ from: '20:00', to: '02:00' }, 'US', 'too-wide'],
    [{ from: '06:00', to: '23:00' }, 'none', null],
    [{ from: '20:00', to: '02:00' }, 'none', null],
    [{ from: '08:00', to: '08:00' }, 'none', 'invalid'],
    [{ from: '8:00', to: '20:00' }, 'US', 'invalid'],
  ] as const)('%j under %s → %s', (window, rules, problem) => {
    expect(windowProblem(window, rules)).toBe(problem);
  });
});

describe('attempts and retry delays', () => {
  const noon = at('2026-07-15T19:00:00Z'); // 12:00 in Los Angeles
  const la = { timeZones: ['America/Los_Angeles'] };
  const lead = (over: Partial<NonNullable<ComplianceFacts['lead']>>) =>
    facts({
      ...la,
      lead: { id: 1, attempts: 0, attemptTimes: [], lastOutcome: null, lastOutcomeAt: null, ...over },
    });

  it.each([
    ['below the maximum', lead({ attempts: 4 }), []],
    ['at the maximum', lead({ attempts: 5 }), ['MAX_ATTEMPTS']],
    [
      "three today (callee's day)",
      lead({ attempts: 3, attemptTimes: [noon - 3 * HOUR, noon - 2 * HOUR, noon - HOUR] }),
      ['MAX_ATTEMPTS_TODAY'],
    ],
    [
      'three on the same UTC day but two were yesterday in Los Angeles',
      lead({
        attempts: 3,
        attemptTimes: [at('2026-07-15T06:00:00Z'), at('2026-07-15T06:30:00Z'), noon - HOUR],
      }),
      [],
    ],
    [
      'busy 5 minutes ago (retry 10 min)',
      lead({ attempts: 1, lastOutcome: 'busy', lastOutcomeAt: noon - 5 * 60_000 }),
      ['RETRY_TOO_SOON'],
    ],
    [
      'busy 11 minutes ago',
      lead({ attempts: 1, lastOutcome: 'busy', lastOutcomeAt: noon - 11 * 60_000 }),
      [],
    ],
    [
      'no answer 30 minutes ago (retry 1 h)',
      lead({ attempts: 1, lastOutcome: 'no-answer', lastOutcomeAt: noon - 30 * 60_000 }),
      ['RETRY_TOO_SOON'],
    ],
    [
      'machine 1 minute ago (no delay set)',
      lead({ attempts: 1, lastOutcome: 'machine', lastOutcomeAt: noon - 60_000 }),
      [],
    ],
  ])('%s → %j', (_label, f, codes) => {
    expect(codesOf(f, noon)).toEqual(codes);
  });

  it('a callback at the time the callee asked for is not held by the retry delay', () => {
    const f = lead({ attempts: 1, lastOutcome: 'no-answer', lastOutcomeAt: noon - 60_000 });
    expect(codesOf(f, noon, intent({ path: 'callback' }))).toEqual([]);
  });
});

describe('DNC scopes, campaign state, the UK 72-hour rule, the abandon budget', () => {
  const now = at('2026-07-15T16:00:00Z'); // 12:00 New York, 17:00 London
  const listed = { reason: 'asked' };

  it.each([
    ['global', { global: listed, campaign: null, registry: null }, ['DNC_GLOBAL']],
    ['campaign', { global: null, campaign: listed, registry: null }, ['DNC_CAMPAIGN']],
    ['registry', { global: null, campaign: null, registry: { reason: 'us-national' } }, ['DNC_REGISTRY']],
    [
      'all three',
      { global: listed, campaign: listed, registry: listed },
      ['DNC_GLOBAL', 'DNC_CAMPAIGN', 'DNC_REGISTRY'],
    ],
  ])('%s list → %j', (_label, dnc, codes) => {
    expect(codesOf(facts({ dnc }), now)).toEqual(codes);
  });

  it.each([
    ['paused', facts({ campaign: campaign({ state: 'paused' }) }), ['CAMPAIGN_NOT_RUNNING']],
    ['draft', facts({ campaign: campaign({ state: 'draft' }) }), ['CAMPAIGN_NOT_RUNNING']],
    ['missing', facts({ campaign: null, campaignMissing: true, lead: null }), ['CAMPAIGN_NOT_FOUND']],
    ['lead not in it', facts({ lead: null, leadMissing: true }), ['LEAD_NOT_FOUND']],
  ])('campaign %s → %j', (_label, f, codes) => {
    expect(codesOf(f, now)).toEqual(codes);
  });

  const uk = (abandonedAgo: number) =>
    facts({
      e164: '+447700900123',
      timeZones: ['Europe/London'],
      campaign: campaign({ rules: 'UK', mode: 'predictive' }),
      lastAbandonedAt: now - abandonedAgo,
    });
  it.each([
    ['71 h ago, no agent reserved', uk(71 * HOUR), false, ['UK_ABANDONED_72H']],
    ['71 h ago, an agent reserved', uk(71 * HOUR), true, []],
    ['73 h ago', uk(73 * HOUR), false, []],
  ])('UK: abandoned %s → %j', (_label, f, agentReserved, codes) => {
    expect(codesOf(f, now, intent({ agentReserved }))).toEqual(codes);
  });

  it('the 72-hour rule is UK only', () => {
    const us = facts({ lastAbandonedAt: now - HOUR });
    expect(codesOf(us, now, intent({ agentReserved: false }))).toEqual([]);
  });

  it('a predictive dial without an agent waits while the abandon budget is used up', () => {
    const f = facts({
      campaign: campaign({ mode: 'predictive' }),
      abandonBudget: { abandoned: 4, liveAnswered: 100, target: 0.03 },
    });
    expect(codesOf(f, now, intent({ agentReserved: false }))).toEqual(['ABANDON_BUDGET_EXHAUSTED']);
    expect(codesOf(f, now, intent({ agentReserved: true }))).toEqual([]);
    const within = facts({ abandonBudget: { abandoned: 2, liveAnswered: 100, target: 0.03 } });
    expect(codesOf(within, now, intent({ agentReserved: false }))).toEqual([]);
  });

  it('lists every reason that applies, not just the first', () => {
    const f = facts({
      dnc: { global: listed, campaign: null, registry: listed },
      campaign: campaign({ state: 'paused' }),
      timeZones: ['America/Los_Angeles'],
      lead: { id: 1, attempts: 5, attemptTimes: [], lastOutcome: 'busy', lastOutcomeAt: now - 60_000 },
    });
    expect(codesOf(f, at('2026-07-15T14:00:00Z'))).toEqual([
      'DNC_GLOBAL',
      'DNC_REGISTRY',
      'CAMPAIGN_NOT_RUNNING',
      'OUTSIDE_CALLING_WINDOW',
      'MAX_ATTEMPTS',
      'RETRY_TOO_SOON',
    ]);
  });

  it('an invalid number is blocked; a manual dial without a campaign only checks the lists', () => {
    expect(codesOf(facts({ e164: null }), now)).toEqual(['INVALID_NUMBER']);
    const manual = facts({ campaign: null, lead: null, timeZones: [] });
    expect(
      codesOf(manual, at('2026-07-15T06:00:00Z'), intent({ path: 'manual', campaignId: null, leadId: null })),
    ).toEqual([]);
  });

  it('never throws: facts that blow up give GATE_ERROR (fail closed)', () => {
    const broken = facts();
    Object.defineProperty(broken, 'dnc', {
      get: () => {
        throw new Error('boom');
      },
    });
    const decision = decide(intent(), broken, now);
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.map((r) => r.code)).toEqual(['GATE_ERROR']);
    expect(() => decide(intent(), null as unknown as ComplianceFacts, now)).not.toThrow();
    expect(decide(intent(), null as unknown as ComplianceFacts, now).allowed).toBe(false);
  });
});
