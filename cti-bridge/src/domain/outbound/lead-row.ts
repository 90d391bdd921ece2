/**
 * One CSV row of a lead list → a lead, or the reason it is rejected. Pure: the number is normalised with the
 * configured default region, the zone is the row's (IANA) or derived from the number by the injected resolver.
 */
import type { ImportRowCode } from '../../../protocol/errors';
import { normalizeCallerId, type CountryCode } from '../caller-id';
import { isValidTimeZone } from '../compliance/local-time';

/** Ringside's own lead columns; any other header is kept as a field for the script. */
export const KNOWN_FIELDS = [
  'phone',
  'first_name',
  'last_name',
  'name',
  'company',
  'email',
  'timezone',
  'notes',
] as const;

const MAX_FIELD_LENGTH = 2000;

export interface HeaderPlan {
  /** Column index → field name (lower case; mapped names applied). */
  names: string[];
  phoneIndex: number;
}

/** Matches headers case-insensitively (spaces and dashes read as `_`); `mapping` renames file headers first. */
export function planHeaders(
  headers: readonly string[],
  mapping: Readonly<Record<string, string>> = {},
): HeaderPlan {
  const mapped = new Map(Object.entries(mapping).map(([from, to]) => [canonical(from), canonical(to)]));
  const names = headers.map((header) => {
    const name = canonical(header);
    return mapped.get(name) ?? name;
  });
  return { names, phoneIndex: names.indexOf('phone') };
}

function canonical(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export type LeadRowResult =
  | {
      ok: true;
      e164: string;
      raw: string;
      fields: Record<string, string>;
      timeZones: readonly string[];
      zoneSource: 'lead' | 'number';
    }
  | { ok: false; code: ImportRowCode; reason: string };

export function readLeadRow(
  record: readonly string[],
  plan: HeaderPlan,
  region: CountryCode,
  zonesOf: (e164: string) => readonly string[],
): LeadRowResult {
  const raw = (record[plan.phoneIndex] ?? '').trim();
  if (raw === '') return reject('PHONE_MISSING', 'the phone column is empty');
  const number = normalizeCallerId(raw, region);
  if (number.kind !== 'number')
    return reject('PHONE_INVALID', `not a valid phone number for region ${region}`);
  const fields: Record<string, string> = {};
  plan.names.forEach((name, i) => {
    const value = (record[i] ?? '').trim();
    if (name === 'phone' || name === 'timezone' || name === '' || value === '') return;
    fields[name] = value.slice(0, MAX_FIELD_LENGTH);
  });
  const zoneIndex = plan.names.indexOf('timezone');
  const zone = zoneIndex >= 0 ? (record[zoneIndex] ?? '').trim() : '';
  if (zone !== '') {
    if (!isValidTimeZone(zone))
      return reject('TIME_ZONE_INVALID', `"${zone.slice(0, 64)}" is not an IANA time zone`);
    return { ok: true, e164: number.e164, raw, fields, timeZones: [zone], zoneSource: 'lead' };
  }
  const zones = zonesOf(number.e164);
  if (zones.length === 0)
    return reject('TIME_ZONE_UNKNOWN', 'no time zone given and none known for the number');
  return { ok: true, e164: number.e164, raw, fields, timeZones: zones, zoneSource: 'number' };
}

const reject = (code: ImportRowCode, reason: string): LeadRowResult => ({ ok: false, code, reason });

/** `Hello {first_name} from {company}` with the lead's fields; unknown placeholders stay as written. */
export function renderScript(script: string, fields: Readonly<Record<string, string>>): string {
  return script.replace(/\{([a-z0-9_]+)\}/gi, (whole, key: string) => fields[key.toLowerCase()] ?? whole);
}
