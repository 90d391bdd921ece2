import { describe, expect, it } from 'vitest';
import {
  progressiveStrategy,
  previewStrategy,
  strategyFor,
} from '../../cti-bridge/src/domain/outbound/launch-strategy';
import {
  selectNextLead,
  type LeadCandidate,
  type SelectionContext,
} from '../../cti-bridge/src/domain/outbound/lead-selection';
import { isInWindow, localTimeText } from '../../cti-bridge/src/domain/outbound/local-time';
import { recycleLead, skipLead } from '../../cti-bridge/src/domain/outbound/recycling';
import { renderScript, scriptText } from '../../cti-bridge/src/domain/outbound/script';

// Tuesday 2026-01-06 15:00 UTC = 10:00 in New York, 07:00 in Los Angeles, 23:00 in Shanghai
const NOW = Date.UTC(2026, 0, 6, 15, 0, 0);
const MIN = 60_000;
const NY = 'America/New_York';

function lead(id: number, patch: Partial<LeadCandidate> = {}): LeadCandidate {
  return {
    id,
    status: 'new',
    priority: 0,
    attempts: 0,
    nextAttemptAt: null,
    timeZones: [NY],
    callbackOwnerId: null,
    createdAt: NOW - 86_400_000 + id,
    ...patch,
  };
}

const ctx: SelectionContext = {
  now: NOW,
  agentId: 1,
  window: { from: '08:00', to: '21:00' },
  maxAttempts: 3,
  reserved: new Set(),
};

describe('selectNextLead', () => {
  it.each([
    { name: 'the older of two equal leads', leads: [lead(2), lead(1)], picked: 1 },
    { name: 'higher priority first', leads: [lead(1), lead(2, { priority: 5 })], picked: 2 },
    {
      name: 'a due callback before a higher priority',
      leads: [lead(1, { priority: 9 }), lead(2, { status: 'callback', nextAttemptAt: NOW - MIN })],
      picked: 2,
    },
    {
      name: 'my own callback before anyone’s',
      leads: [
        lead(1, { status: 'callback', nextAttemptAt: NOW - 10 * MIN }),
        lead(2, { status: 'callback', nextAttemptAt: NOW - MIN, callbackOwnerId: 1 }),
      ],
      picked: 2,
    },
    {
      name: 'not a colleague’s personal callback',
      leads: [lead(1, { status: 'callback', nextAttemptAt: NOW - MIN, callbackOwnerId: 2 }), lead(3)],
      picked: 3,
    },
    {
      name: 'not a callback before its time',
      leads: [lead(1, { status: 'callback', nextAttemptAt: NOW + MIN }), lead(2)],
      picked: 2,
    },
    {
      name: 'not before its retry time',
      leads: [lead(1, { status: 'retry', nextAttemptAt: NOW + MIN }), lead(2)],
      picked: 2,
    },
    {
      name: 'a retry that is due',
      leads: [lead(1, { status: 'retry', nextAttemptAt: NOW - MIN })],
      picked: 1,
    },
    {
      name: 'not outside its window (07:00 in Los Angeles)',
      leads: [lead(1, { timeZones: ['America/Los_Angeles'] }), lead(2)],
      picked: 2,
    },
    {
      name: 'not when one of the zones of its area is outside',
      leads: [
        lead(1, { timeZones: [NY, 'America/Los_Angeles'] }),
        lead(2, { timeZones: ['America/Chicago'] }),
      ],
      picked: 2,
    },
    { name: 'not a lead held for another agent', leads: [lead(1), lead(2)], picked: 2, reserved: [1] },
    { name: 'not a done lead', leads: [lead(1, { status: 'done' }), lead(2)], picked: 2 },
    {
      name: 'not one out of attempts',
      leads: [lead(1, { attempts: 3, status: 'retry' }), lead(2)],
      picked: 2,
    },
  ])('picks $name', ({ leads, picked, reserved }) => {
    const selection = selectNextLead(leads, { ...ctx, reserved: new Set(reserved ?? []) });
    expect(selection.kind === 'lead' ? selection.lead.id : null).toBe(picked);
  });

  it.each([
    { name: 'no leads', leads: [], reason: 'no-leads' },
    { name: 'all done', leads: [lead(1, { status: 'exhausted' })], reason: 'no-leads' },
    {
      name: 'waiting for a retry',
      leads: [lead(1, { status: 'retry', nextAttemptAt: NOW + 5 * MIN })],
      reason: 'waiting-retry',
      nextAt: NOW + 5 * MIN,
    },
    {
      name: 'outside the window',
      leads: [lead(1, { timeZones: ['Asia/Shanghai'] })],
      reason: 'outside-window',
    },
  ])('says why none: $name', ({ leads, reason, nextAt }) => {
    const selection = selectNextLead(leads, ctx);
    expect(selection).toMatchObject({ kind: 'none', reason, ...(nextAt ? { nextAt } : {}) });
  });
});

