import { describe, expect, it } from 'vitest';
import {
  ruleSetDocumentSchema,
  type RuleSetDocument,
} from '../../../cti-bridge/protocol/routing-rules.schema';
import { extractAttached } from '../../../cti-bridge/src/domain/routing-rules/attached-data';
import {
  defaultRuleSet,
  DEFAULT_ATTACHED_FIELDS,
} from '../../../cti-bridge/src/domain/routing-rules/default-rule-set';
import { chooseByRules } from '../../../cti-bridge/src/domain/routing-rules/rule-match';
import {
  checkRuleSet,
  type RuleReferences,
} from '../../../cti-bridge/src/domain/routing-rules/rule-set-check';

const fields = DEFAULT_ATTACHED_FIELDS;

describe('attached data: only configured headers, each bounded and checked', () => {
  it.each([
    ['X-Ringside-Account', '12345', { account: '12345' }, []],
    ['x-ringside-account', ' 12345 ', { account: '12345' }, []],
    ['X-Ringside-Account', '12a45', {}, ['bad-charset']],
    ['X-Ringside-Account', '1'.repeat(21), {}, ['too-long']],
    ['X-Ringside-Account', '   ', {}, ['empty']],
    ['X-Ringside-Language', 'zh-CN', { language: 'zh-CN' }, []],
    ['X-Ringside-Language', 'chinese!', {}, ['bad-charset']],
    ['X-Ringside-Business-Type', 'complaints', { businessType: 'complaints' }, []],
    ['X-Ringside-Business-Type', 'compl aints', {}, ['bad-charset']],
    ['X-Ringside-Business-Type', 'a\u0000b', {}, ['bad-charset']],
    ['User-to-User', '04a1b2;encoding=hex', { uui: '04a1b2;encoding=hex' }, []],
    ['User-to-User', 'zz', {}, ['bad-charset']],
    ['X-Unknown', 'anything', {}, ['not-configured']],
  ])('%s: %j', (header, value, values, reasons) => {
    const result = extractAttached(fields, { [header]: value });
    expect(result.values).toEqual(values);
    expect(result.dropped.map((drop) => drop.reason)).toEqual(reasons);
  });

  it.each([
    [null, 0],
    [undefined, 0],
    ['a string', 1],
    [['array'], 1],
    [{ 'X-Ringside-Account': 42 }, 1],
    [{ 'X-Ringside-Account': { nested: true } }, 1],
  ])('never throws on what a carrier may send: %j', (raw, drops) => {
    const result = extractAttached(fields, raw);
    expect(result.values).toEqual({});
    expect(result.dropped).toHaveLength(drops);
  });

  it('looks at 16 headers at most, and a header twice only once', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`X-H${i}`, 'v']));
    expect(extractAttached(fields, many).dropped.filter((d) => d.reason === 'too-many')).toHaveLength(4);
    const twice = extractAttached(fields, { 'X-Ringside-Account': '1', 'x-ringside-account': '2' });
    expect(twice.values).toEqual({ account: '1' });
    expect(twice.dropped).toEqual([{ header: 'x-ringside-account', reason: 'duplicate' }]);
  });

  it('cuts a dropped header name to 64 characters in the record', () => {
    const result = extractAttached(fields, { ['X-' + 'a'.repeat(200)]: 'v' });
    expect(result.dropped[0]?.header).toHaveLength(64);
  });
});

const doc: RuleSetDocument = {
  attachedFields: [...fields],
  rules: [
    {
      id: 'vip-support',
      name: 'VIP line with an account',
      when: { serviceNumbers: ['+18005550101'], attached: { account: '999' } },
      businessType: 'complaints',
      queue: 'complaints',
    },
    {
      id: 'ivr-billing',
      name: 'IVR billing',
      when: { attached: { businessType: 'billing' } },
      businessType: 'billing',
    },
  ],
};

