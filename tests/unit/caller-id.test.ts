import { describe, expect, it } from 'vitest';
import examples from 'libphonenumber-js/mobile/examples';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import type { CustomerSummary, MatchKind, Tier } from '../../cti-bridge/protocol/customer.schema';
import {
  classifyMatch,
  normalizeCallerId,
  type NormalizedCallerId,
  type UnknownCallerReason,
} from '../../cti-bridge/src/domain/caller-id';
import { maskPhone } from '../../cti-bridge/src/domain/mask';

const CN_MOBILE = '+8613812345678';
const BJ_LANDLINE = '+861012345678';
const SH_LANDLINE = '+862112345678';
const SZ_LANDLINE = '+8675512345678';
const NYC = '+12125550123';
const LONDON = '+442079460123';

// [raw, expected e164, expected country]
const cnCases: [string, string, CountryCode | null][] = [
  ['13812345678', CN_MOBILE, 'CN'],
  ['138 1234 5678', CN_MOBILE, 'CN'],
  ['138-1234-5678', CN_MOBILE, 'CN'],
  ['138.1234.5678', CN_MOBILE, 'CN'],
  ['(138) 1234 5678', CN_MOBILE, 'CN'],
  ['  13812345678  ', CN_MOBILE, 'CN'],
  ['19912345678', '+8619912345678', 'CN'],
  ['15012345678', '+8615012345678', 'CN'],
  ['+8613812345678', CN_MOBILE, 'CN'],
  ['+86 138 1234 5678', CN_MOBILE, 'CN'],
  ['8613812345678', CN_MOBILE, 'CN'],
  ['008613812345678', CN_MOBILE, 'CN'],
  ['00 86 138 1234 5678', CN_MOBILE, 'CN'],
  ['01186 138 1234 5678', CN_MOBILE, 'CN'],
  // Long-distance trunk 0 and the 17951 IP-call carrier prefix that CN PBXs prepend to mobiles.
  ['013812345678', CN_MOBILE, 'CN'],
  ['1795113812345678', CN_MOBILE, 'CN'],
  ['１３８１２３４５６７８', CN_MOBILE, 'CN'],
  ['＋86 138 1234 5678', CN_MOBILE, 'CN'],
  ['010-1234-5678', BJ_LANDLINE, 'CN'],
  ['01012345678', BJ_LANDLINE, 'CN'],
  ['(010) 1234 5678', BJ_LANDLINE, 'CN'],
  ['021-12345678', SH_LANDLINE, 'CN'],
  ['0755-1234-5678', SZ_LANDLINE, 'CN'],
  ['0755.1234.5678', SZ_LANDLINE, 'CN'],
  ['+86 (0)755 1234 5678', SZ_LANDLINE, 'CN'],
  ['+86 0755 1234 5678', SZ_LANDLINE, 'CN'],
  ['400-123-4567', '+864001234567', 'CN'],
  ['4001234567', '+864001234567', 'CN'],
  ['800 123 4567', '+868001234567', 'CN'],
  ['sip:+8613812345678@pbx.example.com;user=phone', CN_MOBILE, 'CN'],
  ['sip:13812345678@10.0.0.1', CN_MOBILE, 'CN'],
  ['sip:02112345678@10.0.0.1:5060;transport=ws', SH_LANDLINE, 'CN'],
  ['sips:+86-138-1234-5678@pbx.example.com', CN_MOBILE, 'CN'],
  ['SIP:13812345678@HOST', CN_MOBILE, 'CN'],
  ['sip:%2B8613812345678@host', CN_MOBILE, 'CN'],
  ['sip:13812345678:secret@host', CN_MOBILE, 'CN'],
  ['sip:13812345678@host?Subject=hi', CN_MOBILE, 'CN'],
  ['tel:+86-10-1234-5678', BJ_LANDLINE, 'CN'],
  ['tel:010-1234-5678', BJ_LANDLINE, 'CN'],
  ['"Zhang San" <sip:13812345678@host>', CN_MOBILE, 'CN'],
  ['"张三" <sip:+8613812345678@host>;tag=a1b2', CN_MOBILE, 'CN'],
  ['"Zhang \\"Boss\\" San" <sip:13812345678@host>', CN_MOBILE, 'CN'],
  ['Zhang <tel:+86-755-1234-5678>', SZ_LANDLINE, 'CN'],
  ['Zhang San <sip:13812345678@host>', CN_MOBILE, 'CN'],
  ['<sip:13812345678@host>', CN_MOBILE, 'CN'],
  ['Zhang sip:13812345678@host', CN_MOBILE, 'CN'],
  ['"13812345678"', CN_MOBILE, 'CN'],
  // A real number wins over a display name that merely says Anonymous: the network already presented it.
  ['"Anonymous" <sip:13812345678@host>', CN_MOBILE, 'CN'],
  ['tel:1234-5678;phone-context=+86-21', SH_LANDLINE, 'CN'],
  ['sip:12345678;phone-context=+86-10@host;user=phone', BJ_LANDLINE, 'CN'],
  ['tel:13812345678;phone-context=example.com', CN_MOBILE, 'CN'],
  ['+1 212 555 0123', NYC, 'US'],
  ['12125550123', NYC, 'US'],
  ['001 212 555 0123', NYC, 'US'],
  ['+44 20 7946 0123', LONDON, 'GB'],
  ['+44 (0)20 7946 0123', LONDON, 'GB'],
];

