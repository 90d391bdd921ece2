import { describe, expect, it } from 'vitest';
import { decideDial } from '../../cti-bridge/src/domain/compliance';

describe('decideDial', () => {
  it.each([
    [
      { e164: '+12125550123', dncReason: null },
      { allowed: true, e164: '+12125550123' },
    ],
    [
      { e164: null, dncReason: null },
      { allowed: false, code: 'INVALID_NUMBER' },
    ],
    [
      { e164: '+12125550123', dncReason: 'do-not-call' },
      { allowed: false, code: 'DNC' },
    ],
    [
      { e164: null, dncReason: 'do-not-call' },
      { allowed: false, code: 'INVALID_NUMBER' },
    ],
  ])('%j → %j', (facts, expected) => {
    expect(decideDial(facts)).toMatchObject(expected);
  });

  it('names the DNC source in the reason so the agent sees why', () => {
    const decision = decideDial({ e164: '+8613812345678', dncReason: 'customer request' });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toContain('customer request');
  });
});
