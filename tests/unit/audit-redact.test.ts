import { describe, expect, it } from 'vitest';
import { redactDetails, redactNumbers } from '../../cti-bridge/src/domain/audit/redact-numbers';

describe('audit entries never hand out a whole phone number', () => {
  it.each([
    ['asked from +1 212 555 0177 too', 'asked from •••••••0177 too'],
    ['+8613812345678', '•••••••5678'],
    ['call (212) 555-0141 back', 'call •••••••0141 back'],
    ['•••••••0199', '•••••••0199'],
    ['lead:42', 'lead:42'],
    ['127.0.0.1', '127.0.0.1'],
    ['ext 1234567', 'ext 1234567'],
    ['2026-11-30', '2026-11-30'],
    ['at 2026-11-30T10:00:00.000Z', 'at 2026-11-30T10:00:00.000Z'],
  ])('%s → %s', (text, shown) => expect(redactNumbers(text)).toBe(shown));

  it('walks the recorded inputs, leaving numbers that are not phone numbers', () => {
    expect(
      redactDetails({ number: '+12125550199', attempts: 12125550199, nested: [{ to: 'sip:12125550199@x' }] }),
    ).toEqual({ number: '•••••••0199', attempts: 12125550199, nested: [{ to: 'sip:•••••••0199@x' }] });
  });
});