const usCases: [string, string, CountryCode | null][] = [
  ['2125550123', NYC, 'US'],
  ['212-555-0123', NYC, 'US'],
  ['(212) 555-0123', NYC, 'US'],
  ['212.555.0123', NYC, 'US'],
  ['212 555 0123', NYC, 'US'],
  ['12125550123', NYC, 'US'],
  ['1-212-555-0123', NYC, 'US'],
  ['1 (212) 555-0123', NYC, 'US'],
  ['+12125550123', NYC, 'US'],
  ['+1 (212) 555-0123', NYC, 'US'],
  ['011 1 212 555 0123', NYC, 'US'],
  ['tel:+1-212-555-0123', NYC, 'US'],
  ['tel:+1-212-555-0123;ext=5', NYC, 'US'],
  ['tel:555-0123;phone-context=+1-212', NYC, 'US'],
  ['sip:+12125550123@pbx.example.com;user=phone', NYC, 'US'],
  ['sip:2125550123@10.0.0.1:5060;transport=ws', NYC, 'US'],
  ['"John Smith" <sip:+12125550123@host>', NYC, 'US'],
  ['John <tel:212-555-0123>', NYC, 'US'],
  ['(416) 555-0123', '+14165550123', 'CA'],
  ['011 44 20 7946 0123', LONDON, 'GB'],
  ['0044 20 7946 0123', LONDON, 'GB'],
  ['442079460123', LONDON, 'GB'],
  ['011 86 138 1234 5678', CN_MOBILE, 'CN'],
  ['008613812345678', CN_MOBILE, 'CN'],
  ['8613812345678', CN_MOBILE, 'CN'],
  ['+8613812345678', CN_MOBILE, 'CN'],
  ['sip:+8613812345678@host', CN_MOBILE, 'CN'],
  ['+800 1234 5678', '+80012345678', null],
];

// [raw, default region, reason]
const unknownCases: [string, CountryCode, UnknownCallerReason][] = [
  ['', 'CN', 'empty'],
  ['   ', 'CN', 'empty'],
  ['\t\n', 'US', 'empty'],
  ['anonymous', 'CN', 'withheld'],
  ['Anonymous', 'US', 'withheld'],
  ['Anonymous <sip:anonymous@anonymous.invalid>', 'CN', 'withheld'],
  ['"Anonymous" <sip:anonymous@anonymous.invalid>;tag=1', 'US', 'withheld'],
  ['sip:anonymous@pbx.example.com', 'CN', 'withheld'],
  ['sip:+8613812345678@anonymous.invalid', 'CN', 'withheld'],
  ['restricted', 'US', 'withheld'],
  ['RESTRICTED', 'US', 'withheld'],
  ['unavailable', 'US', 'withheld'],
  ['private', 'CN', 'withheld'],
  ['Private Number', 'US', 'withheld'],
  ['withheld', 'CN', 'withheld'],
  ['"Restricted" <sip:@host>', 'US', 'withheld'],
  ['sip:alice@host', 'CN', 'invalid'],
  ['"Alice" <sip:alice@pbx.example.com>', 'US', 'invalid'],
  ['hello world', 'CN', 'invalid'],
  ['1-800-FLOWERS', 'US', 'invalid'],
  ['12', 'CN', 'invalid'],
  ['911', 'US', 'invalid'],
  ['1001', 'CN', 'invalid'],
  ['sip:1001@10.0.0.1', 'CN', 'invalid'],
  ['tel:7042;phone-context=example.com', 'US', 'invalid'],
  ['555-0123', 'US', 'invalid'],
  ['123456789012345678901', 'CN', 'invalid'],
  ['+8612345678901', 'CN', 'invalid'],
  ['1381234567', 'CN', 'invalid'],
  ['138123456789', 'CN', 'invalid'],
  ['+1 212 555 012', 'US', 'invalid'],
  ['0000000000', 'US', 'invalid'],
  ['*86', 'CN', 'invalid'],
  ['#31#13812345678', 'CN', 'invalid'],
  ['138+12345678', 'CN', 'invalid'],
  ['++8613812345678', 'CN', 'invalid'],
  ['sip:', 'CN', 'invalid'],
  ['<>', 'US', 'invalid'],
  ['"', 'US', 'invalid'],
  [`13812345678${' '.repeat(300)}`, 'CN', 'invalid'],
  ['9'.repeat(5000), 'CN', 'invalid'],
];

