import { describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel } from '../../cti-bridge/src/logger';

type LineLevel = Exclude<LogLevel, 'silent'>;
const lineLevels: LineLevel[] = ['debug', 'info', 'warn', 'error'];

function capture(level: LogLevel) {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line));
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, lines, records };
}

describe('createLogger', () => {
  it('writes one JSON line per entry with time, level, message and fields', () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 6, 9, 30) });
    try {
      const { log, lines, records } = capture('debug');
      log.info('call queued', { callId: 'sim-1', queue: 'sales' });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\{.*\}\n$/);
      expect(records()[0]).toEqual({
        time: '2025-01-06T09:30:00.000Z',
        level: 'info',
        message: 'call queued',
        callId: 'sim-1',
        queue: 'sales',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['password', 'correct horse battery staple'],
    ['token', 'eyJhbGciOiJIUzI1NiJ9.payload.signature'],
    ['authorization', 'Bearer s3cr3t-t0k3n'],
    ['passwordHash', 'scrypt$16384$8$1$c2FsdA==$aGFzaA=='],
  ])('redacts the %s field', (field, secret) => {
    const { log, lines, records } = capture('debug');
    log.warn('login attempt', { [field]: secret, user: 'alice' });
    expect(lines.join('')).not.toContain(secret);
    expect(records()[0]).toMatchObject({ [field]: '[redacted]', user: 'alice' });
  });

  it('redacts a secret whatever its type', () => {
    const { log, lines } = capture('debug');
    log.info('x', { token: { value: 'abc123secret' } });
    expect(lines.join('')).not.toContain('abc123secret');
  });

  const phoneCases: [string, unknown, string][] = [
    ['from', '+8613812345678', '13812345678'],
    ['to', '+18005550100', '8005550100'],
    ['number', '(212) 555-0123', '2125550123'],
    ['e164', '+442079460123', '2079460123'],
    ['callerRaw', '"Alice" <sip:+12125550123@trunk.example.net>', '2125550123'],
    ['callerE164', '+12125550123', '2125550123'],
    ['phone', '138 1234 5678', '13812345678'],
    // A number that arrives as a JS number must not slip past the mask.
    ['from', 8613812345678, '13812345678'],
    ['to', ['+8613812345678'], '13812345678'],
  ];

  it.each(phoneCases)('masks the %s field %j, keeping only the last 4 digits', (field, value, digits) => {
    const { log, lines, records } = capture('debug');
    log.info('inbound call', { [field]: value, callId: 'sim-1' });
    const shown = String(records()[0]?.[field]);
    expect(shown.replace(/\D/g, '')).toBe(digits.slice(-4));
    // Nowhere in the line, in any punctuation, does the whole national number appear.
    expect(lines.join('').replace(/\D/g, '')).not.toContain(digits);
    expect(records()[0]?.callId).toBe('sim-1');
  });

  it('keeps an absent phone field distinguishable from a masked one', () => {
    const { log, records } = capture('debug');
    log.info('withheld caller', { from: null });
    expect(records()[0]).toMatchObject({ from: null });
  });

  it('leaves other fields as they are', () => {
    const { log, records } = capture('debug');
    log.info('call ended', { callId: 'sim-7', agentId: 42, waitMs: 1234, ok: true, tags: ['a'] });
    expect(records()[0]).toMatchObject({ callId: 'sim-7', agentId: 42, waitMs: 1234, ok: true, tags: ['a'] });
  });

  it('does not alter the caller’s fields object', () => {
    const { log } = capture('debug');
    const fields = { password: 'pw-12345678', from: '+8613812345678' };
    log.info('x', fields);
    expect(fields).toEqual({ password: 'pw-12345678', from: '+8613812345678' });
  });

  it.each<[LogLevel, LineLevel[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ])('at level %s writes only %j', (level, written) => {
    const { log, records } = capture(level);
    for (const lineLevel of lineLevels) log[lineLevel](`a ${lineLevel} line`);
    expect(records().map((r) => r.level)).toEqual(written);
  });
});
