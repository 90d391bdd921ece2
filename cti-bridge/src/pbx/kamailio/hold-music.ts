import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pcmWav, WAV_RATE } from './pcm-wav';

/**
 * What a customer of a server-placed call hears while the agent holds them (rtpengine's `play media`, looped): the
 * configured WAV, or — when that file does not exist yet — a quiet generated melody written there. Silence is
 * worse: a held customer who hears nothing thinks the line dropped, and a carrier's RTP timer may end a call on
 * which no media flows. rtpengine reads 8 kHz mono 16-bit PCM WAV (or anything ffmpeg decodes).
 */
export function ensureDefaultHoldMusic(file: string): string {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, melodyWav());
  return file;
}

const RATE = WAV_RATE;
/** A slow arpeggio (C major, then A minor), 8 s: soft sine notes with a gentle decay, then a rest. */
const NOTES = [523.25, 659.25, 783.99, 659.25, 440, 523.25, 659.25, 523.25];
const NOTE_MS = 800;
const REST_MS = 1600;

export function melodyWav(): Buffer {
  const samples: number[] = [];
  for (const hz of NOTES) {
    const count = (RATE * NOTE_MS) / 1000;
    for (let i = 0; i < count; i++) {
      const attack = Math.min(1, i / 160);
      const decay = Math.exp((-3 * i) / count);
      samples.push(Math.round(Math.sin((2 * Math.PI * hz * i) / RATE) * 0.2 * attack * decay * 32767));
    }
  }
  for (let i = 0; i < (RATE * REST_MS) / 1000; i++) samples.push(0);
  return pcmWav(samples, RATE);
}