describe('normalizeCallerId, default region CN', () => {
  it.each(cnCases)('%j → %s', (raw, e164, country) => {
    expect(normalizeCallerId(raw, 'CN')).toEqual({ kind: 'number', raw, e164, country });
  });
});

describe('normalizeCallerId, default region US', () => {
  it.each(usCases)('%j → %s', (raw, e164, country) => {
    expect(normalizeCallerId(raw, 'US')).toEqual({ kind: 'number', raw, e164, country });
  });
});

describe('normalizeCallerId, unknown callers', () => {
  it.each(unknownCases)('%j (%s) → %s', (raw, region, reason) => {
    expect(normalizeCallerId(raw, region)).toEqual({ kind: 'unknown', raw, reason });
  });

  it('reads an unterminated <uri as the URI', () => {
    expect(normalizeCallerId('<sip:13812345678@host', 'CN')).toMatchObject({ e164: CN_MOBILE });
  });

  it('tries the national reading when an 011 prefix is really a trunk + area code (Sapporo)', () => {
    expect(normalizeCallerId('011-234-5678', 'JP')).toMatchObject({ kind: 'number', e164: '+81112345678' });
  });

  it('answers instead of throwing for a region missing from the metadata', () => {
    const result = normalizeCallerId('13812345678', 'ZZ' as CountryCode);
    expect(result).toEqual({ kind: 'unknown', raw: '13812345678', reason: 'invalid' });
  });

  it('never throws and always keeps raw, whatever the input', () => {
    const next = prng(7);
    const alphabet = '0123456789+-.() <>"\\@:;=%?#*sipteltel:sip:abc１２３＋\u3000\u0000é';
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(next() * 60);
      const raw = Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const result = normalizeCallerId(raw, i % 2 ? 'CN' : 'US');
      expect(result.raw).toBe(raw);
      if (result.kind === 'number') expect(result.e164).toMatch(/^\+[1-9]\d{6,14}$/);
    }
  });
});

describe('normalizeCallerId round-trips libphonenumber formats', () => {
  const numbers = generateValidNumbers(200);

  it('has 200 distinct valid numbers from many countries', () => {
    expect(new Set(numbers.map((n) => n.e164)).size).toBe(200);
    expect(new Set(numbers.map((n) => n.country)).size).toBeGreaterThan(150);
  });

  it.each(numbers)('$e164 ($country)', ({ e164, country }) => {
    const parsed = parsePhoneNumberFromString(e164);
    if (!parsed) throw new Error(`generator produced an unparsable ${e164}`);
    const forms: [string, CountryCode][] = [
      [parsed.format('NATIONAL'), country],
      [parsed.format('INTERNATIONAL'), 'CN'],
      [parsed.format('INTERNATIONAL'), 'US'],
      [parsed.format('RFC3966'), 'US'],
      [`00${e164.slice(1)}`, 'CN'],
      [`011${e164.slice(1)}`, 'US'],
      [`sip:${e164}@pbx.example.com;user=phone`, 'CN'],
    ];
    for (const [raw, region] of forms) {
      expect({ raw, result: normalizeCallerId(raw, region) }).toMatchObject({ raw, result: { e164 } });
    }
  });
});

