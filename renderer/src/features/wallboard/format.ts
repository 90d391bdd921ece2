import type { QueueThresholds } from '../../services/protocol';

/** `83 %`, or a dash when nothing was measured. */
export const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);

/** `1:05`, `12:00:03`, or a dash. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export type Level = 'good' | 'warn' | 'bad' | 'none';

/** Higher is better (service level). */
export function levelAbove(value: number | null, t: { good: number; warn: number }): Level {
  if (value === null) return 'none';
  return value >= t.good ? 'good' : value >= t.warn ? 'warn' : 'bad';
}

/** Lower is better (waits, abandon rate). */
export function levelBelow(value: number | null, t: { good: number; warn: number }): Level {
  if (value === null) return 'none';
  return value <= t.good ? 'good' : value <= t.warn ? 'warn' : 'bad';
}

export const levelColor: Record<Level, string | undefined> = {
  good: 'var(--mantine-color-green-light)',
  warn: 'var(--mantine-color-yellow-light)',
  bad: 'var(--mantine-color-red-light)',
  none: undefined,
};

export type { QueueThresholds };
