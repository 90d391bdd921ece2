import { describe, expect, it } from 'vitest';
import { rmsLevel } from '../../renderer/src/services/softphone/mic-meter';
import { reconnectDelayMs } from '../../renderer/src/services/softphone/reconnect-policy';
import { ringtoneWav } from '../../renderer/src/services/softphone/ringtone';
import { isDtmfTone } from '../../renderer/src/services/softphone/phone';

describe('ringtoneWav', () => {
  const wav = ringtoneWav(8000, 1000, 2000);
  const view = new DataView(wav.buffer);
  const ascii = (offset: number, length: number) =>
    String.fromCharCode(...wav.subarray(offset, offset + length));

  it('is a 16-bit mono PCM WAV of one cadence', () => {
    expect(ascii(0, 4)).toBe('RIFF');
    expect(ascii(8, 4)).toBe('WAVE');
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(3 * 8000 * 2);
    expect(wav.length).toBe(44 + 3 * 8000 * 2);
  });

  it('rings first, then is silent', () => {
    const sample = (i: number) => view.getInt16(44 + i * 2, true);
    const toneEnergy = Array.from({ length: 800 }, (_, i) => Math.abs(sample(2000 + i))).reduce(
      (a, b) => a + b,
    );
    expect(toneEnergy).toBeGreaterThan(800 * 1000);
    for (let i = 8000; i < 24000; i += 97) expect(sample(i)).toBe(0);
  });
});

describe('rmsLevel', () => {
  it.each([
    [new Float32Array(0), 0],
    [new Float32Array(256), 0],
    [new Float32Array(256).fill(0.1), 0.4],
    [new Float32Array(256).fill(-1), 1],
  ])('level of %#', (samples, level) => {
    expect(rmsLevel(samples)).toBeCloseTo(level, 5);
  });
});

describe('reconnectDelayMs', () => {
  it.each([
    [0, 1000],
    [1, 2000],
    [2, 4000],
    [4, 16_000],
    [5, 30_000],
    [50, 30_000],
  ])('attempt %i waits about %i ms', (attempt, ms) => {
    expect(reconnectDelayMs(attempt, () => 0.5)).toBe(ms);
    expect(reconnectDelayMs(attempt, () => 0)).toBe(Math.round(ms * 0.8));
    expect(reconnectDelayMs(attempt, () => 1)).toBe(Math.round(ms * 1.2));
  });
});

describe('isDtmfTone', () => {
  it.each(['0', '5', '9', '*', '#'])('%s is a tone', (tone) => expect(isDtmfTone(tone)).toBe(true));
  it.each(['A', '', '10', ' '])('%j is not', (tone) => expect(isDtmfTone(tone)).toBe(false));
});
