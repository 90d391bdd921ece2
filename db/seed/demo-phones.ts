/**
 * Demo phone numbers: a valid E.164 number first, then the way a person would have typed it (`raw`). The raw
 * form is written as someone at home would: national format for home numbers, the home country's
 * international prefix (00 in China, 011 in the US) or "+" for foreign ones — so parsing `raw` with the
 * home region as default region gives back the same E.164, exactly what the bridge's normaliser must do.
 */
import { PhoneNumber, type E164Number } from 'libphonenumber-js';
import type { Rng } from './demo-random';

export type HomeRegion = 'CN' | 'US';
export type PhoneLabel = 'mobile' | 'work' | 'home';
type PhoneKind = 'cn-mobile' | 'cn-landline' | 'us';

/** A number split into the digit groups people write, so it can be re-rendered in another style. */
export interface PhoneNumberParts {
  e164: string;
  kind: PhoneKind;
  /** cn-mobile: [3, 4, 4 digits] · cn-landline: [area code, 4, 4] · us: [area code, exchange, line]. */
  groups: readonly [string, string, string];
}

// Prefixes in service today (libphonenumber's full metadata rejects e.g. 140-144, 154, 174, 179).
// prettier-ignore
const CN_MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '162', '165', '166', '167', '170', '171', '172', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '193', '195', '196', '197', '198', '199'];
// prettier-ignore
const CN_AREA_CODES = ['10', '20', '21', '22', '23', '24', '25', '27', '28', '29', '311', '371', '411', '431', '451', '531', '551', '571', '574', '591', '595', '731', '755', '757', '760', '769', '791', '851', '871', '898'];
// prettier-ignore
const US_AREA_CODES = ['201', '202', '203', '205', '206', '207', '208', '210', '212', '213', '214', '215', '216', '217', '218', '219', '224', '225', '228', '229', '231', '234', '239', '240', '248', '251', '252', '253', '254', '256', '260', '262', '267', '269', '270', '272', '276', '281', '301', '302', '303', '304', '305', '307', '308', '309', '310', '312', '313', '314', '315', '316', '317', '318', '319', '320', '321', '323', '325', '330', '334', '336', '337', '339', '346', '347', '351', '352', '360', '361', '385', '386', '401', '402', '404', '405', '406', '407', '408', '409', '410', '412', '413', '414', '415', '417', '419', '423', '424', '425', '430', '432', '434', '435', '440', '442', '443', '458', '469', '470', '475', '478', '479', '480', '484', '501', '502', '503', '504', '505', '507', '508', '509', '510', '512', '513', '515', '516', '517', '518', '520', '530', '540', '541', '551', '559', '561', '562', '563', '567', '570', '571', '573', '574', '575', '580', '585', '586', '601', '602', '603', '605', '606', '607', '608', '609', '610', '612', '614', '615', '616', '617', '618', '619', '620', '623', '626', '630', '631', '636', '641', '646', '650', '651', '657', '660', '661', '662', '667', '678', '682', '701', '702', '703', '704', '706', '707', '708', '712', '713', '714', '715', '716', '717', '718', '719', '720', '724', '727', '731', '732', '734', '737', '740', '754', '757', '760', '763', '765', '770', '772', '773', '774', '775', '781', '785', '786', '801', '802', '803', '804', '805', '806', '808', '810', '812', '813', '814', '815', '816', '817', '818', '828', '830', '831', '832', '843', '845', '847', '848', '850', '856', '857', '858', '859', '860', '862', '863', '864', '865', '870', '872', '878', '901', '903', '904', '906', '907', '908', '909', '910', '912', '913', '914', '915', '916', '917', '918', '919', '920', '925', '928', '931', '936', '937', '940', '941', '947', '949', '951', '952', '954', '956', '970', '971', '972', '973', '978', '979', '980', '985', '989'];

type Format = (g: readonly [string, string, string]) => string;

