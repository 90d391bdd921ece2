import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OriginateProgress, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { defaultOutboundProfile, planSimCall } from '../../cti-bridge/src/pbx/sim/sim-outbound';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';

const START = Date.UTC(2026, 0, 6, 15, 0, 0);

/** mulberry32: a tiny seeded PRNG so a whole campaign run is reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Seen {
  dialledAt: number;
  ringingAt: number | null;
  outcome: OriginateProgress | null;
  outcomeAt: number | null;
}

function events(seen: Map<string, Seen>, hungUp: string[]): PbxEvents {
  const none = () => undefined;
  return {
    inboundCall: none,
    transferredCall: none,
    callInProgress: none,
    phoneBusy: none,
    phoneFree: none,
    agentHungUp: none,
    answered: none,
    ringFailed: none,
    dialRequested: () => ({ allowed: false, code: 'TEST', reason: 'test' }),
    callerHungUp: (callId) => hungUp.push(callId),
    outboundProgress: (callId, progress, at) => {
      const call = seen.get(callId);
      if (!call) throw new Error(`progress for an unknown call ${callId}`);
      if (progress === 'ringing') {
        if (call.ringingAt !== null) throw new Error(`${callId} rang twice`);
        call.ringingAt = at;
        return;
      }
      if (call.outcome !== null) throw new Error(`${callId} got a second outcome`);
      call.outcome = progress;
      call.outcomeAt = at;
    },
  };
}

/** Places `count` calls for one campaign, plays them out on the fake clock and returns what each did. */
async function campaignRun(
  count: number,
  options: { seed: number; ringTimeoutMs?: number; profile?: Parameters<SimPbx['setOutboundProfile']>[1] },
) {
  const pbx = new SimPbx({ random: seeded(options.seed) });
  const seen = new Map<string, Seen>();
  const hungUp: string[] = [];
  await pbx.start(events(seen, hungUp));
  if (options.profile) pbx.setOutboundProfile(7, options.profile);
  for (let i = 0; i < count; i += 1) {
    const callId = `attempt-${i}`;
    seen.set(callId, { dialledAt: Date.now(), ringingAt: null, outcome: null, outcomeAt: null });
    const placed = pbx.originate({
      callId,
      campaignId: 7,
      leadId: i,
      attemptId: i,
      to: '+12125550100',
      callerId: '+18005550100',
      ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
      agentId: 1,
    });
    expect(placed).toBe(true);
  }
  vi.advanceTimersByTime(120_000);
  const calls = [...seen.values()];
  const rate = (outcome: OriginateProgress) => calls.filter((c) => c.outcome === outcome).length / count;
  return { pbx, calls, rate, hungUp };
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SimPbx originate', () => {
  it('says what it can do', () => {
    expect(new SimPbx().capabilities()).toMatchObject({
      originate: true,
      machineDetection: true,
      hangupConnected: true,
    });
  });

  it('gives every call exactly one outcome, at the rates of the default profile', async () => {
    const { calls, rate, pbx } = await campaignRun(1000, { seed: 1 });
    expect(calls.every((c) => c.outcome !== null)).toBe(true);
    const p = defaultOutboundProfile;
    const reached = 1 - p.failRate - p.busyRate;
    // the default pick-up window (3-24 s) fits in a 30 s ring limit: every pick-up is a pick-up
    const expected = {
      failed: p.failRate,
      busy: p.busyRate,
      answered: reached * p.answerRate * (1 - p.machineShare),
      machine: reached * p.answerRate * p.machineShare,
      'no-answer': reached * (1 - p.answerRate),
    };
    for (const [outcome, share] of Object.entries(expected))
      expect(rate(outcome as OriginateProgress), outcome).toBeCloseTo(share, 1);
    await pbx.stop();
  });

  it('rings before a pick-up; busy and failed calls never ring; a no-answer comes at the ring limit', async () => {
    const { calls, pbx } = await campaignRun(600, { seed: 2, ringTimeoutMs: 20_000 });
    for (const call of calls) {
      if (call.outcome === 'busy' || call.outcome === 'failed') expect(call.ringingAt).toBeNull();
      else expect(call.ringingAt).not.toBeNull();
      if (call.outcome === 'no-answer') expect((call.outcomeAt ?? 0) - (call.ringingAt ?? 0)).toBe(20_000);
    }
    // ring time before a live answer: within the profile's window, on average near its middle
    const rings = calls
      .filter((c) => c.outcome === 'answered')
      .map((c) => (c.outcomeAt ?? 0) - (c.ringingAt ?? 0));
    expect(Math.min(...rings)).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...rings)).toBeLessThan(20_000);
    const mean = rings.reduce((a, b) => a + b, 0) / rings.length;
    expect(mean / 11_500).toBeGreaterThan(0.9);
    expect(mean / 11_500).toBeLessThan(1.1);
    await pbx.stop();
  });

  it('a shorter ring limit turns late pick-ups into no-answers', async () => {
    const long = await campaignRun(800, { seed: 3, ringTimeoutMs: 30_000 });
    const short = await campaignRun(800, { seed: 3, ringTimeoutMs: 15_000 });
    const pickedUp = (r: typeof long) => r.rate('answered') + r.rate('machine');
    // 15 s cuts the 3-24 s pick-up window to (15-3)/(24-3) of itself
    expect(pickedUp(short) / pickedUp(long)).toBeCloseTo(12 / 21, 1);
    await long.pbx.stop();
    await short.pbx.stop();
  });

  it('answers per campaign: a warm list answers more than a cold one', async () => {
    const warm = await campaignRun(800, { seed: 4, profile: { answerRate: 0.9, machineShare: 0 } });
    const cold = await campaignRun(800, { seed: 4, profile: { answerRate: 0.2, machineShare: 0 } });
    expect(warm.rate('answered') / cold.rate('answered')).toBeCloseTo(4.5, 0);
    await warm.pbx.stop();
    await cold.pbx.stop();
  });

  it('is reproducible for a seed', async () => {
    const a = await campaignRun(300, { seed: 9 });
    const b = await campaignRun(300, { seed: 9 });
    const course = (r: typeof a) => r.calls.map((c) => `${c.outcome}@${(c.outcomeAt ?? 0) - c.dialledAt}`);
    expect(course(a)).toEqual(course(b));
    await a.pbx.stop();
    await b.pbx.stop();
  });

  it('a customer with a talk time hangs up by themselves; a hang-up from the bridge silences the call', async () => {
    const { hungUp, calls, pbx } = await campaignRun(200, {
      seed: 5,
      profile: { talkMs: [10_000, 20_000] },
    });
    const answered = calls.filter((c) => c.outcome === 'answered').length;
    expect(hungUp.length).toBe(answered);
    pbx.originate({
      callId: 'x',
      campaignId: 1,
      leadId: 1,
      attemptId: 1,
      to: '+1',
      callerId: '+1',
      ringTimeoutMs: 30_000,
      agentId: null,
    });
    pbx.hangup('x');
    vi.advanceTimersByTime(60_000);
    expect(hungUp.length).toBe(answered);
    await pbx.stop();
  });
});

describe('planSimCall', () => {
  it.each([
    { roll: [0.5, 0.01], outcome: 'failed' },
    { roll: [0.5, 0.05], outcome: 'busy' },
    { roll: [0.5, 0.5, 0.99], outcome: 'no-answer' },
    { roll: [0.5, 0.5, 0.1, 0.5, 0.9], outcome: 'answered' },
    { roll: [0.5, 0.5, 0.1, 0.5, 0.1], outcome: 'machine' },
  ])('$outcome', ({ roll, outcome }) => {
    const values = [...roll];
    const plan = planSimCall(defaultOutboundProfile, 30_000, () => values.shift() ?? 0);
    expect(plan.outcome).toBe(outcome);
  });
});
