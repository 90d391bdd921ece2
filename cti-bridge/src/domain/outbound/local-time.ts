/**
 * The callee's local time for lead selection and the preview card, pure. The clock in a zone and the window
 * test are the compliance gate's own (domain/compliance), so a lead is left waiting by exactly the rule that
 * would refuse it at dial time; the gate still decides, with its rule set, on every dial.
 */
import { inWindow } from '../compliance/calling-window';
import { localParts } from '../compliance/local-time';

/** `HH:MM` (24 h) in the callee's local time; `to` is exclusive. */
export interface CallingWindow {
  from: string;
  to: string;
}

/** Minutes after local midnight in `zone` at `at`; null for an unknown zone. */
export function localMinutes(zone: string, at: number): number | null {
  const local = localParts(at, zone);
  return local ? local.hour * 60 + local.minute : null;
}

/** `HH:MM` in `zone` at `at`, for the card ("it is 14:05 there"); null for an unknown zone. */
export function localTimeText(zone: string, at: number): string | null {
  const minutes = localMinutes(zone, at);
  if (minutes === null) return null;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** True when local time in `zone` is inside the window (an unknown zone or a malformed window never is). */
export function isInWindow(zone: string, window: CallingWindow, at: number): boolean {
  const now = localMinutes(zone, at);
  return now !== null && inWindow(now, window, 'none');
}
