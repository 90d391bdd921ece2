import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pcmWav, WAV_RATE } from './pcm-wav';

/**
 * The default message an abandoned customer hears (a campaign may name its own WAV): spoken by espeak-ng when it is
 * installed, otherwise a short tone sequence generated here. rtpengine's `play media` wants a file it can read:
 * 8 kHz, mono, 16-bit PCM.
 */
export const DEFAULT_ABANDON_TEXT =
  'Sorry, all our agents are busy right now. We will call you back. Thank you, goodbye.';

export function ensureDefaultAbandonMessage(file: string): string {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const spoken = spawnSync(
    'espeak-ng',
    ['-v', 'en-us', '-s', '150', '-w', `${file}.22k.wav`, DEFAULT_ABANDON_TEXT],
    {
      stdio: 'ignore',
      timeout: 20_000,
    },
  );
  if (spoken.status === 0) {
    const converted = spawnSync('sox', [`${file}.22k.wav`, '-r', '8000', '-c', '1', '-b', '16', file], {
      stdio: 'ignore',
      timeout: 20_000,
    });
    if (converted.status === 0 && existsSync(file)) return file;
  }
  writeFileSync(file, toneWav());
  return file;
}

/** Three falling tones (a "sorry" chime), 2.4 s in all, as an 8 kHz mono 16-bit WAV. */
export function toneWav(): Buffer {
  const rate = WAV_RATE;
  const tones = [
    { hz: 880, ms: 600 },
    { hz: 660, ms: 600 },
    { hz: 440, ms: 900 },
  ];
  const gapMs = 100;
  const samples: number[] = [];
  for (const tone of tones) {
    const count = (rate * tone.ms) / 1000;
    for (let i = 0; i < count; i++) {
      // 10 ms fades at both ends: no clicks
      const fade = Math.min(1, i / 80, (count - i) / 80);
      samples.push(Math.round(Math.sin((2 * Math.PI * tone.hz * i) / rate) * 0.4 * fade * 32767));
    }
    for (let i = 0; i < (rate * gapMs) / 1000; i++) samples.push(0);
  }
  return pcmWav(samples, rate);
}