const customer = (id: number, name: string, tier: Tier): CustomerSummary => ({
  id,
  name,
  company: null,
  tier,
  phones: [{ e164: CN_MOBILE, raw: '138 1234 5678', label: 'mobile' }],
});
const number: NormalizedCallerId = { kind: 'number', raw: '13812345678', e164: CN_MOBILE, country: 'CN' };
const withheld: NormalizedCallerId = { kind: 'unknown', raw: 'anonymous', reason: 'withheld' };
const wang = customer(1, 'Wang Wei', 'B');
const li = customer(2, 'Li Na', 'A');
const chen = customer(3, 'chen Jie', 'B');
const zhao = customer(4, 'Zhao Lei', 'C');

// [label, caller, candidates, match, normalized, expected customer ids in order]
const matchCases: [string, NormalizedCallerId, CustomerSummary[], MatchKind, string | null, number[]][] = [
  ['no candidates', number, [], 'none', CN_MOBILE, []],
  ['one candidate', number, [wang], 'unique', CN_MOBILE, [1]],
  ['one customer found through two phone rows', number, [wang, wang], 'unique', CN_MOBILE, [1]],
  [
    'tier A first, then name case-insensitively',
    number,
    [zhao, wang, li, chen],
    'ambiguous',
    CN_MOBILE,
    [2, 3, 1, 4],
  ],
  ['duplicates dropped in an ambiguous list', number, [wang, li, wang, li], 'ambiguous', CN_MOBILE, [2, 1]],
  [
    'same tier and name ordered by id',
    number,
    [customer(9, 'Li Na', 'A'), li],
    'ambiguous',
    CN_MOBILE,
    [2, 9],
  ],
  ['withheld caller, even with candidates', withheld, [wang], 'unknown', null, []],
  ['invalid caller', { kind: 'unknown', raw: 'x', reason: 'invalid' }, [], 'unknown', null, []],
];

describe('classifyMatch', () => {
  it.each(matchCases)('%s', (_label, caller, candidates, match, normalized, ids) => {
    const result = classifyMatch(caller, candidates);
    expect(result).toMatchObject({ match, normalized });
    expect(result.customers.map((c) => c.id)).toEqual(ids);
  });

  it('does not reorder the caller’s array', () => {
    const candidates = [zhao, li];
    classifyMatch(number, candidates);
    expect(candidates).toEqual([zhao, li]);
  });
});

const maskCases: [string | null | undefined, string][] = [
  ['+8613812345678', '•••••••5678'],
  ['13812345678', '•••••••5678'],
  ['+12125550123', '•••••••0123'],
  ['(212) 555-0123', '•••••••0123'],
  ['tel:+1-212-555-0123;ext=5', '•••••••0123'],
  ['"Zhang San" <sip:13812345678@10.0.0.1:5060>', '•••••••5678'],
  ['12345678', '•••••••5678'],
  ['1234567', '•••'],
  ['95555', '•••'],
  ['1234', '•••'],
  ['anonymous', '•••'],
  ['', '•••'],
  [null, '•••'],
  [undefined, '•••'],
];

describe('maskPhone', () => {
  it.each(maskCases)('%j → %s', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it('never returns any whole generated number', () => {
    for (const { e164 } of generateValidNumbers(50)) {
      const masked = maskPhone(e164);
      expect(masked).not.toContain(e164.slice(1));
      expect(masked.replace(/\D/g, '')).toHaveLength(4);
    }
  });
});

/** Deterministic PRNG (mulberry32): the same "random" numbers on every run and machine. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid mobile numbers across every country: each country's example with its last digits re-rolled. */
function generateValidNumbers(count: number): { e164: string; country: CountryCode }[] {
  const next = prng(42);
  const countries = getCountries();
  const found = new Map<string, CountryCode>();
  for (let attempt = 0; found.size < count && attempt < count * 50; attempt++) {
    const country = countries[attempt % countries.length] as CountryCode;
    const example = getExampleNumber(country, examples);
    if (!example) continue;
    const tail = String(Math.floor(next() * 1000)).padStart(3, '0');
    const candidate = parsePhoneNumberFromString(example.number.slice(0, -3) + tail);
    if (candidate?.isValid() && candidate.country === country) found.set(candidate.number, country);
  }
  return [...found].map(([e164, country]) => ({ e164, country }));
}