// prettier-ignore
const FORMATS: Readonly<Record<HomeRegion, Readonly<Record<PhoneKind, readonly Format[]>>>> = {
  CN: {
    'cn-mobile': [([a, b, c]) => `${a}${b}${c}`, ([a, b, c]) => `${a} ${b} ${c}`, ([a, b, c]) => `${a}-${b}-${c}`, ([a, b, c]) => `+86 ${a} ${b} ${c}`, ([a, b, c]) => `+86${a}${b}${c}`, ([a, b, c]) => `0086 ${a}${b}${c}`, ([a, b, c]) => `(+86) ${a}-${b}-${c}`, ([a, b, c]) => `+86-${a}-${b}-${c}`],
    'cn-landline': [([a, b, c]) => `0${a}-${b}${c}`, ([a, b, c]) => `(0${a}) ${b} ${c}`, ([a, b, c]) => `0${a} ${b}-${c}`, ([a, b, c]) => `+86 ${a} ${b} ${c}`, ([a, b, c]) => `0086-${a}-${b}${c}`, ([a, b, c]) => `+86 (0)${a} ${b}${c}`],
    us: [([a, b, c]) => `+1 (${a}) ${b}-${c}`, ([a, b, c]) => `001 ${a} ${b} ${c}`, ([a, b, c]) => `+1-${a}-${b}-${c}`, ([a, b, c]) => `+1${a}${b}${c}`],
  },
  US: {
    'cn-mobile': [([a, b, c]) => `+86 ${a} ${b} ${c}`, ([a, b, c]) => `011 86 ${a} ${b} ${c}`, ([a, b, c]) => `+86-${a}-${b}-${c}`, ([a, b, c]) => `+86${a}${b}${c}`],
    'cn-landline': [([a, b, c]) => `+86 ${a} ${b} ${c}`, ([a, b, c]) => `011 86 ${a} ${b}${c}`, ([a, b, c]) => `+86-${a}-${b}-${c}`],
    us: [([a, b, c]) => `(${a}) ${b}-${c}`, ([a, b, c]) => `(${a}) ${b}-${c}`, ([a, b, c]) => `${a}-${b}-${c}`, ([a, b, c]) => `${a}.${b}.${c}`, ([a, b, c]) => `${a}${b}${c}`, ([a, b, c]) => `1-${a}-${b}-${c}`, ([a, b, c]) => `+1 ${a} ${b} ${c}`, ([a, b, c]) => `+1${a}${b}${c}`, ([a, b, c]) => `1 (${a}) ${b}-${c}`],
  },
};

const MAX_ATTEMPTS = 50;

export class PhoneFactory {
  constructor(
    private readonly rng: Rng,
    private readonly home: HomeRegion,
  ) {}

  /** A new random number that libphonenumber-js accepts as valid, of a kind that fits the label. */
  number(label: PhoneLabel): PhoneNumberParts {
    const kind = this.kindFor(label);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const parts = this.generate(kind);
      // The same validity rules as isValidNumber(), minus parsing free text: ~3x faster on E.164 input,
      // which is most of the generator's CPU time at a million customers.
      if (new PhoneNumber(parts.e164 as E164Number).isValid()) return parts;
    }
    throw new Error(`Could not generate a valid ${kind} number in ${MAX_ATTEMPTS} attempts`);
  }

  /** How a person at home would have written the number; work numbers in the US sometimes carry an ext. */
  raw(parts: PhoneNumberParts, label: PhoneLabel): string {
    const text = this.rng.pick(FORMATS[this.home][parts.kind])(parts.groups);
    if (label === 'work' && parts.kind === 'us' && this.home === 'US' && this.rng.chance(0.15)) {
      return `${text} ext. ${this.rng.int(10, 899)}`;
    }
    return text;
  }

  private kindFor(label: PhoneLabel): PhoneKind {
    const rng = this.rng;
    if (this.home === 'US') {
      return rng.weighted<PhoneKind>([
        ['us', 96],
        ['cn-mobile', 3],
        ['cn-landline', 1],
      ]);
    }
    if (label === 'mobile')
      return rng.weighted<PhoneKind>([
        ['cn-mobile', 96],
        ['us', 4],
      ]);
    return rng.weighted<PhoneKind>([
      ['cn-landline', 55],
      ['cn-mobile', 40],
      ['us', 5],
    ]);
  }

  private generate(kind: PhoneKind): PhoneNumberParts {
    const rng = this.rng;
    switch (kind) {
      case 'cn-mobile': {
        const groups = [rng.pick(CN_MOBILE_PREFIXES), rng.digits(4), rng.digits(4)] as const;
        return { kind, groups, e164: `+86${groups.join('')}` };
      }
      case 'cn-landline': {
        // Subscriber numbers start with 2-8: 0 is the trunk prefix, 1 and 9 are service codes.
        const groups = [rng.pick(CN_AREA_CODES), `${rng.int(2, 8)}${rng.digits(3)}`, rng.digits(4)] as const;
        return { kind, groups, e164: `+86${groups.join('')}` };
      }
      case 'us': {
        const groups = [rng.pick(US_AREA_CODES), usExchange(rng), rng.digits(4)] as const;
        return { kind, groups, e164: `+1${groups.join('')}` };
      }
    }
  }
}

/** NANP exchange NXX: starts 2-9, and never N11 (service codes) or 555 (reserved for fiction). */
function usExchange(rng: Rng): string {
  for (;;) {
    const exchange = rng.int(200, 999);
    if (exchange % 100 !== 11 && exchange !== 555) return String(exchange);
  }
}

export function homeRegionFor(locale: 'zh-CN' | 'en'): HomeRegion {
  return locale === 'zh-CN' ? 'CN' : 'US';
}
