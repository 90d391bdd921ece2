/**
 * Log-safe rendering of phone numbers (STYLE.md: never log a full number). Shows a fixed run of bullets and the
 * last 4 digits: a fixed run, because the length of a number (and any kept `+86`) narrows down who called.
 */

const HIDDEN = '•••••••';
const NOTHING_SHOWN = '•••';
// With fewer digits than this, the last 4 would be half the number or more (extensions, short codes): show none.
const MIN_DIGITS_FOR_TAIL = 8;
// Bounded work on hostile input; no real number, URI included, is longer.
const MAX_SCANNED = 300;

/** `+8613812345678` → `•••••••5678`; empty, short or digit-less input → `•••`. Never returns a whole number. */
export function maskPhone(value: string | null | undefined): string {
  if (typeof value !== 'string' || value === '') return NOTHING_SHOWN;
  const digits = userPart(value.slice(0, MAX_SCANNED)).replace(/\D/g, '');
  if (digits.length < MIN_DIGITS_FOR_TAIL) return NOTHING_SHOWN;
  return HIDDEN + digits.slice(-4);
}

/** A SIP/tel URI's host, port and params (`@10.0.0.1:5060`, `;ext=5`) are not the number: the tail must not come from them. */
function userPart(value: string): string {
  const end = Math.min(indexOrEnd(value, '@'), indexOrEnd(value, ';'));
  return value.slice(0, end);
}

function indexOrEnd(s: string, ch: string): number {
  const i = s.indexOf(ch);
  return i >= 0 ? i : s.length;
}
