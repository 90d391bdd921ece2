import {
  ATTACHED_HEADERS_MAX,
  attachedCharsetPatterns,
  type AttachedDropReason,
  type AttachedField,
} from '../../../protocol/routing-rules.schema';

export interface AttachedDrop {
  /** The header as it arrived, cut to 64 characters (it may be anything). */
  header: string;
  reason: AttachedDropReason;
}

export interface AttachedData {
  /** Values that passed their field's checks, by field key. */
  values: Record<string, string>;
  dropped: AttachedDrop[];
}

export const NO_ATTACHED_DATA: AttachedData = Object.freeze({ values: {}, dropped: [] }) as AttachedData;

const headerOf = (name: string) => name.slice(0, 64);

/**
 * Reads the data a call arrived with (header name → value, from the PBX or the simulator) against the configured
 * fields: only configured headers are read, each value trimmed and checked for length, charset and the field's
 * pattern (checked when the rule set was saved: `patternProblem`). Anything else
 * is dropped with its reason, never thrown: the input is whatever a caller's carrier or IVR sent.
 */
export function extractAttached(fields: readonly AttachedField[], raw: unknown): AttachedData {
  if (raw === undefined || raw === null) return NO_ATTACHED_DATA;
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { values: {}, dropped: [{ header: '*', reason: 'not-text' }] };
  const byHeader = new Map(fields.map((field) => [field.header.toLowerCase(), field]));
  const values: Record<string, string> = {};
  const dropped: AttachedDrop[] = [];
  let seen = 0;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    seen += 1;
    const header = headerOf(name);
    if (seen > ATTACHED_HEADERS_MAX) {
      dropped.push({ header, reason: 'too-many' });
      continue;
    }
    const field = byHeader.get(name.toLowerCase());
    const reason = field ? rejection(field, value, values) : 'not-configured';
    if (reason) dropped.push({ header, reason });
    else if (field) values[field.key] = (value as string).trim();
  }
  return { values, dropped };
}

function rejection(
  field: AttachedField,
  value: unknown,
  taken: Record<string, string>,
): AttachedDropReason | null {
  if (typeof value !== 'string') return 'not-text';
  if (field.key in taken) return 'duplicate';
  const trimmed = value.trim();
  if (trimmed === '') return 'empty';
  if ([...trimmed].length > field.maxLength) return 'too-long';
  if (!attachedCharsetPatterns[field.charset].test(trimmed)) return 'bad-charset';
  if (field.pattern !== undefined && !wholeValue(field.pattern).test(trimmed)) return 'bad-pattern';
  return null;
}

/** Patterns compiled once each (a rule set has at most 16), anchored to the whole value. */
const compiled = new Map<string, RegExp>();
function wholeValue(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    if (compiled.size >= 256) compiled.clear();
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex;
}
