/** Calling windows in the callee's local time: `HH:MM` from (inclusive) to (exclusive). */
import type { RuleSet } from '../../../protocol/campaign.schema';

/** US (FTC TSR / FCC TCPA) and UK (Ofcom) practice: calls only from 08:00 to 21:00 local time. */
export const LEGAL_WINDOW = { from: 8 * 60, to: 21 * 60 } as const;

/** Parsed `HH:MM` strings: a decision reads its campaign's two bounds, the same few strings every time. */
const parsed = new Map<string, number | null>();

/** Minutes since midnight, or null for anything but `HH:MM` from 00:00 to 24:00. */
export function minutesOf(clock: string): number | null {
  const known = parsed.get(clock);
  if (known !== undefined) return known;
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : null;
  const result = match && Number(match[2]) < 60 && minutes !== null && minutes <= 24 * 60 ? minutes : null;
  if (parsed.size >= 1024) parsed.clear(); // bounded: windows come from data
  parsed.set(clock, result);
  return result;
}

export type WindowProblem = 'invalid' | 'too-wide';

/**
 * Whether a campaign may have this window under its rule set: US and UK windows lie within 08:00–21:00 and do
 * not wrap midnight; with no rule set any window is accepted (one that wraps midnight too).
 */
export function windowProblem(window: { from: string; to: string }, rules: RuleSet): WindowProblem | null {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === null || to === null || from === to) return 'invalid';
  if (rules === 'none') return null;
  if (from > to) return 'too-wide';
  return from < LEGAL_WINDOW.from || to > LEGAL_WINDOW.to ? 'too-wide' : null;
}

/**
 * Whether `minute` (since local midnight) lies in the window. Under US/UK rules the legal window is applied as
 * well, so a window stored before a rule change can never let a call through at 07:59 or 21:00.
 */
export function inWindow(minute: number, window: { from: string; to: string }, rules: RuleSet): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === null || to === null) return false;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return false;
  return rules === 'none' || (minute >= LEGAL_WINDOW.from && minute < LEGAL_WINDOW.to);
}