describe('rules: the first that matches wins, none leaves the call to the service number', () => {
  it.each([
    ['+18005550101', { account: '999' }, 'vip-support'],
    ['+18005550101', { account: '998' }, null],
    ['+18005550100', { account: '999' }, null],
    ['+18005550100', { businessType: 'BILLING' }, 'ivr-billing'],
    ['+18005550101', { account: '999', businessType: 'billing' }, 'vip-support'],
    ['+18005550101', {}, null],
  ])('%s %j → %s', (serviceNumber, attached, ruleId) => {
    expect(chooseByRules(doc, { serviceNumber, attached })?.ruleId ?? null).toBe(ruleId);
  });

  it('a rule without conditions catches every call', () => {
    const all = { ...doc, rules: [{ id: 'all', name: 'All', when: {}, businessType: 'sales' }] };
    expect(chooseByRules(all, { serviceNumber: '+1', attached: {} })).toMatchObject({
      ruleId: 'all',
      queue: null,
    });
  });
});

const refs: RuleReferences = {
  businessTypes: new Set(['sales', 'support', 'complaints', 'billing']),
  queues: new Map([
    ['sales', 'sales'],
    ['support', 'support'],
    ['complaints', 'complaints'],
    ['billing', 'billing'],
  ]),
  serviceNumbers: new Set(['+18005550100', '+18005550101']),
};

type Change = (d: RuleSetDocument) => unknown;
const must = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('missing');
  return value;
};
const rule0 = (d: RuleSetDocument) => must(d.rules[0]);

describe('validation: every problem, with its place', () => {
  it('accepts the example and the default rule set', () => {
    expect(checkRuleSet(doc, refs)).toMatchObject({ valid: true });
    expect(checkRuleSet(defaultRuleSet([{ code: 'sales', name: 'Sales' }]), refs)).toMatchObject({
      valid: true,
    });
  });

  it.each<[string, Change, string, RegExp]>([
    [
      'unknown business type',
      (d) => ((rule0(d).businessType = 'nope'), d),
      'rules[0].businessType',
      /no business type nope/,
    ],
    ['unknown queue', (d) => ((rule0(d).queue = 'nope'), d), 'rules[0].queue', /no queue nope/],
    [
      'queue of another type',
      (d) => ((rule0(d).queue = 'sales'), d),
      'rules[0].queue',
      /serves sales, not complaints/,
    ],
    [
      'unknown service number',
      (d) => ((rule0(d).when.serviceNumbers = ['+18005550199']), d),
      'rules[0].when.serviceNumbers[0]',
      /no service number/,
    ],
    [
      'number not E.164',
      (d) => ((rule0(d).when.serviceNumbers = ['8005550101']), d),
      'rules[0].when.serviceNumbers[0]',
      /E\.164/,
    ],
    [
      'undefined attached key',
      (d) => ((rule0(d).when.attached = { color: 'red' }), d),
      'rules[0].when.attached.color',
      /no attached field/,
    ],
    ['duplicate rule id', (d) => ((must(d.rules[1]).id = 'vip-support'), d), 'rules[1].id', /used twice/],
    [
      'duplicate header',
      (d) => (d.attachedFields.push({ ...must(d.attachedFields[0]), key: 'other' }), d),
      'attachedFields[5].header',
      /listed twice/,
    ],
    [
      'bad header name',
      (d) => ((must(d.attachedFields[0]).header = 'X Bad:'), d),
      'attachedFields[0].header',
      /SIP header name/,
    ],
    [
      'max length beyond the cap',
      (d) => ((must(d.attachedFields[0]).maxLength = 5000), d),
      'attachedFields[0].maxLength',
      /./,
    ],
    [
      'unknown charset',
      (d) => (((d.attachedFields[0] as { charset: string }).charset = 'emoji'), d),
      'attachedFields[0].charset',
      /./,
    ],
    ['bad rule id', (d) => ((rule0(d).id = 'Has Spaces'), d), 'rules[0].id', /an id/],
    ['not an object', () => 'rules', '', /./],
  ])('%s', (_name, change, path, message) => {
    const copy = structuredClone(doc);
    const check = checkRuleSet(change(copy), refs);
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('the shape alone (zod) refuses more than 16 fields and 200 rules', () => {
    const many = {
      ...doc,
      rules: Array.from({ length: 201 }, (_, i) => ({ ...must(doc.rules[1]), id: `r${i}` })),
    };
    expect(ruleSetDocumentSchema.safeParse(many).success).toBe(false);
  });
});
