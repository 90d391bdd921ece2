import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeCallerId, type CountryCode } from '../../cti-bridge/src/domain/caller-id';
import type { CallInjector, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';
import { SimPbx } from '../../cti-bridge/src/pbx/sim/sim-pbx';
import { presentNumber, startSimTraffic } from '../../cti-bridge/src/pbx/sim/sim-traffic';

const START = Date.UTC(2025, 0, 6, 9, 0, 0);
const HOUR_MS = 3_600_000;
const CALLER = '+12125550123';
const SERVICE = '+18005550100';

function recorder() {
  return {
    inboundCall: vi.fn<PbxEvents['inboundCall']>(),
    transferredCall: vi.fn<PbxEvents['transferredCall']>(),
    callInProgress: vi.fn<PbxEvents['callInProgress']>(),
    phoneBusy: vi.fn<PbxEvents['phoneBusy']>(),
    phoneFree: vi.fn<PbxEvents['phoneFree']>(),
    callerHungUp: vi.fn<PbxEvents['callerHungUp']>(),
    answered: vi.fn<PbxEvents['answered']>(),
    agentHungUp: vi.fn<PbxEvents['agentHungUp']>(),
    ringFailed: vi.fn<PbxEvents['ringFailed']>(),
    outboundProgress: vi.fn<PbxEvents['outboundProgress']>(),
    dialRequested: vi.fn<PbxEvents['dialRequested']>(() => ({
      allowed: false,
      code: 'TEST',
      reason: 'test',
    })),
  };
}

/** mulberry32: a tiny seeded PRNG so traffic runs are reproducible. */
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

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SimPbx', () => {
  let pbx: SimPbx;
  let events: ReturnType<typeof recorder>;

  beforeEach(async () => {
    pbx = new SimPbx({ defaultPatienceSec: 60 });
    events = recorder();
    await pbx.start(events);
  });
  afterEach(async () => {
    await pbx.stop();
  });

  it('refuses to inject a call before it is started', () => {
    expect(() => new SimPbx().injectCall({ from: CALLER, to: SERVICE })).toThrow(/not started/);
  });

  it('announces an injected call exactly once, as the PBX saw it', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE });
    expect(events.inboundCall).toHaveBeenCalledTimes(1);
    expect(events.inboundCall).toHaveBeenCalledWith({ callId, from: CALLER, to: SERVICE, at: START });
    expect(pbx.activeCallIds()).toEqual([callId]);
  });

  it('gives every call a unique id, even many in the same millisecond', () => {
    const ids = Array.from({ length: 200 }, () => pbx.injectCall({ from: CALLER, to: SERVICE }).callId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(events.inboundCall.mock.calls.map(([call]) => call.callId)).toEqual(ids);
  });

  it.each([
    { given: 30, waitsMs: 30_000 },
    { given: undefined, waitsMs: 60_000 },
  ])('the caller hangs up exactly once when patience ($given s) runs out', ({ given, waitsMs }) => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: given });
    vi.advanceTimersByTime(waitsMs - 1);
    expect(events.callerHungUp).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(events.callerHungUp).toHaveBeenCalledTimes(1);
    expect(events.callerHungUp).toHaveBeenCalledWith(callId, START + waitsMs);
    vi.advanceTimersByTime(HOUR_MS);
    expect(events.callerHungUp).toHaveBeenCalledTimes(1);
    expect(pbx.activeCallIds()).toEqual([]);
  });

  it.each([
    { who: 'an agent who was never rung', ring: null, answerBy: 5 },
    { who: 'a different agent than the one ringing', ring: 4, answerBy: 5 },
  ])('ignores an answer by $who', ({ ring, answerBy }) => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: 30 });
    if (ring !== null) pbx.ringAgent(callId, ring, 20_000);
    pbx.answer(callId, answerBy);
    expect(events.answered).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30_000);
    expect(events.callerHungUp).toHaveBeenCalledTimes(1);
  });

  it('connects the ringing agent and stops the caller’s patience clock', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: 30 });
    pbx.ringAgent(callId, 4, 20_000);
    vi.advanceTimersByTime(10_000);
    pbx.answer(callId, 4);
    expect(events.answered).toHaveBeenCalledTimes(1);
    expect(events.answered).toHaveBeenCalledWith(callId, 4, START + 10_000);

    pbx.answer(callId, 4);
    vi.advanceTimersByTime(HOUR_MS);
    expect(events.answered).toHaveBeenCalledTimes(1);
    expect(events.callerHungUp).not.toHaveBeenCalled();
    expect(pbx.activeCallIds()).toEqual([callId]);
  });

  it('reports the end of a connected call when the caller hangs up, once', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE });
    pbx.ringAgent(callId, 4, 20_000);
    pbx.answer(callId, 4);
    vi.advanceTimersByTime(90_000);
    pbx.callerHangsUp(callId);
    pbx.callerHangsUp(callId);
    expect(events.callerHungUp).toHaveBeenCalledTimes(1);
    expect(events.callerHungUp).toHaveBeenCalledWith(callId, START + 90_000);
  });

  it('stopRinging only silences the agent it names; the caller keeps waiting', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: 30 });
    pbx.ringAgent(callId, 4, 20_000);
    pbx.stopRinging(callId, 5);
    pbx.stopRinging(callId, 4);
    pbx.answer(callId, 4);
    expect(events.answered).not.toHaveBeenCalled();
    expect(pbx.activeCallIds()).toEqual([callId]);

    // The next agent can still be rung and answer.
    pbx.ringAgent(callId, 6, 20_000);
    pbx.answer(callId, 6);
    expect(events.answered).toHaveBeenCalledWith(callId, 6, START);
  });

  it('a stopRinging for someone else leaves the ringing agent able to answer', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE });
    pbx.ringAgent(callId, 4, 20_000);
    pbx.stopRinging(callId, 5);
    pbx.answer(callId, 4);
    expect(events.answered).toHaveBeenCalledTimes(1);
  });

  it('hangup from the bridge releases the call silently and cancels its patience', () => {
    const { callId } = pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: 30 });
    pbx.ringAgent(callId, 4, 20_000);
    pbx.hangup(callId);
    expect(pbx.activeCallIds()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    pbx.answer(callId, 4);
    vi.advanceTimersByTime(HOUR_MS);
    expect(events.answered).not.toHaveBeenCalled();
    expect(events.callerHungUp).not.toHaveBeenCalled();
  });

  it.each([
    ['ringAgent', (p: SimPbx) => p.ringAgent('nope', 1, 20_000)],
    ['stopRinging', (p: SimPbx) => p.stopRinging('nope', 1)],
    ['answer', (p: SimPbx) => p.answer('nope', 1)],
    ['hangup', (p: SimPbx) => p.hangup('nope')],
    ['callerHangsUp', (p: SimPbx) => p.callerHangsUp('nope')],
  ])('%s on an unknown call is a silent no-op', (_name, act) => {
    expect(() => act(pbx)).not.toThrow();
    expect(events.answered).not.toHaveBeenCalled();
    expect(events.callerHungUp).not.toHaveBeenCalled();
  });

  it('stop() clears every pending timer, emits nothing more and refuses new calls', async () => {
    for (let i = 0; i < 3; i++) pbx.injectCall({ from: CALLER, to: SERVICE, patienceSec: 10 + i });
    expect(vi.getTimerCount()).toBe(3);
    await pbx.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(pbx.activeCallIds()).toEqual([]);
    vi.advanceTimersByTime(HOUR_MS);
    expect(events.callerHungUp).not.toHaveBeenCalled();
    expect(() => pbx.injectCall({ from: CALLER, to: SERVICE })).toThrow();
  });

  it('declares that answering is a console command', () => {
    expect(pbx.kind).toBe('sim');
    expect(pbx.capabilities().answerFromConsole).toBe(true);
  });
});

