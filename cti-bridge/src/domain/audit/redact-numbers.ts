import { maskPhone } from '../mask';

// A run that may be a phone number: digits with the usual separators, 8 digits or more (shorter runs are ids,
// counts, extensions). Bounded: no nested quantifiers, so no catastrophic backtracking on hostile text.
const NUMBER_RUN = /\+?\(?\d[\d ().-]{6,38}\d/g;
// ISO 8601 dates and instants are not numbers to hide
const DATE = /^\d{4}-\d{2}-\d{2}/;
const MIN_DIGITS = 8;

/** Text with every phone-number-like run masked to its last 4 digits (`•••••••5678`). */
export function redactNumbers(text: string): string {
  return text.replace(NUMBER_RUN, (run) =>
    !DATE.test(run) && run.replace(/\D/g, '').length >= MIN_DIGITS ? maskPhone(run) : run,
  );
}

/**
 * An audit entry's recorded inputs, every string in them passed through `redactNumbers`: rows written today
 * already keep only a masked number or its last 4 digits, and free text (a DNC reason an admin typed) or an
 * older row must not hand a whole number to a reader either.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactNumbers(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDetails(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactDetails(item, depth + 1)]),
  );
}