describe('calling window in the callee’s zone', () => {
  it.each([
    { zone: NY, at: NOW, inside: true, local: '10:00' },
    { zone: 'America/Los_Angeles', at: NOW, inside: false, local: '07:00' },
    { zone: 'Asia/Shanghai', at: NOW, inside: false, local: '23:00' },
    { zone: 'Europe/London', at: NOW, inside: true, local: '15:00' },
    // 2026-03-08 is the US spring-forward day: 12:59 UTC is 08:59 EDT (07:59 under EST)
    { zone: NY, at: Date.UTC(2026, 2, 8, 12, 59), inside: true, local: '08:59' },
    { zone: NY, at: Date.UTC(2026, 2, 7, 12, 59), inside: false, local: '07:59' },
    { zone: 'Not/AZone', at: NOW, inside: false, local: null },
  ])('$zone at $local', ({ zone, at, inside, local }) => {
    expect(isInWindow(zone, { from: '08:00', to: '21:00' }, at)).toBe(inside);
    expect(localTimeText(zone, at)).toBe(local);
  });
});

describe('recycleLead', () => {
  const rules = { maxAttempts: 3, retryDelaysSec: { busy: 600 } };
  it.each([
    { outcome: 'busy', attempts: 1, status: 'retry', next: NOW + 600_000 },
    { outcome: 'no-answer', attempts: 1, status: 'retry', next: NOW + 4 * 3600_000 },
    { outcome: 'machine', attempts: 2, status: 'retry', next: NOW + 4 * 3600_000 },
    { outcome: 'no-answer', attempts: 3, status: 'exhausted', next: null },
    { outcome: 'blocked', attempts: 1, status: 'blocked', next: null },
    { outcome: 'abandoned', attempts: 1, status: 'retry', next: NOW + 72 * 3600_000 },
  ] as const)('$outcome after attempt $attempts → $status', ({ outcome, attempts, status, next }) => {
    expect(recycleLead(outcome, attempts, rules, NOW)).toMatchObject({ status, nextAttemptAt: next });
  });

  it.each([
    {
      name: 'a final disposition closes it',
      d: { final: true, addsToDnc: false, callback: null },
      status: 'done',
    },
    { name: 'do-not-call blocks it', d: { final: true, addsToDnc: true, callback: null }, status: 'blocked' },
    {
      name: 'a callback schedules it for its owner',
      d: { final: false, addsToDnc: false, callback: { at: NOW + 3600_000, ownerId: 4 } },
      status: 'callback',
      next: NOW + 3600_000,
      owner: 4,
    },
    {
      name: 'a non-final disposition retries',
      d: { final: false, addsToDnc: false, callback: null },
      status: 'retry',
      next: NOW + 24 * 3600_000,
    },
    {
      name: 'even on the last attempt, a callback',
      d: { final: false, addsToDnc: false, callback: { at: NOW, ownerId: null } },
      status: 'callback',
      attempts: 3,
    },
  ])('answered: $name', ({ d, status, next, owner, attempts }) => {
    const after = recycleLead('answered', attempts ?? 1, rules, NOW, d);
    expect(after.status).toBe(status);
    if (next !== undefined) expect(after.nextAttemptAt).toBe(next);
    if (owner !== undefined) expect(after.callbackOwnerId).toBe(owner);
  });

  it('a skip is not an attempt: the lead waits an hour, bad data closes it', () => {
    expect(skipLead('not-now', NOW)).toMatchObject({ status: 'retry', nextAttemptAt: NOW + 3600_000 });
    expect(skipLead('bad-data', NOW).status).toBe('done');
  });
});

describe('launch strategies', () => {
  it('preview launches nothing, progressive one call per idle agent while leads last', () => {
    expect(previewStrategy.callsToLaunch({ idleAgents: 3, callsRinging: 0, dialableLeads: 10 })).toBe(0);
    expect(progressiveStrategy.callsToLaunch({ idleAgents: 3, callsRinging: 1, dialableLeads: 10 })).toBe(3);
    expect(progressiveStrategy.callsToLaunch({ idleAgents: 3, callsRinging: 0, dialableLeads: 2 })).toBe(2);
    expect(strategyFor('predictive')).toBeNull();
  });
});

describe('renderScript', () => {
  it('fills fields case-insensitively and marks missing ones', () => {
    const parts = renderScript('Hello {first_name}, calling {Company} about {offer}.', {
      first_name: '伟',
      company: 'Acme',
    });
    expect(scriptText(parts)).toBe('Hello 伟, calling Acme about ….');
    expect(parts.filter((p) => 'field' in p && p.value === null)).toEqual([{ field: 'offer', value: null }]);
  });
});