describe('presentNumber', () => {
  const numbers: [string, CountryCode][] = [
    ['+8613812345678', 'CN'],
    ['+861012345678', 'CN'],
    ['+12125550123', 'US'],
    ['+442079460123', 'GB'],
  ];

  it.each(numbers)('writes %s in several different ways', (e164) => {
    const forms = new Set(Array.from({ length: 20 }, (_, pick) => presentNumber(e164, pick)));
    expect(forms.size).toBeGreaterThanOrEqual(5);
  });

  // The point of the variety is to exercise normalisation: every form must still lead back to the number.
  it.each(numbers)('every form of %s keeps its digits and normalises back to it', (e164, region) => {
    const national = e164.replace(/^\+(86|1|44)/, '');
    for (let pick = 0; pick < 20; pick++) {
      const form = presentNumber(e164, pick);
      expect(form.replace(/\D/g, '')).toContain(national);
      expect(normalizeCallerId(form, region)).toMatchObject({ kind: 'number', e164 });
    }
  });

  it('returns input it cannot parse unchanged', () => {
    expect(presentNumber('not a number', 3)).toBe('not a number');
  });
});

describe('startSimTraffic', () => {
  function fakeInjector() {
    let n = 0;
    return { injectCall: vi.fn<CallInjector['injectCall']>(() => ({ callId: `t-${++n}` })) };
  }
  // One region, as in a real deployment: national forms are only meaningful against the configured region.
  const known = ['+12125550123', '+13105550199', '+16175550142'];
  const base = { serviceNumbers: [SERVICE, '+18005550199'], knownNumbers: () => known };

  it.each([
    { callsPerHour: 600, seed: 1 },
    { callsPerHour: 600, seed: 2024 },
    { callsPerHour: 3_000, seed: 7 },
    { callsPerHour: 60, seed: 99, hours: 10 },
  ])('injects about $callsPerHour calls an hour (seed $seed)', ({ callsPerHour, seed, hours = 1 }) => {
    const injector = fakeInjector();
    const stop = startSimTraffic(injector, { ...base, callsPerHour, random: seeded(seed) });
    vi.advanceTimersByTime(hours * HOUR_MS);
    stop();
    const expected = callsPerHour * hours;
    expect(injector.injectCall.mock.calls.length).toBeGreaterThanOrEqual(0.7 * expected);
    expect(injector.injectCall.mock.calls.length).toBeLessThanOrEqual(1.3 * expected);
  });

  it('places calls to the service numbers with a patience between 20 s and 3 min', () => {
    const injector = fakeInjector();
    const stop = startSimTraffic(injector, { ...base, callsPerHour: 600, random: seeded(3) });
    vi.advanceTimersByTime(HOUR_MS);
    stop();
    for (const [request] of injector.injectCall.mock.calls) {
      expect(base.serviceNumbers).toContain(request.to);
      expect(request.patienceSec).toBeGreaterThanOrEqual(20);
      expect(request.patienceSec).toBeLessThanOrEqual(180);
    }
  });

  it('calls mostly from known customers, with some new and some withheld numbers', () => {
    const injector = fakeInjector();
    const stop = startSimTraffic(injector, { ...base, callsPerHour: 3_000, random: seeded(11) });
    vi.advanceTimersByTime(HOUR_MS);
    stop();
    const kinds = injector.injectCall.mock.calls.map(([{ from }]) => {
      const parsed = normalizeCallerId(from, 'US');
      if (parsed.kind === 'unknown') return 'unknown';
      return known.includes(parsed.e164) ? 'known' : 'new';
    });
    const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;
    expect(share('known')).toBeGreaterThan(0.6);
    expect(share('new')).toBeGreaterThan(0.05);
    expect(share('unknown')).toBeGreaterThan(0.01);
    expect(share('unknown')).toBeLessThan(0.1);
  });

  it('the returned function stops the traffic', () => {
    const injector = fakeInjector();
    const stop = startSimTraffic(injector, { ...base, callsPerHour: 600, random: seeded(5) });
    vi.advanceTimersByTime(HOUR_MS / 6);
    const before = injector.injectCall.mock.calls.length;
    expect(before).toBeGreaterThan(0);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(HOUR_MS);
    expect(injector.injectCall.mock.calls.length).toBe(before);
  });

  it.each([
    { case: 'a zero rate', callsPerHour: 0, serviceNumbers: [SERVICE] },
    { case: 'a negative rate', callsPerHour: -5, serviceNumbers: [SERVICE] },
    { case: 'no service numbers', callsPerHour: 600, serviceNumbers: [] },
  ])('injects nothing with $case', ({ callsPerHour, serviceNumbers }) => {
    const injector = fakeInjector();
    const stop = startSimTraffic(injector, { ...base, serviceNumbers, callsPerHour, random: seeded(1) });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(HOUR_MS);
    expect(injector.injectCall).not.toHaveBeenCalled();
    expect(() => stop()).not.toThrow();
  });

  it('drives the real SimPbx end to end', async () => {
    const pbx = new SimPbx();
    const events = recorder();
    await pbx.start(events);
    const stop = startSimTraffic(pbx, { ...base, callsPerHour: 600, random: seeded(8) });
    vi.advanceTimersByTime(HOUR_MS);
    stop();
    const offered = events.inboundCall.mock.calls.length;
    expect(offered).toBeGreaterThan(0);
    // Nobody answers, so every caller whose patience ran out has abandoned; the rest are still waiting.
    expect(events.callerHungUp.mock.calls.length + pbx.activeCallIds().length).toBe(offered);
    await pbx.stop();
  });
});
