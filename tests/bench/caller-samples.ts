/**
 * Caller ids as a PBX would deliver them: numbers of real customers from the bench database, rewritten in a
 * format other than the stored one, plus callers the database does not know and callers who withheld their
 * number. Deterministic (seeded), so two runs look up the same callers.
 */
import type Database from 'better-sqlite3';
import { parsePhoneNumberWithError } from 'libphonenumber-js';

export type CallerKind = 'known' | 'unknown' | 'withheld';

export interface CallerSample {
  kind: CallerKind;
  /** What the PBX sends. */
  callerId: string;
  /** For known callers: the stored number and the customer who owns it. */
  e164: string | null;
  customerId: number | null;
}

interface StoredPhone {
  customerId: number;
  e164: string;
}

/** Small seeded PRNG (mulberry32): fast, and good enough to pick rows and formats. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
};

/** Formats a known number the way different PBXs and carriers present it (none is the stored `raw`). */
const KNOWN_FORMATS: readonly ((e164: string) => string)[] = [
  // National with brackets and a dash: "(212) 555-0123". Only meaningful for numbers of the bridge's region.
  (e164) => (e164.startsWith('+1') ? parsePhoneNumberWithError(e164).formatNational() : e164),
  (e164) => e164,
  (e164) => `00${e164.slice(1)}`,
  (e164) => `011${e164.slice(1)}`,
  (e164) => `"${displayName(e164)}" <sip:${e164}@pbx.example.com;user=phone>`,
  (e164) => `<sip:${e164.startsWith('+1') ? e164.slice(2) : `011${e164.slice(1)}`}@10.20.0.5:5060>`,
  (e164) => `tel:${parsePhoneNumberWithError(e164).formatInternational().replace(/ /g, '-')}`,
];

const displayName = (e164: string) => `Caller ${e164.slice(-2)}`;

const WITHHELD: readonly string[] = [
  'anonymous',
  'Restricted',
  '"Anonymous" <sip:anonymous@anonymous.invalid>',
  'Private Number',
  '',
  '<sip:unavailable@10.20.0.5>',
];

/**
 * `count` caller ids: ~90% known numbers, ~5% unknown numbers and ~5% withheld. `uniqueOnly` keeps numbers
 * that belong to exactly one customer (a screen pop with a card).
 */
export function callerSamples(
  client: Database.Database,
  count: number,
  seed: number,
  options: { uniqueOnly?: boolean; knownOnly?: boolean } = {},
): CallerSample[] {
  const random = seededRandom(seed);
  const phones = storedPhones(client, Math.ceil(count * 1.2), random, options.uniqueOnly ?? false);
  const samples: CallerSample[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const roll = options.knownOnly ? 0 : random();
    if (roll < 0.9) {
      const phone = phones[next++ % phones.length];
      if (!phone) throw new Error('the bench database has no customer phones');
      const format = pick(KNOWN_FORMATS, random);
      samples.push({
        kind: 'known',
        callerId: format(phone.e164),
        e164: phone.e164,
        customerId: phone.customerId,
      });
    } else if (roll < 0.95) {
      samples.push({ kind: 'unknown', callerId: unknownNumber(random), e164: null, customerId: null });
    } else {
      samples.push({ kind: 'withheld', callerId: pick(WITHHELD, random), e164: null, customerId: null });
    }
  }
  return samples;
}

/**
 * A valid US number the generator never produces: it never uses the 555 exchange (reserved for fiction),
 * so `(NPA) 555-01xx` cannot belong to a bench customer.
 */
function unknownNumber(random: () => number): string {
  const area = pick(['212', '312', '415', '617', '713'], random);
  const line = String(100 + Math.floor(random() * 100)).padStart(4, '0');
  return pick([`(${area}) 555-${line}`, `+1${area}555${line}`, `1-${area}-555-${line}`], random);
}

/** Phones picked at random by row id (ids are dense: the generator assigns them itself). */
function storedPhones(
  client: Database.Database,
  count: number,
  random: () => number,
  uniqueOnly: boolean,
): StoredPhone[] {
  const maxId = (client.prepare('SELECT max(id) FROM customer_phones').pluck().get() as number | null) ?? 0;
  if (maxId === 0) return [];
  const byId = client.prepare('SELECT customer_id AS customerId, e164 FROM customer_phones WHERE id = ?');
  const owners = client
    .prepare('SELECT count(DISTINCT customer_id) FROM customer_phones WHERE e164 = ?')
    .pluck();
  const phones: StoredPhone[] = [];
  for (let attempt = 0; phones.length < count && attempt < count * 4; attempt++) {
    const row = byId.get(1 + Math.floor(random() * maxId)) as StoredPhone | undefined;
    if (!row) continue;
    if (uniqueOnly && (owners.get(row.e164) as number) !== 1) continue;
    phones.push(row);
  }
  return phones;
}
