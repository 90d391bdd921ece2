/**
 * Caller-ID normalisation and screen-pop match classification, pure.
 *
 * Uses the `max` metadata on purpose: `min` validates by length only, so it accepts `12125550123` as a Chinese
 * number and the "national first, then international without +" fallback below would pop the wrong customer.
 */
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { CustomerSummary, LookupResult, MatchKind, Tier } from '../../protocol/customer.schema';
import { extractCallerId, type ExtractedCallerId } from './caller-id-extract';

export type { CountryCode };

/** Why a caller-ID yields no number: nothing sent, privacy requested, or something that is not a valid number. */
export type UnknownCallerReason = 'empty' | 'withheld' | 'invalid';

/** A caller-ID after normalisation. `raw` is always the input exactly as given. */
export type NormalizedCallerId =
  | { kind: 'number'; raw: string; e164: string; country: CountryCode | null }
  | { kind: 'unknown'; raw: string; reason: UnknownCallerReason };

// A legitimate From header with display name and params fits easily; anything longer is garbage or an attack.
const MAX_INPUT_LENGTH = 300;
// E.164 caps a number at 15 digits; an exit code (011) or a CN carrier-select prefix (17951) adds up to 5 more.
const MAX_DIGITS = 20;
const MIN_DIGITS = 3;
// RFC 3966 visual separators, plus space and slash that people and some PBX dial plans write.
const VISUAL_SEPARATORS = /[\s\-.()/]/g;
// Words PBXs and carriers put in place of a number when the caller hid it or the network did not deliver it.
const WITHHELD_WORDS = new Set([
  'anonymous',
  'restricted',
  'unavailable',
  'private',
  'privatenumber',
  'withheld',
  'numberwithheld',
  'unknown',
  'blocked',
]);

/**
 * Turns whatever a PBX sends as caller-ID into an E.164 number, or says why it cannot.
 * Never throws: every string, however malformed, yields a result.
 */
export function normalizeCallerId(raw: string, defaultRegion: CountryCode): NormalizedCallerId {
  try {
    return normalize(raw, defaultRegion);
  } catch {
    // libphonenumber throws for a region missing from its metadata; a bad config must not kill call handling.
    return unknown(raw, 'invalid');
  }
}

function normalize(raw: string, region: CountryCode): NormalizedCallerId {
  if (typeof raw !== 'string' || raw.length > MAX_INPUT_LENGTH) return unknown(raw, 'invalid');
  const text = toAscii(raw).trim();
  if (text === '') return unknown(raw, 'empty');
  const extracted = extractCallerId(text);
  if (isWithheld(extracted)) return unknown(raw, 'withheld');
  const dial = toDialString(extracted.user, extracted.phoneContext);
  const number = dial ? firstValid(readings(dial), region) : undefined;
  if (!number) return unknown(raw, 'invalid');
  return { kind: 'number', raw, e164: number.number, country: number.country ?? null };
}

function unknown(raw: string, reason: UnknownCallerReason): NormalizedCallerId {
  return { kind: 'unknown', raw, reason };
}

/** Full-width digits, `＋` and ideographic spaces come from CN input methods; NFKC maps them to ASCII. */
function toAscii(s: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range check is the point
  return /[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s;
}

function isWithheld(c: ExtractedCallerId): boolean {
  if (c.anonymousHost || isWithheldWord(c.user)) return true;
  // `"Restricted" <sip:@host>`: no digits in the URI, so the display name is the only signal.
  return !/\d/.test(c.user) && isWithheldWord(c.displayName);
}

function isWithheldWord(s: string): boolean {
  return WITHHELD_WORDS.has(s.toLowerCase().replace(/[^a-z]/g, ''));
}

interface DialString {
  plus: boolean;
  digits: string;
}

/** Reduces the user part to `+`/digits; letters, `*`, `#` or a stray `+` mean it is not a phone number. */
function toDialString(user: string, phoneContext: string | null): DialString | null {
  const match = /^(\+?)(\d+)$/.exec(user.replace(VISUAL_SEPARATORS, ''));
  if (!match) return null;
  let dial: DialString = { plus: match[1] === '+', digits: match[2] ?? '' };
  const prefix = phoneContext?.replace(VISUAL_SEPARATORS, '') ?? '';
  // RFC 3966 §5.1.5: a local number with a global-number context is that prefix followed by the local digits;
  // a domain context names no numbering plan, so the default region stands.
  if (!dial.plus && /^\+\d+$/.test(prefix)) dial = { plus: true, digits: prefix.slice(1) + dial.digits };
  const n = dial.digits.length;
  return n >= MIN_DIGITS && n <= MAX_DIGITS ? dial : null;
}

/** Interpretations of the digits to try, most likely first. */
function readings({ plus, digits }: DialString): string[] {
  if (plus) return [`+${digits}`];
  // Exit codes first: no national number starts with 00, and where a trunk+area code happens to read 011
  // (Sapporo, JP) the national reading is still tried next. 011 is NANP's exit code, 00 most others'.
  if (digits.startsWith('011')) return [`+${digits.slice(3)}`, digits];
  if (digits.startsWith('00')) return [`+${digits.slice(2)}`, digits];
  // The PBX sits in the default region and most callers are local; failing that, the `+` was dropped.
  return [digits, `+${digits}`];
}

function firstValid(candidates: readonly string[], region: CountryCode): PhoneNumber | undefined {
  for (const candidate of candidates) {
    // extract:false — the text is already a bare dial string; never let the parser hunt for a number inside it.
    const parsed = parsePhoneNumberFromString(candidate, { defaultCountry: region, extract: false });
    if (parsed?.isValid()) return parsed;
  }
  return undefined;
}

const TIER_RANK: Record<Tier, number> = { A: 0, B: 1, C: 2 };
// A fixed locale, not the host's, so every agent desktop and CI run lists the same customers in the same order.
const compareNames = new Intl.Collator('en', { sensitivity: 'base' }).compare;

/**
 * Classifies the customers a lookup found for a caller. `candidates` are whatever the repository matched on the
 * normalised number; the same customer found through two phone rows counts once. Ambiguous matches list tier A
 * first, then by name (then id, so the order is total).
 */
export function classifyMatch(
  normalized: NormalizedCallerId,
  candidates: readonly CustomerSummary[],
): LookupResult {
  if (normalized.kind === 'unknown') return { match: 'unknown', normalized: null, customers: [] };
  const unique = new Map<number, CustomerSummary>();
  for (const c of candidates) if (!unique.has(c.id)) unique.set(c.id, c);
  const customers = [...unique.values()].sort(
    (a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier] || compareNames(a.name, b.name) || a.id - b.id,
  );
  return { match: matchKind(customers.length), normalized: normalized.e164, customers };
}

function matchKind(count: number): MatchKind {
  if (count === 0) return 'none';
  return count === 1 ? 'unique' : 'ambiguous';
}
